package org.kehou.feedback.web;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ChildOffering;
import org.kehou.feedback.RatingCriterion;
import org.kehou.feedback.RatingInvalid;
import org.kehou.feedback.RatingRefused;
import org.kehou.feedback.Ratings;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.Students;
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
 * Phone pages of ratings (评价): a guardian's list of the child's offerings this term (待评价 / 已评价 / 尚未满 N 次课),
 * the rating form (a big tap per star, the overall score and each criterion, an optional comment) that comes back with
 * the reasons under each field; a teacher's or instructor's figures and screened comments of the offerings they
 * teach (no rater named); and the fragment with a provider's public summary that the course choice page loads.
 */
@Controller
class RatingPhonePages {

	/** The form's values as typed, so a refused form comes back filled in. */
	record Form(long offeringId, String overall, Map<RatingCriterion, String> scores, String comment) {
	}

	private final Ratings ratings;

	private final Students students;

	private final MessageSource messages;

	RatingPhonePages(Ratings ratings, Students students, MessageSource messages) {
		this.ratings = ratings;
		this.students = students;
		this.messages = messages;
	}

	@GetMapping("/m/children/{studentId}/ratings")
	@Access(Role.GUARDIAN)
	String child(@PathVariable long studentId, Model model) {
		model.addAttribute("student", students.find(studentId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("offerings", ratings.ofChild(studentId, CurrentUser.scope().guardianId()));
		return "feedback/ratings-child";
	}

	@GetMapping("/m/children/{studentId}/ratings/form")
	@Access(Role.GUARDIAN)
	String form(@PathVariable long studentId, @RequestParam long offering, Model model, RedirectAttributes redirect) {
		ChildOffering target = attended(studentId, offering);
		if (target == null) {
			redirect.addFlashAttribute("error", message("rating.refused.NOT_ATTENDING"));
			return "redirect:/m/children/" + studentId + "/ratings";
		}
		Map<RatingCriterion, String> scores = new EnumMap<>(RatingCriterion.class);
		String overall = "";
		String comment = "";
		if (target.rating() != null) {
			overall = String.valueOf(target.rating().overall());
			target.rating().scores().forEach((c, s) -> scores.put(c, String.valueOf(s)));
			comment = target.rating().comment() == null ? "" : target.rating().comment();
		}
		return form(studentId, target, new Form(offering, overall, scores, comment), Map.of(), model);
	}

	@PostMapping("/m/children/{studentId}/ratings")
	@Access(Role.GUARDIAN)
	String rate(@PathVariable long studentId, @RequestParam Map<String, String> params, Model model,
			RedirectAttributes redirect) {
		Integer offeringId = number(params.getOrDefault("offering", ""));
		ChildOffering target = offeringId == null ? null : attended(studentId, offeringId);
		if (target == null) {
			redirect.addFlashAttribute("error", message("rating.refused.NOT_ATTENDING"));
			return "redirect:/m/children/" + studentId + "/ratings";
		}
		Map<RatingCriterion, String> typed = new EnumMap<>(RatingCriterion.class);
		Map<RatingCriterion, @Nullable Integer> scores = new EnumMap<>(RatingCriterion.class);
		for (RatingCriterion c : RatingCriterion.values()) {
			String value = params.getOrDefault(c.name(), "").strip();
			typed.put(c, value);
			scores.put(c, number(value));
		}
		Form form = new Form(target.offeringId(), params.getOrDefault("overall", "").strip(), typed,
				params.getOrDefault("comment", ""));
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			Ratings.Rated rated = ratings.rate(studentId, target.offeringId(),
					new Ratings.Rating(number(form.overall()), scores, form.comment()));
			redirect.addFlashAttribute("flash", message(rated.revised() ? "rating.form.revised" : "rating.form.saved",
					target.offeringName()));
			return "redirect:/m/children/" + studentId + "/ratings";
		}
		catch (RatingRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey(), target.required()));
			return "redirect:/m/children/" + studentId + "/ratings";
		}
		catch (RatingInvalid e) {
			errors.putAll(RatingApi.errors(e, messages));
		}
		model.addAttribute("error", message("rating.invalid"));
		return form(studentId, target, form, errors, model);
	}

	private @Nullable ChildOffering attended(long studentId, long offeringId) {
		return ratings.ofChild(studentId, CurrentUser.scope().guardianId())
			.stream()
			.filter(o -> o.offeringId() == offeringId)
			.findFirst()
			.orElse(null);
	}

	private String form(long studentId, ChildOffering target, Form form, Map<String, String> errors, Model model) {
		model.addAttribute("student", students.find(studentId).orElseThrow());
		model.addAttribute("target", target);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("criteria", RatingCriterion.values());
		model.addAttribute("stars", new int[] { 1, 2, 3, 4, 5 });
		model.addAttribute("commentMax", Ratings.COMMENT_MAX);
		return "feedback/rating-form";
	}

	/** A teacher's or instructor's offerings: figures per criterion and screened comments, no rater named. */
	@GetMapping("/m/ratings")
	@Access({ Role.TEACHER, Role.INSTRUCTOR })
	String taught(Model model) {
		var scores = ratings.taught(CurrentUser.require());
		Map<Long, java.util.List<Ratings.Comment>> comments = new LinkedHashMap<>();
		scores.forEach(s -> comments.put(s.offeringId(), ratings.comments(s.offeringId())));
		model.addAttribute("scores", scores);
		model.addAttribute("comments", comments);
		model.addAttribute("criteria", RatingCriterion.values());
		return "feedback/ratings-teacher";
	}

	/** A provider's public rating summary: a fragment for the pages where guardians choose courses. */
	@GetMapping("/m/provider-rating")
	@Access({ Role.GUARDIAN, Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN, Role.TEACHER,
			Role.INSTRUCTOR, Role.INSPECTOR })
	String providerSummary(@RequestParam(required = false) @Nullable Long provider, Model model) {
		model.addAttribute("summary", provider == null ? null : ratings.publicSummary(Objects.requireNonNull(provider)));
		return "feedback/rating-fragments :: summary";
	}

	private static @Nullable Integer number(String value) {
		try {
			return value.isBlank() ? null : Integer.valueOf(value.strip());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
