package org.kehou.feedback.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ExitDecision;
import org.kehou.feedback.ExitReviewRefused;
import org.kehou.feedback.ExitReviewView;
import org.kehou.feedback.ExitReviews;
import org.kehou.feedback.RatingCriterion;
import org.kehou.feedback.Scorecards;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
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

/**
 * The console's exit reviews (退出评估) of the city and the towns: the list (open / decided, pages of 20) and one
 * review with its evidence (the scorecard at flag time), its decisions and the decision form (suspend and expel ask
 * first). The {@code exitReviewId} owner check lets a town reach only the reviews of providers working or admitted in
 * it.
 */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class ExitReviewPages {

	static final int PAGE_SIZE = 20;

	private final ExitReviews reviews;

	private final MessageSource messages;

	ExitReviewPages(ExitReviews reviews, MessageSource messages) {
		this.reviews = reviews;
		this.messages = messages;
	}

	@GetMapping("/console/exit-reviews")
	String list(@RequestParam(required = false) @Nullable String state, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Boolean decided = "open".equals(state) ? Boolean.FALSE : "decided".equals(state) ? Boolean.TRUE : null;
		model.addAttribute("result", reviews.list(CurrentUser.scope(), decided, Math.max(page, 0), PAGE_SIZE));
		model.addAttribute("state", decided == null ? "" : state);
		return "feedback/exit-reviews";
	}

	@GetMapping("/console/exit-reviews/{exitReviewId}")
	String review(@PathVariable long exitReviewId, Model model) {
		ExitReviewView review = reviews.find(exitReviewId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		KehouUser me = CurrentUser.require();
		model.addAttribute("review", review);
		model.addAttribute("card", review.evidence());
		model.addAttribute("criteria", RatingCriterion.values());
		model.addAttribute("decisions", me.role() == Role.CITY_ADMIN ? ExitDecision.CITY : ExitDecision.TOWN);
		model.addAttribute("today", Scorecards.now().toLocalDate());
		return "feedback/exit-review";
	}

	@PostMapping("/console/exit-reviews/{exitReviewId}/decisions")
	String decide(@PathVariable long exitReviewId, @RequestParam(required = false) @Nullable String decision,
			@RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable String rectification,
			@RequestParam(required = false) @Nullable String deadline, RedirectAttributes redirect) {
		try {
			ExitDecision d;
			try {
				d = decision == null || decision.isBlank() ? null : ExitDecision.valueOf(decision);
			}
			catch (IllegalArgumentException e) {
				d = null;
			}
			LocalDate due;
			try {
				due = deadline == null || deadline.isBlank() ? null : LocalDate.parse(deadline.strip());
			}
			catch (DateTimeParseException e) {
				throw new ExitReviewRefused(ExitReviewRefused.Reason.INVALID, "scorecard.invalid.deadline");
			}
			reviews.decide(CurrentUser.require(), exitReviewId, d, reason, rectification, due,
					Scorecards.now().toLocalDate());
			redirect.addFlashAttribute("flash", message("scorecard.decided"));
		}
		catch (ExitReviewRefused e) {
			if (e.reason() == ExitReviewRefused.Reason.NOT_FOUND) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
			redirect.addFlashAttribute("error", message(e.messageKey()));
			redirect.addFlashAttribute("form", new Form(decision, reason, rectification, deadline));
		}
		return "redirect:/console/exit-reviews/" + exitReviewId;
	}

	/** The decision form as typed, kept when refused. */
	public record Form(@Nullable String decision, @Nullable String reason, @Nullable String rectification,
			@Nullable String deadline) implements java.io.Serializable {
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
