package org.kehou.attendance.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.InspectionCriterion;
import org.kehou.attendance.InspectionInvalid;
import org.kehou.attendance.InspectionRefused;
import org.kehou.attendance.InspectionSubject;
import org.kehou.attendance.InspectionSummary;
import org.kehou.attendance.InspectionView;
import org.kehou.attendance.Inspections;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Inspections (巡课) over JSON: the inspector's sessions of a day with their visits, recording a visit (multipart with
 * a {@code visit} JSON part and an optional {@code photo} file part, or plain JSON without a photo; idempotent by
 * request key), a session's visits, one visit and its photo, and the visits of a school, a provider or an offering in
 * a date range with the averages per criterion. Bad input answers 400 Problem Details with {@code errors} per field;
 * refusals 404 or 409 with a {@code reason}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "inspections", description = "Inspection visits and their ratings (巡课)")
class InspectionApi {

	/** Widest date range of a list: a school year and a bit. */
	static final int RANGE_MAX_DAYS = 400;

	/**
	 * A visit as a client sends it.
	 *
	 * @param visitedAt city time; absent: now
	 * @param ratings a score of 1–5 per criterion: ORDER, SAFETY, TEACHING, STUDENTS
	 */
	record VisitRequest(@Nullable String requestKey, @Nullable LocalDateTime visitedAt, @Nullable Integer presentCount,
			@Nullable Map<InspectionCriterion, @Nullable Integer> ratings, @Nullable String notes,
			@Nullable Boolean removePhoto) {

		Inspections.Visit visit() {
			return new Inspections.Visit(requestKey, visitedAt, presentCount, ratings == null ? Map.of() : ratings, notes,
					Boolean.TRUE.equals(removePhoto));
		}
	}

	/** A page of visits with the summary of the whole range. */
	record VisitPage(InspectionSummary summary, List<InspectionView> items, int page, int size, long total,
			int totalPages) {

		static VisitPage of(InspectionSummary summary, Inspections.Page page) {
			return new VisitPage(summary, page.items(), page.page(), page.size(), page.total(), page.totalPages());
		}
	}

	private final Inspections inspections;

	private final MessageSource messages;

	InspectionApi(Inspections inspections, MessageSource messages) {
		this.inspections = inspections;
		this.messages = messages;
	}

	@GetMapping("/inspections/today")
	@Access(Role.INSPECTOR)
	@Operation(summary = "The sessions of the inspector's school on a day (default today), each with the inspector's own visit and the number of visits")
	List<Inspections.DaySession> today(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return inspections.day(CurrentUser.require(), date == null ? Sessions.now().toLocalDate() : date);
	}

	@PostMapping(path = "/sessions/{sessionId}/inspections", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.INSPECTOR)
	@Operation(summary = "Record or revise the inspector's visit: part `visit` (JSON), optional part `photo` (JPEG or PNG by content, at most 5 MB). 201 when recorded, 200 for a revision or a re-sent request key")
	ResponseEntity<Inspections.Recorded> recordWithPhoto(@PathVariable long sessionId,
			@RequestPart("visit") VisitRequest visit, @RequestPart(name = "photo", required = false) @Nullable MultipartFile photo) {
		return recorded(inspections.record(sessionId, visit.visit(), bytes(photo)));
	}

	@PostMapping(path = "/sessions/{sessionId}/inspections", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Access(Role.INSPECTOR)
	@Operation(summary = "Record or revise the inspector's visit without a photo")
	ResponseEntity<Inspections.Recorded> record(@PathVariable long sessionId, @RequestBody VisitRequest visit) {
		return recorded(inspections.record(sessionId, visit.visit(), null));
	}

	@GetMapping("/sessions/{sessionId}/inspections")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.INSPECTOR, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN, Role.TOWN_ADMIN,
			Role.CITY_ADMIN })
	List<InspectionView> ofSession(@PathVariable long sessionId) {
		return inspections.ofSession(sessionId);
	}

	@GetMapping("/inspections/{inspectionId}")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.INSPECTOR, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN, Role.TOWN_ADMIN,
			Role.CITY_ADMIN })
	InspectionView visit(@PathVariable long inspectionId) {
		return inspections.find(inspectionId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@GetMapping("/inspections/{inspectionId}/photo")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.INSPECTOR, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN, Role.TOWN_ADMIN,
			Role.CITY_ADMIN })
	ResponseEntity<byte[]> photo(@PathVariable long inspectionId) {
		Inspections.Photo photo = inspections.photo(inspectionId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(photo.contentType()))
			.cacheControl(CacheControl.noStore())
			.header("X-Content-Type-Options", "nosniff")
			.body(photo.content());
	}

	@GetMapping("/schools/{schoolId}/inspections")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The school's visits between two dates (default: the last 30 days), paged, with the averages per criterion")
	VisitPage ofSchool(@PathVariable long schoolId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return page(InspectionSubject.school(schoolId), from, to, page, size);
	}

	@GetMapping("/providers/{providerId}/inspections")
	@Access({ Role.CITY_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The visits of the provider's offerings at every school between two dates, paged, with the averages")
	VisitPage ofProvider(@PathVariable long providerId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return page(InspectionSubject.provider(providerId), from, to, page, size);
	}

	@GetMapping("/offerings/{offeringId}/inspections")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The offering's visits between two dates, paged, with the averages")
	VisitPage ofOffering(@PathVariable long offeringId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return page(InspectionSubject.offering(offeringId), from, to, page, size);
	}

	private VisitPage page(InspectionSubject subject, @Nullable LocalDate from, @Nullable LocalDate to, int page,
			int size) {
		LocalDate[] range = range(from, to);
		return VisitPage.of(inspections.summary(subject, range[0], range[1]),
				inspections.list(subject, range[0], range[1], page, size));
	}

	/** From and to, defaulting to the last 30 days up to today; at most {@value #RANGE_MAX_DAYS} days. */
	static LocalDate[] range(@Nullable LocalDate from, @Nullable LocalDate to) {
		LocalDate end = to == null ? Sessions.now().toLocalDate() : to;
		LocalDate start = from == null ? end.minusDays(30) : from;
		if (start.isAfter(end) || start.plusDays(RANGE_MAX_DAYS).isBefore(end)) {
			throw new IllegalArgumentException("from must not be after to, and the range at most " + RANGE_MAX_DAYS + " days");
		}
		return new LocalDate[] { start, end };
	}

	private static ResponseEntity<Inspections.Recorded> recorded(Inspections.Recorded recorded) {
		return ResponseEntity.status(recorded.replay() || recorded.revised() ? HttpStatus.OK : HttpStatus.CREATED)
			.body(recorded);
	}

	static byte @Nullable [] bytes(@Nullable MultipartFile file) {
		if (file == null || file.isEmpty()) {
			return null;
		}
		try {
			return file.getBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@ExceptionHandler(InspectionInvalid.class)
	ProblemDetail invalid(InspectionInvalid e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				messages.getMessage("inspection.invalid", null, LocaleContextHolder.getLocale()));
		problem.setProperty("errors", errors(e, messages));
		return problem;
	}

	@ExceptionHandler(InspectionRefused.class)
	ProblemDetail refused(InspectionRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_AN_INSPECTOR -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(e.messageKey(), null, e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	/** Each invalid field with its explanation in the request's language. */
	static Map<String, String> errors(InspectionInvalid e, MessageSource messages) {
		Map<String, String> errors = new LinkedHashMap<>();
		e.problems().forEach((field, p) -> errors.put(field,
				messages.getMessage(p.messageKey(), p.arguments(), LocaleContextHolder.getLocale())));
		return errors;
	}
}
