package org.kehou.attendance.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceReport;
import org.kehou.attendance.LeaveView;
import org.kehou.attendance.Leaves;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.people.Students;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * Leave (请假) and a child's attendance over JSON: a guardian's requests for a child's coming sessions, the child's
 * attendance of a day / week / term, and the teacher's (or school admin's) pending requests and decisions.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "leave", description = "Guardians ask leave (请假); teachers decide")
class LeaveApi {

	record LeaveRequest(@NotEmpty @Size(max = Leaves.MAX_SESSIONS) @Nullable List<Long> sessionIds,
			@NotBlank @Size(max = Leaves.REASON_MAX) @Nullable String reason,
			@Size(max = 64) @Nullable String requestKey) {
	}

	record Decision(@Size(max = Leaves.REASON_MAX) @Nullable String note) {
	}

	private final Leaves leaves;

	private final AttendanceReport report;

	private final Students students;

	private final Terms terms;

	LeaveApi(Leaves leaves, AttendanceReport report, Students students, Terms terms) {
		this.leaves = leaves;
		this.report = report;
		this.students = students;
		this.terms = terms;
	}

	@GetMapping("/students/{studentId}/attendance")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	List<AttendanceReport.ChildSession> attendance(@PathVariable long studentId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		long school = students.find(studentId).orElseThrow().schoolId();
		return report.child(studentId, SessionApi.schoolRange(terms, school, period, date));
	}

	/** The child's coming sessions (two weeks) for which leave may be asked. */
	@GetMapping("/students/{studentId}/sessions/upcoming")
	@Access(Role.GUARDIAN)
	List<SessionView> upcoming(@PathVariable long studentId) {
		return leaves.upcoming(studentId, Sessions.now().toLocalDate().plusWeeks(2));
	}

	@GetMapping("/students/{studentId}/leaves")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN })
	List<LeaveView> ofStudent(@PathVariable long studentId) {
		return leaves.ofStudent(studentId);
	}

	@PostMapping("/students/{studentId}/leaves")
	@Access(Role.GUARDIAN)
	ResponseEntity<LeaveView> request(@PathVariable long studentId, @Valid @RequestBody LeaveRequest request) {
		LeaveView leave = leaves.request(studentId, request.sessionIds() == null ? List.of() : request.sessionIds(),
				request.reason(), request.requestKey());
		return ResponseEntity.created(URI.create("/api/v1/leaves/" + leave.id())).body(leave);
	}

	@GetMapping("/leaves/pending")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	List<LeaveView> pending() {
		return leaves.pendingFor(CurrentUser.require());
	}

	@GetMapping("/leaves/{leaveId}")
	@Access({ Role.GUARDIAN, Role.TEACHER, Role.SCHOOL_ADMIN })
	LeaveView find(@PathVariable long leaveId) {
		return leaves.find(leaveId).orElseThrow();
	}

	@PostMapping("/leaves/{leaveId}/approve")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	LeaveView approve(@PathVariable long leaveId) {
		return leaves.approve(leaveId);
	}

	@PostMapping("/leaves/{leaveId}/reject")
	@Access({ Role.TEACHER, Role.SCHOOL_ADMIN })
	LeaveView reject(@PathVariable long leaveId, @Valid @RequestBody(required = false) @Nullable Decision decision) {
		return leaves.reject(leaveId, decision == null ? null : decision.note());
	}
}
