package org.kehou.people.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.Schools;
import org.kehou.people.Consents;
import org.kehou.people.EvidenceStatus;
import org.kehou.people.Guardians;
import org.kehou.people.HardshipCategory;
import org.kehou.people.Relation;
import org.kehou.people.StudentGuardian;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.people.internal.ChildData;
import org.kehou.people.internal.DataRequest;
import org.kehou.people.internal.DataRequests;
import org.kehou.people.internal.GuardianRecords;
import org.kehou.people.internal.Page;
import org.kehou.people.internal.PeopleScope;
import org.kehou.people.internal.StudentRecords;
import org.kehou.people.internal.StudentRows;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Students and guardians in the JSON API. Personal numbers are masked unless fetched from the audited endpoints. */
@RestController
@RequestMapping("/api/v1")
class PeopleApi {

	static final String PHONE = "^(\\+?86)?1[3-9]\\d{9}$";

	record StudentRequest(@NotBlank @Size(max = 32) String studentNo, @NotBlank @Size(max = 50) String name,
			@NotBlank @Pattern(regexp = "[MF]", message = "{people.validation.gender}") String gender,
			@Nullable @Pattern(regexp = "^\\d{17}[0-9Xx]$", message = "{people.validation.idNumber}") String idNumber,
			@NotNull Long classId, @Nullable Set<HardshipCategory> hardships) {

		StudentRecords.StudentInput input() {
			return new StudentRecords.StudentInput(studentNo, name, gender, idNumber, classId,
					hardships == null ? Set.of() : hardships);
		}
	}

	record GuardianRequest(@NotBlank @Size(max = 50) String name,
			@NotBlank @Pattern(regexp = PHONE, message = "{people.validation.phone}") String phone, @NotNull Relation relation,
			boolean primary) {
	}

	record EvidenceRequest(@NotNull HardshipCategory category, @NotNull EvidenceStatus evidenceStatus) {
	}

	record ConsentRequest(@NotNull Consents.Decision decision) {
	}

	record DataRequestRequest(@NotNull DataRequest.Kind kind, @NotBlank @Size(max = 1000) String details) {
	}

	record PageResponse<T>(List<T> items, int page, int size, long total, int totalPages) {

		static <T> PageResponse<T> of(Page<T> page) {
			return new PageResponse<>(page.items(), page.page(), page.size(), page.total(), page.totalPages());
		}
	}

	private final Students students;

	private final StudentRows rows;

	private final StudentRecords records;

	private final Guardians guardians;

	private final GuardianRecords guardianRecords;

	private final ChildData childData;

	private final DataRequests requests;

	private final Schools organisation;

	PeopleApi(Students students, StudentRows rows, StudentRecords records, Guardians guardians,
			GuardianRecords guardianRecords, ChildData childData, DataRequests requests,
			Schools organisation) {
		this.organisation = organisation;
		this.students = students;
		this.rows = rows;
		this.records = records;
		this.guardians = guardians;
		this.guardianRecords = guardianRecords;
		this.childData = childData;
		this.requests = requests;
	}

