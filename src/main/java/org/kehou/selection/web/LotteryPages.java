package org.kehou.selection.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.selection.Lotteries;
import org.kehou.selection.LotteryChoices;
import org.kehou.selection.LotteryVerify;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRound;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Lottery pages: the guardian's phone page for a child's ranked choices and result
 * ({@code /m/children/{studentId}/lottery?term=}; the term and round travel as {@code term}/{@code round} because a
 * guardian's scope covers the child), and the school's page of a round's draw with its verification
 * ({@code /console/rounds/{roundId}/lottery}: the school administrator draws; town and city read and verify).
 */
@Controller
class LotteryPages {

	/** The outcome of a verification, for the page. */
	record Verification(boolean matches, String digest, @Nullable String expected, String inputsSha256, int children,
			int won, int waitlisted, @Nullable String seed, boolean uploaded) {

		static Verification of(LotteryVerify.Outcome o, @Nullable String seed, boolean uploaded) {
			return new Verification(o.matches(), o.digest(), o.expected(), o.inputsSha256(), o.children(), o.won(),
					o.waitlisted(), seed, uploaded);
		}
	}

	private final LotteryChoices choices;

	private final Lotteries lotteries;

	private final Students students;

	private final Terms terms;

	private final MessageSource messages;

	LotteryPages(LotteryChoices choices, Lotteries lotteries, Students students, Terms terms, MessageSource messages) {
		this.choices = choices;
		this.lotteries = lotteries;
		this.students = students;
		this.terms = terms;
		this.messages = messages;
	}

	// --- the guardian ----------------------------------------------------------------------------------------------

	@GetMapping("/m/children/{studentId}/lottery")
	@Access(Role.GUARDIAN)
	String child(@PathVariable long studentId, @RequestParam(name = "term", required = false) @Nullable Long termId,
			Model model) {
		StudentView student = students.find(studentId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		List<TermView> shown = new ArrayList<>();
		for (TermView term : terms.termsOf(student.schoolId())) {
			if (termId == null ? !term.isClosed() : term.id() == termId) {
				shown.add(term);
			}
		}
		if (termId != null && shown.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		List<LotteryChoices.ChildLottery> lotteriesOfChild = new ArrayList<>();
		for (TermView term : shown) {
			lotteriesOfChild.addAll(choices.ofTerm(studentId, term.id()));
		}
		List<List<LotteryChoices.Option>> options = new ArrayList<>();
		List<Boolean> open = new ArrayList<>();
		Instant now = Instant.now();
		for (LotteryChoices.ChildLottery l : lotteriesOfChild) {
			boolean isOpen = l.round().phase(now) == SelectionRound.Phase.OPEN;
			open.add(isOpen);
			options.add(isOpen ? choices.options(studentId, l.round().id()) : List.of());
		}
		model.addAttribute("student", student);
		model.addAttribute("lotteries", lotteriesOfChild);
		model.addAttribute("options", options);
		model.addAttribute("open", open);
		return "selection/lottery-child";
	}

	@PostMapping("/m/children/{studentId}/lottery")
	@Access(Role.GUARDIAN)
	String submit(@PathVariable long studentId, @RequestParam("round") long roundId,
			@RequestParam(name = "choice", required = false) @Nullable List<String> picked,
			RedirectAttributes redirect) {
		List<Long> ids = new ArrayList<>();
		if (picked != null) {
			for (String p : picked) {
				if (p != null && !p.isBlank()) {
					try {
						ids.add(Long.parseLong(p.strip()));
					}
					catch (NumberFormatException e) {
						redirect.addFlashAttribute("error", text("places.refused.CHOICES_INVALID"));
						return "redirect:/m/children/" + studentId + "/lottery";
					}
				}
			}
		}
		try {
			choices.submit(studentId, roundId, ids);
			redirect.addFlashAttribute("flash", text(ids.isEmpty() ? "lottery.child.cleared" : "lottery.child.saved"));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return "redirect:/m/children/" + studentId + "/lottery";
	}

	// --- the school ------------------------------------------------------------------------------------------------

	@GetMapping("/console/rounds/{roundId}/lottery")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String round(@PathVariable long roundId, Model model) {
		Lotteries.Summary summary = lotteries.summary(roundId);
		SelectionRound.Phase phase = summary.round().phase(Instant.now());
		model.addAttribute("summary", summary);
		model.addAttribute("round", summary.round());
		model.addAttribute("phase", phase.name());
		model.addAttribute("drawable", phase == SelectionRound.Phase.CLOSED
				&& summary.round().mode() == org.kehou.selection.RoundMode.LOTTERY
				&& CurrentUser.scope().role() == Role.SCHOOL_ADMIN);
		return "selection/lottery-round";
	}

	@PostMapping("/console/rounds/{roundId}/lottery/draw")
	@Access(Role.SCHOOL_ADMIN)
	String draw(@PathVariable long roundId, RedirectAttributes redirect) {
		try {
			Lotteries.Draw d = lotteries.draw(roundId, Instant.now());
			redirect.addFlashAttribute("flash", text("lottery.round.drawn", d.won(), d.waitlisted()));
		}
		catch (SelectionRefused e) {
			redirect.addFlashAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return "redirect:/console/rounds/" + roundId + "/lottery";
	}

	@GetMapping("/console/rounds/{roundId}/lottery/inputs")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	ResponseEntity<byte[]> inputs(@PathVariable long roundId) {
		String json = lotteries.export(roundId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"lottery-round-" + roundId + "-inputs.json\"")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json.getBytes(StandardCharsets.UTF_8));
	}

	/** Re-runs the stored inputs; answers with the page itself (the verdict is not worth a redirect). */
	@PostMapping("/console/rounds/{roundId}/lottery/verify")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String verify(@PathVariable long roundId, Model model) {
		try {
			model.addAttribute("verification", Verification.of(lotteries.verifyStored(roundId), null, false));
		}
		catch (SelectionRefused e) {
			model.addAttribute("error", SelectionProblems.sentence(e, messages));
		}
		return round(roundId, model);
	}

	@PostMapping(path = "/console/rounds/{roundId}/lottery/verify-upload",
			consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	String verifyUpload(@PathVariable long roundId, @RequestParam("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String seed, Model model) {
		try {
			String s = seed == null || seed.isBlank() ? null : seed.strip();
			model.addAttribute("verification",
					Verification.of(lotteries.verifyUpload(roundId, file.getBytes(), s), s, true));
		}
		catch (IllegalArgumentException | IOException e) {
			model.addAttribute("error", text("lottery.verify.badFile"));
		}
		return round(roundId, model);
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
