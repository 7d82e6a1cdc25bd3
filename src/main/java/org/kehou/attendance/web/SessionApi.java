package org.kehou.attendance.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.AttendanceRefused;
import org.kehou.attendance.AttendanceReport;
import org.kehou.attendance.Leaves;
import org.kehou.attendance.Mark;
import org.kehou.attendance.RollCalls;
import org.kehou.attendance.SessionView;
import org.kehou.attendance.Sessions;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Terms;
import org.kehou.selection.Offerings;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Sessions (课次) and roll call (点名) over JSON: the caller's sessions of a day, a session with its roll, saving a
 * roll call (idempotent by request key), cancelling and rescheduling (school admin), generating a term's sessions,
 * attendance figures per offering and per school with an .xlsx export, and the school's leave setting.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "attendance", description = "Sessions, roll call and attendance figures (考勤)")
class SessionApi {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	record SessionWithRoll(SessionView session, List<RollCalls.RosterEntry> roster) {
	}

	record MarkRequest(@NotNull @Nullable Long studentId, @NotNull @Nullable Mark mark) {
	}

	record RollCallRequest(@NotBlank @Size(max = RollCalls.REQUEST_KEY_MAX) @Nullable String requestKey,
			@Nullable Boolean allPresent, @Nullable List<@Valid MarkRequest> marks) {
	}

	record CancelRequest(@NotBlank @Size(max = Sessions.REASON_MAX) @Nullable String reason) {
	}

	record RescheduleRequest(@NotNull @Nullable LocalDate date, @NotNull @Nullable LocalTime starts,
			@NotNull @Nullable LocalTime ends, @NotBlank @Size(max = Sessions.REASON_MAX) @Nullable String reason) {
	}

	record Settings(@NotNull @Nullable Boolean leaveNeedsApproval) {
	}

	private final Sessions sessions;

	private final RollCalls rollCalls;

	private final AttendanceReport report;

	private final Leaves leaves;

	private final Offerings offerings;

	private final Terms terms;

	private final MessageSource messages;

	SessionApi(Sessions sessions, RollCalls rollCalls, AttendanceReport report, Leaves leaves, Offerings offerings,
			Terms terms, MessageSource messages) {
		this.messages = messages;
		this.sessions = sessions;
		this.rollCalls = rollCalls;
		this.report = report;
		this.leaves = leaves;
		this.offerings = offerings;
		this.terms = terms;
	}

