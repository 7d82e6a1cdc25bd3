package org.kehou.feedback.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.ComplaintFinding;
import org.kehou.feedback.ComplaintInvalid;
import org.kehou.feedback.ComplaintLevel;
import org.kehou.feedback.ComplaintRefused;
import org.kehou.feedback.ComplaintStatus;
import org.kehou.feedback.ComplaintStep;
import org.kehou.feedback.ComplaintSubject;
import org.kehou.feedback.ComplaintView;
import org.kehou.feedback.Complaints;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
 * Complaints (投诉) over JSON. Guardians: what a complaint about a child may be about, filing (multipart with a
 * {@code complaint} JSON part and up to 3 {@code photos} parts, or plain JSON; idempotent by request key), their own
 * complaints, one complaint with its timeline, rating and reopening. Admins (school, town, city): the complaints of
 * their scope with filters and pages, one complaint, accept, respond, resolve, escalate. Bad input answers 400 Problem
 * Details with {@code errors} per field; refusals 403, 404 or 409 with a {@code reason}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "complaints", description = "Guardians' complaints, their handling, deadlines and escalation (投诉)")
class ComplaintApi {

	static final Role[] ADMINS = { Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN };

	record FilingRequest(@Nullable String subject, @Nullable String text, @Nullable String requestKey) {

		Complaints.Filing filing() {
			return new Complaints.Filing(subject, text, requestKey);
		}
	}

	record Response(@Nullable String response, @Nullable ComplaintFinding finding) {
	}

	record Note(@Nullable String text) {
	}

	record Rating(@Nullable Integer rating, @Nullable String comment) {
	}

	record Detail(ComplaintView complaint, List<ComplaintStep> timeline) {
	}

	record ComplaintPage(List<ComplaintView> items, int page, int size, long total, int pages) {
	}

	private final Complaints complaints;

	private final MessageSource messages;

	ComplaintApi(Complaints complaints, MessageSource messages) {
		this.complaints = complaints;
		this.messages = messages;
	}

	@GetMapping("/students/{studentId}/complaint-subjects")
	@Access(Role.GUARDIAN)
	@Operation(summary = "What a complaint about the child may be about: the school, its current offerings, their instructors and providers")
	List<ComplaintSubject> subjects(@PathVariable long studentId) {
		return complaints.subjects(studentId);
	}

	@GetMapping("/students/{studentId}/complaints")
	@Access(Role.GUARDIAN)
	List<ComplaintView> ofStudent(@PathVariable long studentId) {
		return complaints.ofStudent(studentId);
	}

	@PostMapping(path = "/students/{studentId}/complaints", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.GUARDIAN)
	@Operation(summary = "File a complaint: part `complaint` (JSON), up to 3 parts `photos` (JPEG or PNG by content, at most 5 MB each). 201 when filed, 200 for a re-sent request key")
	ResponseEntity<ComplaintView> fileWithPhotos(@PathVariable long studentId,
			@RequestPart("complaint") FilingRequest complaint,
			@RequestPart(name = "photos", required = false) @Nullable List<MultipartFile> photos) {
		return filed(complaints.file(studentId, complaint.filing(), bytes(photos)));
	}

	@PostMapping(path = "/students/{studentId}/complaints", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Access(Role.GUARDIAN)
	@Operation(summary = "File a complaint without photos")
	ResponseEntity<ComplaintView> file(@PathVariable long studentId, @RequestBody FilingRequest complaint) {
		return filed(complaints.file(studentId, complaint.filing(), List.of()));
	}

	@GetMapping("/complaints")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "Guardians: the complaints about their children. Admins: those of their scope (every level; only their own level can be handled), filtered by status, level, overdue, in pages")
	ComplaintPage list(@RequestParam(required = false) @Nullable ComplaintStatus status,
			@RequestParam(required = false) @Nullable ComplaintLevel level,
			@RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		KehouUser user = CurrentUser.require();
		if (user.role() == Role.GUARDIAN) {
			List<ComplaintView> own = user.scope().guardianId() == null ? List.of()
					: complaints.ofGuardian(user.scope().guardianId());
			return new ComplaintPage(own, 0, Math.max(own.size(), 1), own.size(), 1);
		}
		Complaints.Page result = complaints.list(user, new Complaints.Filter(status, level, overdue), page, size);
		return new ComplaintPage(result.items(), result.page(), result.size(), result.total(), result.pages());
	}

