package org.kehou.people.web;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.Staff;
import org.kehou.people.StaffRole;
import org.kehou.people.StaffView;
import org.kehou.people.internal.PeopleScope;
import org.kehou.people.internal.StaffRecords;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** School staff in the JSON API. */
@RestController
@RequestMapping("/api/v1")
class StaffApi {

	record StaffRequest(@NotBlank @Size(max = 32) String staffNo, @NotBlank @Size(max = 50) String name,
			@Nullable @Pattern(regexp = "[MF]", message = "{people.validation.gender}") String gender,
			@Nullable @Pattern(regexp = PeopleApi.PHONE, message = "{people.validation.phone}") String phone,
			@Nullable Set<StaffRole> roles, @Nullable @Size(max = 32) String subject) {
	}

	/** The new staff member and their account; the initial password is shown this once. */
	record StaffCreated(StaffView staff, String username, String initialPassword) {
	}

	private final Staff staff;

	private final StaffRecords records;

	StaffApi(Staff staff, StaffRecords records) {
		this.staff = staff;
		this.records = records;
	}

	@GetMapping("/schools/{schoolId}/staff")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
	List<StaffView> list(@PathVariable long schoolId) {
		return records.search(PeopleScope.of(CurrentUser.scope()), schoolId);
	}

	@PostMapping("/schools/{schoolId}/staff")
	@Access(Role.SCHOOL_ADMIN)
	ResponseEntity<StaffCreated> create(@PathVariable long schoolId, @Valid @RequestBody StaffRequest request) {
		var registered = records.register(schoolId, new StaffRecords.StaffInput(request.staffNo(), request.name(),
				request.gender(), request.phone(), request.roles() == null ? Set.of() : request.roles(),
				request.subject()));
		return ResponseEntity.created(URI.create("/api/v1/staff/" + registered.staff().id()))
			.body(new StaffCreated(registered.staff(), registered.username(), registered.initialPassword()));
	}

	@GetMapping("/staff/{staffId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
	StaffView show(@PathVariable long staffId) {
		return staff.find(staffId).orElseThrow();
	}
}
