package org.kehou.selection.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.selection.Places;
import org.kehou.selection.PriorityGroup;
import org.kehou.selection.RoundDetails;
import org.kehou.selection.RoundMode;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRound;
import org.kehou.selection.SelectionRounds;
import org.kehou.selection.TownRounds;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The selection rounds console (选课轮次): a term's rounds with their phase, the form to schedule or change one (in
 * the city's time), cancel (asks first); the town office's joint schedule for all its schools; and the fill of a
 * term's offerings (选课进度), refreshing itself while a round is open. The school's administrator changes its rounds,
 * the town office schedules for its schools and reads, the city reads.
 */
@Controller
class RoundPages {

	static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Terms.CITY_ZONE);

	/** A round as listed: phase now, times in the city's time, what the viewer may do with it. */
	record RoundRow(SelectionRound round, SelectionRound.Phase phase, String opens, String closes, String drop,
			boolean changeable, boolean cancellable) {

		static RoundRow of(SelectionRound r, Instant now, boolean editable) {
			SelectionRound.Phase phase = r.phase(now);
			boolean live = phase == SelectionRound.Phase.UPCOMING || phase == SelectionRound.Phase.OPEN;
			return new RoundRow(r, phase, SHOWN.format(r.opensAt()), SHOWN.format(r.closesAt()),
					SHOWN.format(r.dropDeadline()), editable && live,
					editable && r.status() == org.kehou.selection.RoundStatus.SCHEDULED);
		}

		public String badge() {
			return switch (phase) {
				case OPEN -> "ok";
				case UPCOMING -> "warn";
				case CANCELLED -> "err";
				default -> "";
			};
		}
	}

	/** One school of a town with its term containing a day and that term's rounds. */
	record SchoolRounds(SchoolView school, @Nullable TermView term, int terms, List<RoundRow> rounds) {
	}

	/** One row of the fill table. */
	record FillRow(Places.Fill fill, int percent) {

		static FillRow of(Places.Fill f) {
			return new FillRow(f, f.capacity() == 0 ? 0 : Math.min(100, f.taken() * 100 / f.capacity()));
		}
	}

	private final SelectionRounds rounds;

	private final TownRounds townRounds;

	private final Places places;

	private final Terms terms;

	private final Schools schools;

	private final MessageSource messages;

	RoundPages(SelectionRounds rounds, TownRounds townRounds, Places places, Terms terms, Schools schools,
			MessageSource messages) {
		this.rounds = rounds;
		this.townRounds = townRounds;
		this.places = places;
		this.terms = terms;
		this.schools = schools;
		this.messages = messages;
	}

	// --- a school's rounds -----------------------------------------------------------------------------------------

	/** The menu entry: the school's current term, else its latest. */
	@GetMapping("/console/rounds")
	@Access(Role.SCHOOL_ADMIN)
	String current() {
		return currentTerm("rounds");
	}

	@GetMapping("/console/terms/{termId}/rounds")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String list(@PathVariable long termId, Model model) {
		return list(term(termId), new RoundForm(), Map.of(), null, model);
	}

	@PostMapping("/console/terms/{termId}/rounds")
	@Access(Role.SCHOOL_ADMIN)
	String create(@PathVariable long termId, @ModelAttribute("form") RoundForm form, Model model,
			RedirectAttributes redirect) {
		TermView term = term(termId);
		Map<String, String> errors = new LinkedHashMap<>();
		RoundDetails details = form.toDetails(errors);
		if (details == null) {
			return list(term, form, errors, text("rounds.form.fix"), model);
		}
		try {
			SelectionRound created = rounds.create(termId, details);
			redirect.addFlashAttribute("flash", text("rounds.created", created.name()));
			return "redirect:/console/terms/" + termId + "/rounds";
		}
		catch (SelectionRefused e) {
			return list(term, form, errors, SelectionProblems.sentence(e, messages), model);
		}
	}

	@GetMapping("/console/rounds/{roundId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String show(@PathVariable long roundId, Model model) {
		SelectionRound round = round(roundId);
		return edit(round, RoundForm.of(round), Map.of(), null, model);
	}

	@PostMapping("/console/rounds/{roundId}")
	@Access(Role.SCHOOL_ADMIN)
	String update(@PathVariable long roundId, @ModelAttribute("form") RoundForm form, Model model,
			RedirectAttributes redirect) {
		SelectionRound current = round(roundId);
		boolean open = current.phase(Instant.now()) == SelectionRound.Phase.OPEN;
		if (open) {
			keepFixed(form, RoundForm.of(current));
		}
		Map<String, String> errors = new LinkedHashMap<>();
		RoundDetails details = form.toDetails(errors);
		if (details == null) {
			return edit(current, form, errors, text("rounds.form.fix"), model);
		}
		if (open) {
			// once open only the name, close and drop times and the waitlist setting change
			details = new RoundDetails(details.name(), current.mode(), current.opensAt(), details.closesAt(),
					details.dropUntil(), current.maxPerChild(), current.maxChoices(), current.keepSiblings(),
					details.offerHours(), current.priorities());
		}
		try {
			SelectionRound saved = rounds.update(roundId, details);
			redirect.addFlashAttribute("flash", text("rounds.saved", saved.name()));
			return "redirect:/console/terms/" + saved.termId() + "/rounds";
		}
		catch (SelectionRefused e) {
			return edit(current, form, errors, SelectionProblems.sentence(e, messages), model);
		}
	}

	@PostMapping("/console/rounds/{roundId}/cancel")
	@Access(Role.SCHOOL_ADMIN)
	String cancel(@PathVariable long roundId, RedirectAttributes redirect) {
		SelectionRound round = round(roundId);
		try {
			rounds.cancel(roundId);
			redirect.addFlashAttribute("flash", text("rounds.cancelled", round.name()));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return "redirect:/console/terms/" + round.termId() + "/rounds";
	}

	private String list(TermView term, RoundForm form, Map<String, String> errors, @Nullable String error,
			Model model) {
		boolean editable = CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !term.isClosed();
		Instant now = Instant.now();
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("rows", rounds.ofTerm(term.id()).stream().map(r -> RoundRow.of(r, now, editable)).toList());
		model.addAttribute("editable", editable);
		formModel(form, errors, error, model);
		return "selection/rounds";
	}

	private String edit(SelectionRound round, RoundForm form, Map<String, String> errors, @Nullable String error,
			Model model) {
		TermView term = term(round.termId());
		boolean editable = CurrentUser.scope().role() == Role.SCHOOL_ADMIN && !term.isClosed();
		RoundRow row = RoundRow.of(round, Instant.now(), editable);
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("row", row);
		model.addAttribute("editable", row.changeable());
		model.addAttribute("fixed", row.phase() == SelectionRound.Phase.OPEN);
		formModel(form, errors, error, model);
		return "selection/rounds-edit";
	}

	private static void keepFixed(RoundForm form, RoundForm current) {
		form.setMode(current.getMode());
		form.setOpensAt(current.getOpensAt());
		form.setMaxPerChild(current.getMaxPerChild());
		form.setMaxChoices(current.getMaxChoices());
		form.setKeepSiblings(current.isKeepSiblings());
		form.setPriorities(current.getPriorities());
	}

	private void formModel(RoundForm form, Map<String, String> errors, @Nullable String error, Model model) {
		model.addAttribute("form", form);
		Map<String, String> texts = new LinkedHashMap<>();
		errors.forEach((field, key) -> texts.put(field, text(key)));
		model.addAttribute("errors", texts);
		model.addAttribute("error", error);
		model.addAttribute("modes", RoundMode.values());
		model.addAttribute("groups", PriorityGroup.values());
	}

	// --- the town's joint schedule ---------------------------------------------------------------------------------

	/** The town office's menu entry. */
	@GetMapping("/console/town-rounds")
	@Access(Role.TOWN_ADMIN)
	String town() {
		Long town = CurrentUser.scope().townId();
		return town == null ? "redirect:/console" : "redirect:/console/towns/" + town + "/rounds";
	}

	@GetMapping("/console/towns/{townId}/rounds")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String townPage(@PathVariable long townId, Model model) {
		return townPage(townId, new RoundForm(), Map.of(), null, null, model);
	}

	@PostMapping("/console/towns/{townId}/rounds")
	@Access(Role.TOWN_ADMIN)
	String schedule(@PathVariable long townId, @ModelAttribute("form") RoundForm form, Model model,
			RedirectAttributes redirect) {
		Map<String, String> errors = new LinkedHashMap<>();
		RoundDetails details = form.toDetails(errors);
		if (details == null) {
			return townPage(townId, form, errors, text("rounds.form.fix"), null, model);
		}
		TownRounds.Result result;
		try {
			result = townRounds.schedule(townId, details);
		}
		catch (SelectionRefused e) {
			return townPage(townId, form, errors, SelectionProblems.sentence(e, messages), null, model);
		}
		if (!result.scheduled()) {
			String error = result.schools().isEmpty() ? text("rounds.town.noSchools")
					: text("rounds.town.notScheduled", result.failed());
			return townPage(townId, form, errors, error, result, model);
		}
		redirect.addFlashAttribute("flash", text("rounds.town.scheduled", result.schools().size()));
		redirect.addFlashAttribute("result", outcomes(result));
		return "redirect:/console/towns/" + townId + "/rounds";
	}

	private String townPage(long townId, RoundForm form, Map<String, String> errors, @Nullable String error,
			TownRounds.@Nullable Result result, Model model) {
		LocalDate today = LocalDate.now(Terms.CITY_ZONE);
		Instant now = Instant.now();
		List<SchoolRounds> rows = new ArrayList<>();
		for (SchoolView school : townRounds.schoolsOf(townId)) {
			List<TermView> current = townRounds.termsContaining(school.id(), today);
			TermView term = current.size() == 1 ? current.get(0) : null;
			rows.add(new SchoolRounds(school, term, current.size(), term == null ? List.of()
					: rounds.ofTerm(term.id()).stream().map(r -> RoundRow.of(r, now, false)).toList()));
		}
		model.addAttribute("townId", townId);
		model.addAttribute("schools", rows);
		model.addAttribute("editable", CurrentUser.scope().role() == Role.TOWN_ADMIN);
		if (result != null) {
			model.addAttribute("result", outcomes(result));
		}
		formModel(form, errors, error, model);
		return "selection/rounds-town";
	}

	/** The outcome per school with its explanation in the viewer's language (a flash attribute: serializable). */
	record OutcomeRow(TownRounds.Outcome outcome, @Nullable String message) implements java.io.Serializable {
	}

	private List<OutcomeRow> outcomes(TownRounds.Result result) {
		return result.schools()
			.stream()
			.map(o -> new OutcomeRow(o, o.messageKey() == null ? null : text(o.messageKey())))
			.toList();
	}

	// --- fill ------------------------------------------------------------------------------------------------------

	/** The menu entry: the fill of the school's current term, else its latest. */
	@GetMapping("/console/fill")
	@Access(Role.SCHOOL_ADMIN)
	String currentFill() {
		return currentTerm("fill");
	}

	/** The fill; an htmx request (the page refreshing itself while a round is open) gets the table only. */
	@GetMapping("/console/terms/{termId}/fill")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String fill(@PathVariable long termId, @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
			Model model) {
		TermView term = term(termId);
		Instant now = Instant.now();
		model.addAttribute("term", term);
		model.addAttribute("school", schools.findSchool(term.schoolId()).orElseThrow());
		model.addAttribute("open", rounds.openAt(termId, now).map(r -> RoundRow.of(r, now, false)).orElse(null));
		List<FillRow> rows = places.fill(termId).stream().map(FillRow::of).toList();
		model.addAttribute("rows", rows);
		model.addAttribute("totals", new int[] { rows.stream().mapToInt(r -> r.fill().capacity()).sum(),
				rows.stream().mapToInt(r -> r.fill().taken()).sum(),
				rows.stream().mapToInt(r -> r.fill().offered()).sum(),
				rows.stream().mapToInt(r -> r.fill().waitlisted()).sum(),
				rows.stream().mapToInt(r -> r.fill().remaining()).sum() });
		model.addAttribute("refreshedAt", SHOWN.format(now));
		return htmx != null ? "selection/fill :: table" : "selection/fill";
	}

	// --- helpers ---------------------------------------------------------------------------------------------------

	private String currentTerm(String page) {
		long school = Objects.requireNonNull(CurrentUser.scope().schoolId());
		return townRounds.termsContaining(school, LocalDate.now(Terms.CITY_ZONE))
			.stream()
			.min(Comparator.comparing(TermView::startsOn))
			.or(() -> terms.termsOf(school).stream().max(Comparator.comparing(TermView::startsOn)))
			.map(t -> "redirect:/console/terms/" + t.id() + "/" + page)
			.orElse("redirect:/console/schools/" + school + "/terms");
	}

	private TermView term(long termId) {
		return terms.findTerm(termId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private SelectionRound round(long roundId) {
		return rounds.find(roundId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
