package org.kehou.feedback.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ExitReviewRefused;
import org.kehou.feedback.ExitReviewView;
import org.kehou.feedback.ExitReviews;
import org.kehou.feedback.RatingCriterion;
import org.kehou.feedback.Scorecard;
import org.kehou.feedback.Scorecards;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console's provider scorecards (机构评价档案): a term picker (school year and semester), the providers in the
 * reader's scope with their figures (sorted by satisfaction, flagged ones badged, pages of 20), one provider's card with
 * the figures per offering and a bar chart of the rating criteria, and the button 重新评估 (city and towns). A provider
 * admin is sent to its own card; the card's owner check ({@code scorecardProviderId}) refuses any other.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
class ScorecardPages {

	static final int PAGE_SIZE = 20;

	static final List<String> SORTS = List.of("satisfaction", "sample", "name");

	private final Scorecards scorecards;

	private final ExitReviews reviews;

	private final MessageSource messages;

	private final JsonMapper json;

	ScorecardPages(Scorecards scorecards, ExitReviews reviews, MessageSource messages, JsonMapper json) {
		this.scorecards = scorecards;
		this.reviews = reviews;
		this.messages = messages;
		this.json = json;
	}

	/** The requested term if some school has it (else 404), or the current one; null when there is no term at all. */
	Scorecard.@Nullable Term term(@Nullable String year, @Nullable Integer semester, List<Scorecard.Term> terms) {
		if (year != null && !year.isBlank() && semester != null) {
			Scorecard.Term wanted = new Scorecard.Term(year.strip(), semester);
			if (!terms.contains(wanted)) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
			return wanted;
		}
		return scorecards.currentTerm(Scorecards.now().toLocalDate()).orElse(null);
	}

	@GetMapping("/console/scorecards")
	String list(@RequestParam(required = false) @Nullable String year,
			@RequestParam(required = false) @Nullable Integer semester,
			@RequestParam(defaultValue = "satisfaction") String sort, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Scope scope = CurrentUser.scope();
		List<Scorecard.Term> terms = scorecards.terms();
		Scorecard.Term term = term(year, semester, terms);
		if (scope.role() == Role.PROVIDER_ADMIN && scope.providerId() != null) {
			return "redirect:/console/scorecards/" + scope.providerId()
					+ (term == null ? "" : "?year=" + term.schoolYear() + "&semester=" + term.semester());
		}
		String order = SORTS.contains(sort) ? sort : "satisfaction";
		List<Scorecard> cards = term == null ? List.of() : new ArrayList<>(scorecards.list(scope, term));
		Comparator<Scorecard> byName = Comparator.comparing(Scorecard::providerName);
		cards.sort(switch (order) {
			case "name" -> byName;
			case "sample" -> Comparator.comparingInt(Scorecard::sample).reversed().thenComparing(byName);
			// lowest satisfaction first (the ones to look at), cards without a figure last
			default -> Comparator.comparing(Scorecard::satisfaction, Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder()))
				.thenComparing(byName);
		});
		int pages = Math.max(1, (cards.size() + PAGE_SIZE - 1) / PAGE_SIZE);
		int current = Math.min(Math.max(page, 0), pages - 1);
		List<Scorecard> shown = cards.subList(Math.min(current * PAGE_SIZE, cards.size()),
				Math.min((current + 1) * PAGE_SIZE, cards.size()));
		Map<Long, Long> flagged = new LinkedHashMap<>();
		if (term != null) {
			for (Scorecard c : shown) {
				reviews.of(c.providerId(), term).ifPresent(r -> flagged.put(c.providerId(), r.id()));
			}
		}
		model.addAttribute("terms", terms);
		model.addAttribute("years", terms.stream().map(Scorecard.Term::schoolYear).distinct().toList());
		model.addAttribute("term", term);
		model.addAttribute("cards", shown);
		model.addAttribute("total", cards.size());
		model.addAttribute("page", current);
		model.addAttribute("pages", pages);
		model.addAttribute("sort", order);
		model.addAttribute("flagged", flagged);
		model.addAttribute("settings", reviews.properties());
		model.addAttribute("mayEvaluate", scope.role() == Role.CITY_ADMIN || scope.role() == Role.TOWN_ADMIN);
		model.addAttribute("restricted", scorecards.reach(scope).restricted());
		return "feedback/scorecards";
	}

	@GetMapping("/console/scorecards/{scorecardProviderId}")
	String card(@PathVariable long scorecardProviderId, @RequestParam(required = false) @Nullable String year,
			@RequestParam(required = false) @Nullable Integer semester, Model model) {
		Scope scope = CurrentUser.scope();
		List<Scorecard.Term> terms = scorecards.terms();
		Scorecard.Term term = term(year, semester, terms);
		if (term == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Scorecard card = scorecards.card(scorecardProviderId, term, scorecards.reach(scope))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		ExitReviewView review = reviews.of(scorecardProviderId, term).orElse(null);
		model.addAttribute("terms", terms);
		model.addAttribute("years", terms.stream().map(Scorecard.Term::schoolYear).distinct().toList());
		model.addAttribute("term", term);
		model.addAttribute("card", card);
		model.addAttribute("review", review);
		model.addAttribute("mayReview", review != null && (scope.role() == Role.CITY_ADMIN || scope.role() == Role.TOWN_ADMIN));
		model.addAttribute("criteria", RatingCriterion.values());
		model.addAttribute("chart", chart(card));
		model.addAttribute("settings", reviews.properties());
		model.addAttribute("below", reviews.below(card));
		return "feedback/scorecard";
	}

	@PostMapping("/console/scorecards/evaluate")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	String evaluate(@RequestParam(required = false) @Nullable String year,
			@RequestParam(required = false) @Nullable Integer semester, RedirectAttributes redirect) {
		Scorecard.Term term = term(year, semester, scorecards.terms());
		if (term == null) {
			return "redirect:/console/scorecards";
		}
		try {
			int flagged = reviews.reevaluate(CurrentUser.scope(), term, Scorecards.now()).size();
			redirect.addFlashAttribute("flash", message("scorecard.evaluated", flagged));
		}
		catch (ExitReviewRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey()));
		}
		redirect.addAttribute("year", term.schoolYear());
		redirect.addAttribute("semester", term.semester());
		return "redirect:/console/scorecards";
	}

	/** The criteria chart's data: labels and the average per rating criterion and per inspection criterion. */
	String chart(Scorecard card) {
		Map<String, Object> data = new LinkedHashMap<>();
		List<String> names = new ArrayList<>();
		List<@Nullable BigDecimal> values = new ArrayList<>();
		names.add(message("scorecard.card.overall"));
		values.add(card.ratings().average());
		for (RatingCriterion c : RatingCriterion.values()) {
			names.add(message(c.messageKey()));
			values.add(card.ratings().criterion(c));
		}
		data.put("names", names);
		data.put("values", values);
		data.put("label", message("scorecard.card.ratingAverage"));
		return json.writeValueAsString(data);
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