	@GetMapping("/complaints/{complaintId}")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	Detail find(@PathVariable long complaintId) {
		ComplaintView complaint = complaints.find(complaintId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return new Detail(complaint, complaints.timeline(complaintId));
	}

	@GetMapping("/complaints/{complaintId}/photos/{complaintPhotoId}")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	ResponseEntity<byte[]> photo(@PathVariable long complaintId, @PathVariable long complaintPhotoId) {
		Complaints.Photo photo = complaints.photo(complaintId, complaintPhotoId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(photo.contentType()))
			.cacheControl(CacheControl.noStore())
			.header("X-Content-Type-Options", "nosniff")
			.body(photo.content());
	}

	@PostMapping("/complaints/{complaintId}/accept")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	ComplaintView accept(@PathVariable long complaintId) {
		return complaints.accept(complaintId);
	}

	@PostMapping("/complaints/{complaintId}/respond")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "Respond with a text and a finding (SUBSTANTIATED, NOT_SUBSTANTIATED, PARTLY)")
	ComplaintView respond(@PathVariable long complaintId, @RequestBody Response response) {
		return complaints.respond(complaintId, response.response(), response.finding());
	}

	@PostMapping("/complaints/{complaintId}/resolve")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	ComplaintView resolve(@PathVariable long complaintId, @RequestBody(required = false) @Nullable Note note) {
		return complaints.resolve(complaintId, note == null ? null : note.text());
	}

	@PostMapping("/complaints/{complaintId}/escalate")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	@Operation(summary = "Hand the complaint up one level, with a reason (`text`)")
	ComplaintView escalate(@PathVariable long complaintId, @RequestBody Note reason) {
		return complaints.escalate(complaintId, reason.text());
	}

	@PostMapping("/complaints/{complaintId}/rate")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Rate the handling of a resolved complaint 1–5 with an optional comment, once")
	ComplaintView rate(@PathVariable long complaintId, @RequestBody Rating rating) {
		return complaints.rate(complaintId, rating.rating(), rating.comment());
	}

	@PostMapping("/complaints/{complaintId}/reopen")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Reopen a resolved complaint once within 7 days, with a reason (`text`)")
	ComplaintView reopen(@PathVariable long complaintId, @RequestBody Note reason) {
		return complaints.reopen(complaintId, reason.text());
	}

	private static ResponseEntity<ComplaintView> filed(Complaints.Filed filed) {
		if (filed.replay()) {
			return ResponseEntity.ok(filed.complaint());
		}
		return ResponseEntity.created(URI.create("/api/v1/complaints/" + filed.complaint().id())).body(filed.complaint());
	}

	static List<byte[]> bytes(@Nullable List<MultipartFile> files) {
		List<byte[]> all = new ArrayList<>();
		if (files != null) {
			for (MultipartFile file : files) {
				if (file != null && !file.isEmpty()) {
					try {
						all.add(file.getBytes());
					}
					catch (IOException e) {
						throw new UncheckedIOException(e);
					}
				}
			}
		}
		return all;
	}

	@ExceptionHandler(ComplaintInvalid.class)
	ProblemDetail invalid(ComplaintInvalid e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				messages.getMessage("complaint.invalid", null, LocaleContextHolder.getLocale()));
		problem.setProperty("errors", errors(e, messages));
		return problem;
	}

	@ExceptionHandler(ComplaintRefused.class)
	ProblemDetail refused(ComplaintRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_YOUR_LEVEL, NOT_AUTHOR -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(e.messageKey(), null, e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	/** Each invalid field with its explanation in the request's language. */
	static Map<String, String> errors(ComplaintInvalid e, MessageSource messages) {
		Map<String, String> errors = new LinkedHashMap<>();
		e.problems().forEach((field, p) -> errors.put(field,
				messages.getMessage(p.messageKey(), p.arguments(), LocaleContextHolder.getLocale())));
		return errors;
	}
}
