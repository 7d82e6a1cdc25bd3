package org.kehou.providers.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.providers.InstructorView;
import org.kehou.providers.Instructors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "instructors", description = "Providers' instructors (机构教师) and whether they may be assigned to teach")
class InstructorApi {

	record IdNumberResponse(String idNumber) {
	}

	private final Instructors instructors;

	InstructorApi(Instructors instructors) {
		this.instructors = instructors;
	}

	@GetMapping("/api/v1/providers/{providerId}/instructors")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "A provider's instructors with masked ID numbers and whether each is assignable today")
	List<InstructorView> list(@PathVariable long providerId) {
		return instructors.list(providerId);
	}

	@PostMapping("/api/v1/providers/{providerId}/instructors")
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register an instructor with their certificates and labour contract")
	InstructorView register(@PathVariable long providerId, @Valid @RequestBody InstructorForm form) {
		return instructors.register(providerId, form.details());
	}

	@GetMapping("/api/v1/instructors/{instructorId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "An instructor (masked ID number) and whether they are assignable today, with the reasons")
	InstructorView get(@PathVariable long instructorId) {
		return instructors.find(instructorId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PutMapping("/api/v1/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Edit an instructor, e.g. a renewed no-criminal-record certificate")
	InstructorView update(@PathVariable long instructorId, @Valid @RequestBody InstructorForm form) {
		return instructors.update(instructorId, form.details());
	}

	@GetMapping("/api/v1/instructors/{instructorId}/id-number")
	@Access({ Role.CITY_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The instructor's full ID number (audited)")
	IdNumberResponse idNumber(@PathVariable long instructorId) {
		return new IdNumberResponse(instructors.idNumber(instructorId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}
}