	@GetMapping("/schools/{schoolId}/students")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
	PageResponse<StudentView> list(@PathVariable long schoolId, @RequestParam(required = false) @Nullable Long gradeId,
			@RequestParam(required = false) @Nullable Long classId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "1") int page,
			@RequestParam(defaultValue = "50") int size) {
		var filter = new StudentRows.Filter(schoolId, gradeId, classId, name, status);
		return PageResponse.of(rows.search(PeopleScope.of(CurrentUser.scope()), filter, page, Math.min(Math.max(size, 1), 500)));
	}

	@PostMapping("/schools/{schoolId}/students")
	@Access(Role.SCHOOL_ADMIN)
	ResponseEntity<StudentView> create(@PathVariable long schoolId, @Valid @RequestBody StudentRequest request) {
		StudentView created = records.create(schoolId, request.input());
		return ResponseEntity.created(URI.create("/api/v1/students/" + created.id())).body(created);
	}

	@GetMapping("/students/{studentId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR, Role.GUARDIAN })
	StudentView show(@PathVariable long studentId) {
		return students.find(studentId).orElseThrow();
	}

	@PutMapping("/students/{studentId}")
	@Access(Role.SCHOOL_ADMIN)
	StudentView update(@PathVariable long studentId, @Valid @RequestBody StudentRequest request) {
		return records.update(studentId, request.input());
	}

	@PostMapping("/students/{studentId}/leave")
	@Access(Role.SCHOOL_ADMIN)
	StudentView leave(@PathVariable long studentId) {
		records.markLeft(studentId);
		return students.find(studentId).orElseThrow();
	}

	@PutMapping("/students/{studentId}/hardship-evidence")
	@Access(Role.SCHOOL_ADMIN)
	StudentView evidence(@PathVariable long studentId, @Valid @RequestBody EvidenceRequest request) {
		records.setEvidence(studentId, request.category(), request.evidenceStatus());
		return students.find(studentId).orElseThrow();
	}

	/** The full ID number (audited): the school's administrator, or a guardian of the child. */
	@GetMapping("/students/{studentId}/id-number")
	@Access({ Role.SCHOOL_ADMIN, Role.GUARDIAN })
	Map<String, @Nullable String> idNumber(@PathVariable long studentId) {
		return java.util.Collections.singletonMap("idNumber", records.viewFullIdNumber(studentId));
	}

	@GetMapping("/students/{studentId}/guardians")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.GUARDIAN })
	List<StudentGuardian> guardiansOf(@PathVariable long studentId) {
		return guardians.ofStudent(studentId);
	}

	@PostMapping("/students/{studentId}/guardians")
	@Access(Role.SCHOOL_ADMIN)
	List<StudentGuardian> addGuardian(@PathVariable long studentId, @Valid @RequestBody GuardianRequest request) {
		guardianRecords.link(studentId, request.name(), request.phone(), request.relation(), request.primary());
		return guardians.ofStudent(studentId);
	}

	@GetMapping("/guardians/{guardianId}/children")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.GUARDIAN })
	List<StudentView> children(@PathVariable long guardianId) {
		var scope = CurrentUser.scope();
		// a school or town sees only its own pupils among a guardian's children (who may go to school elsewhere)
		return guardians.childrenOf(guardianId)
			.stream()
			.filter(c -> organisation.findSchool(c.schoolId())
				.map(school -> scope.covers(school.owner().withGuardians(Set.of(guardianId))))
				.orElse(false))
			.toList();
	}

	/** The full phone number (audited): the school's administrator, or the guardian themself. */
	@GetMapping("/guardians/{guardianId}/phone")
	@Access({ Role.SCHOOL_ADMIN, Role.GUARDIAN })
	Map<String, String> phone(@PathVariable long guardianId) {
		return Map.of("phone", guardianRecords.viewFullPhone(guardianId));
	}

	/** Everything held about a child, as JSON (personal numbers masked); audited. */
	@GetMapping("/students/{studentId}/data")
	@Access({ Role.SCHOOL_ADMIN, Role.GUARDIAN })
	ChildData.Export export(@PathVariable long studentId) {
		return childData.export(studentId);
	}

	@PostMapping("/students/{studentId}/consent")
	@Access(Role.GUARDIAN)
	Map<String, Object> consent(@PathVariable long studentId, @Valid @RequestBody ConsentRequest request) {
		childData.decide(guardianId(), studentId, request.decision());
		return Map.of("noticeVersion", Consents.NOTICE_VERSION, "decision", request.decision());
	}

	@PostMapping("/students/{studentId}/data-requests")
	@Access(Role.GUARDIAN)
	ResponseEntity<DataRequest> submit(@PathVariable long studentId, @Valid @RequestBody DataRequestRequest request) {
		DataRequest created = requests.submit(studentId, guardianId(), request.kind(), request.details());
		return ResponseEntity.created(URI.create("/api/v1/data-requests/" + created.id())).body(created);
	}

	@GetMapping("/students/{studentId}/data-requests")
	@Access({ Role.SCHOOL_ADMIN, Role.GUARDIAN })
	List<DataRequest> requestsOf(@PathVariable long studentId) {
		return requests.ofStudent(studentId);
	}

	private static long guardianId() {
		Long id = CurrentUser.scope().guardianId();
		if (id == null) {
			throw new IllegalStateException("not a guardian account");
		}
		return id;
	}
}
