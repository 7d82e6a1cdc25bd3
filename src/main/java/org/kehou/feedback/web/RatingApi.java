package org.kehou.feedback.web;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ChildOffering;
import org.kehou.feedback.OfferingScore;
import org.kehou.feedback.RatingCriterion;
import org.kehou.feedback.RatingInvalid;
import org.kehou.feedback.RatingRefused;
import org.kehou.feedback.RatingSummary;
import org.kehou.feedback.Ratings;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Ratings (评价) over JSON: a guardian's child's offerings with their ratings and rating one (PUT, 201 when new, 200
 * for an edit); for admins the comparison of a school's offerings in a term, one offering's figures with its screened
 * comments, and a provider's satisfaction over terms or a date range. Bad input answers 400 Problem Details with
 * {@code errors} per field; refusals 403, 404 or 409 with a {@code reason}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "ratings", description = "Guardians' ratings of offerings (评价) and their figures")
class RatingApi {

	/**
	 * A rating as a client sends it.
	 *
	 * @param scores a score of 1–5 per criterion: TEACHING, SAFETY, PUNCTUALITY, INTEREST
	 */
	record RatingRequest(@Nullable Long offeringId, @Nullable Integer overall,
			@Nullable Map<RatingCriterion, @Nullable Integer> scores, @Nullable String comment) {
	}

	/** An offering's figures with its screened comments. */
	record OfferingRatings(OfferingScore score, List<Ratings.Comment> comments) {
	}

	private final Ratings ratings;

	private final MessageSource messages;

	RatingApi(Ratings ratings, MessageSource messages) {
		this.ratings = ratings;
		this.messages = messages;
	}

	@GetMapping("/children/{studentId}/ratings")
	@Access(Role.GUARDIAN)
	@Operation(summary = "The child's offerings of this term with their state (PENDING, RATED, TOO_EARLY, CLOSED) and rating")
	List<ChildOffering> ofChild(@PathVariable long studentId) {
		return ratings.ofChild(studentId, CurrentUser.scope().guardianId());
	}

	@PutMapping("/children/{studentId}/ratings")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Rate one of the child's offerings or edit its rating: 201 when new, 200 for an edit")
	ResponseEntity<Ratings.Rated> rate(@PathVariable long studentId, @RequestBody RatingRequest request) {
		if (request.offeringId() == null) {
			Map<String, RatingInvalid.Problem> problems = new LinkedHashMap<>();
			problems.put("offeringId", new RatingInvalid.Problem("rating.invalid.missing"));
			throw new RatingInvalid(problems);
		}
		Map<RatingCriterion, @Nullable Integer> scores = new EnumMap<>(RatingCriterion.class);
		if (request.scores() != null) {
			scores.putAll(request.scores());
		}
		Ratings.Rated rated = ratings.rate(studentId, request.offeringId(),
				new Ratings.Rating(request.overall(), scores, request.comment()));
		return ResponseEntity.status(rated.revised() ? HttpStatus.OK : HttpStatus.CREATED).body(rated);
	}

	@GetMapping("/ratings/offerings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The offerings of a school in a term (default: the caller's first school, its current term) with count, averages, satisfaction and response rates; a provider sees its own offerings only")
	List<OfferingScore> compare(@RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(required = false) @Nullable Long termId) {
		KehouUser me = CurrentUser.require();
		RatingConsolePages.Selection s = RatingConsolePages.select(ratings, me, schoolId, termId);
		if (s.school() == null || s.term() == null) {
			return List.of();
		}
		return ratings.compare(s.school(), s.term(), me.role() == Role.PROVIDER_ADMIN ? me.scope().providerId() : null);
	}

	@GetMapping("/offerings/{offeringId}/ratings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "One offering's figures and its screened comments (no rater named)")
	OfferingRatings ofOffering(@PathVariable long offeringId) {
		OfferingScore score = ratings.offering(offeringId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return new OfferingRatings(score, ratings.comments(offeringId));
	}

	@GetMapping("/providers/{providerId}/ratings")
	@Access({ Role.CITY_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "A provider's satisfaction over the given terms (termId, repeatable) or the terms overlapping from–to: count, average, satisfied share, per criterion")
	RatingSummary ofProvider(@PathVariable long providerId, @RequestParam(required = false) @Nullable List<Long> termId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
		if (termId != null && !termId.isEmpty()) {
			return ratings.satisfaction(providerId, termId);
		}
		LocalDate end = to == null ? Ratings.now().toLocalDate() : to;
		LocalDate start = from == null ? end.minusYears(1) : from;
		if (start.isAfter(end)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must not be after to");
		}
		return ratings.satisfaction(providerId, start, end);
	}

	@ExceptionHandler(RatingInvalid.class)
	ProblemDetail invalid(RatingInvalid e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				messages.getMessage("rating.invalid", null, LocaleContextHolder.getLocale()));
		problem.setProperty("errors", errors(e, messages));
		return problem;
	}

	@ExceptionHandler(RatingRefused.class)
	ProblemDetail refused(RatingRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_A_GUARDIAN -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, messages.getMessage(e.messageKey(),
				new Object[] { ratings.properties().afterSessions() }, e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	/** Each invalid field with its explanation in the request's language. */
	static Map<String, String> errors(RatingInvalid e, MessageSource messages) {
		Map<String, String> errors = new LinkedHashMap<>();
		e.problems().forEach((field, p) -> errors.put(field,
				messages.getMessage(p.messageKey(), p.arguments(), LocaleContextHolder.getLocale())));
		return Objects.requireNonNull(errors);
	}
}