	/** The caller's sessions of a day (default today): a teacher's, an instructor's provider's, the school's. */
	@GetMapping("/sessions/today")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.SCHOOL_ADMIN, Role.INSPECTOR })
	List<SessionView> today(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return sessions.ofDay(CurrentUser.require(), date == null ? Sessions.now().toLocalDate() : date);
	}

	@GetMapping("/sessions/{sessionId}")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.SCHOOL_ADMIN, Role.INSPECTOR, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	SessionWithRoll session(@PathVariable long sessionId) {
		return new SessionWithRoll(sessions.find(sessionId).orElseThrow(), rollCalls.roster(sessionId));
	}

	/** Saves marks; a re-send with the same request key changes nothing ({@code replay: true}). */
	@PutMapping("/sessions/{sessionId}/roll-call")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.SCHOOL_ADMIN })
	RollCalls.Saved rollCall(@PathVariable long sessionId, @Valid @RequestBody RollCallRequest request) {
		Map<Long, Mark> marks = new LinkedHashMap<>();
		if (request.marks() != null) {
			request.marks().forEach(m -> marks.put(m.studentId(), m.mark()));
		}
		return rollCalls.save(sessionId, request.requestKey(), Boolean.TRUE.equals(request.allPresent()), marks);
	}

	@PostMapping("/sessions/{sessionId}/cancel")
	@Access(Role.SCHOOL_ADMIN)
	SessionView cancel(@PathVariable long sessionId, @Valid @RequestBody CancelRequest request) {
		return sessions.cancel(sessionId, request.reason());
	}

	@PostMapping("/sessions/{sessionId}/reschedule")
	@Access(Role.SCHOOL_ADMIN)
	SessionView reschedule(@PathVariable long sessionId, @Valid @RequestBody RescheduleRequest request) {
		return sessions.reschedule(sessionId, request.date(), request.starts(), request.ends(), request.reason());
	}

	/** Generates (or brings up to date) the future sessions of every published offering of the term. */
	@PostMapping("/terms/{termId}/sessions/generate")
	@Access(Role.SCHOOL_ADMIN)
	Sessions.Generated generate(@PathVariable long termId) {
		return sessions.generateTermAudited(termId);
	}

	@GetMapping("/offerings/{offeringId}/sessions")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	List<SessionView> ofOffering(@PathVariable long offeringId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		return sessions.ofOffering(offeringId, from, to);
	}

	@GetMapping("/offerings/{offeringId}/attendance")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	List<AttendanceReport.Line> offeringAttendance(@PathVariable long offeringId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return report.offering(offeringId, offeringRange(offerings, terms, offeringId, period, date));
	}

	@GetMapping("/offerings/{offeringId}/attendance.xlsx")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	ResponseEntity<byte[]> offeringExport(@PathVariable long offeringId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		AttendanceReport.Range range = offeringRange(offerings, terms, offeringId, period, date);
		return xlsx("attendance-offering-" + offeringId + "-" + range.from() + ".xlsx",
				report.xlsx(message("attendance.export.sheet"), headers("attendance.export.child"),
						report.offering(offeringId, range)));
	}

	@GetMapping("/schools/{schoolId}/attendance")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	List<AttendanceReport.Line> schoolAttendance(@PathVariable long schoolId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return report.school(schoolId, schoolRange(terms, schoolId, period, date));
	}

	@GetMapping("/schools/{schoolId}/attendance.xlsx")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	ResponseEntity<byte[]> schoolExport(@PathVariable long schoolId,
			@RequestParam(defaultValue = "WEEK") AttendanceReport.Period period,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		AttendanceReport.Range range = schoolRange(terms, schoolId, period, date);
		return xlsx("attendance-school-" + schoolId + "-" + range.from() + ".xlsx",
				report.xlsx(message("attendance.export.sheet"), headers("attendance.export.offering"),
						report.school(schoolId, range)));
	}

	@GetMapping("/schools/{schoolId}/attendance-settings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	Settings settings(@PathVariable long schoolId) {
		return new Settings(leaves.needsApproval(schoolId));
	}

	@PutMapping("/schools/{schoolId}/attendance-settings")
	@Access(Role.SCHOOL_ADMIN)
	Settings saveSettings(@PathVariable long schoolId, @Valid @RequestBody Settings settings) {
		leaves.setNeedsApproval(schoolId, Boolean.TRUE.equals(settings.leaveNeedsApproval()));
		return settings(schoolId);
	}

	static AttendanceReport.Range offeringRange(Offerings offerings, Terms terms, long offeringId,
			AttendanceReport.Period period, @Nullable LocalDate date) {
		long termId = offerings.find(offeringId)
			.orElseThrow(() -> new AttendanceRefused(AttendanceRefused.Reason.NOT_FOUND, "no offering"))
			.termId();
		return AttendanceReport.Range.of(period, date == null ? Sessions.now().toLocalDate() : date,
				terms.findTerm(termId).orElse(null));
	}

	static AttendanceReport.Range schoolRange(Terms terms, long schoolId, AttendanceReport.Period period,
			@Nullable LocalDate date) {
		LocalDate day = date == null ? Sessions.now().toLocalDate() : date;
		return AttendanceReport.Range.of(period, day, terms.currentTerm(schoolId, day).orElse(null));
	}

	static ResponseEntity<byte[]> xlsx(String filename, byte[] body) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
			.contentType(MediaType.parseMediaType(XLSX))
			.body(body);
	}

	/** The export's columns: the first names the line (offering or child), then the counts and the rate. */
	private List<String> headers(String firstColumn) {
		return java.util.stream.Stream.of(firstColumn, "attendance.export.sessions", "attendance.export.present",
				"attendance.export.late", "attendance.export.absent", "attendance.export.onLeave", "attendance.export.rate")
			.map(this::message)
			.toList();
	}

	private String message(String key) {
		return messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}
}
