package org.kehou.attendance.web;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.CheckInRefused;
import org.kehou.attendance.CheckIns;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Instructor check-in over JSON: the classroom's current code (a teacher of the offering, the school admin), checking
 * in and out with a scanned code (the instructor), and the records for settlement and supervision — a session's
 * check-ins, a school's sheet of a day, a provider's check-ins over a period. Refusals are Problem Details with a
 * {@code reason} ({@link CheckInRefused.Reason}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "check-in", description = "Instructors check in and out of sessions with the classroom's QR code (签到)")
class CheckInApi {

	record CodeRequest(@NotBlank @Size(max = 64) @Nullable String code) {
	}

	/** The current code and the absolute URL its QR code carries (valid for 60–120 seconds). */
	record CodeView(long sessionId, String code, String url, boolean open) {
	}

	private final CheckIns checkIns;

	CheckInApi(CheckIns checkIns) {
		this.checkIns = checkIns;
	}

	@GetMapping("/sessions/{sessionId}/check-in-code")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	CodeView code(@PathVariable long sessionId, HttpServletRequest request) {
		CheckIns.Code code = checkIns.code(sessionId);
		return new CodeView(sessionId, code.code(), CheckInQr.absolute(request, code.path()), code.open());
	}

	@PostMapping("/sessions/{sessionId}/check-in")
	@Access(Role.INSTRUCTOR)
	CheckIns.Done checkIn(@PathVariable long sessionId, @Valid @RequestBody CodeRequest request) {
		return checkIns.checkIn(sessionId, request.code());
	}

	@PostMapping("/sessions/{sessionId}/check-out")
	@Access(Role.INSTRUCTOR)
	CheckIns.Done checkOut(@PathVariable long sessionId, @Valid @RequestBody CodeRequest request) {
		return checkIns.checkOut(sessionId, request.code());
	}

	@GetMapping("/sessions/{sessionId}/check-ins")
	@Access({ Role.SCHOOL_ADMIN, Role.TEACHER, Role.PROVIDER_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	List<CheckIns.CheckIn> ofSession(@PathVariable long sessionId) {
		return checkIns.ofSession(sessionId);
	}

	@GetMapping("/schools/{schoolId}/check-ins")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	List<CheckIns.SheetLine> ofSchool(@PathVariable long schoolId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return checkIns.schoolSheet(schoolId, date == null ? Sessions.now().toLocalDate() : date);
	}

	/** For settlement: the provider's check-ins of sessions dated {@code from} to {@code to} (both included). */
	@GetMapping("/providers/{providerId}/check-ins")
	@Access({ Role.PROVIDER_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	List<CheckIns.CheckIn> ofProvider(@PathVariable long providerId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		return checkIns.ofProvider(providerId, from, to);
	}

	@ExceptionHandler(CheckInRefused.class)
	ProblemDetail refused(CheckInRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_LINKED, NOT_TEACHING -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
		problem.setTitle("check-in refused");
		problem.setProperty("reason", e.reason().name());
		return problem;
	}
}
