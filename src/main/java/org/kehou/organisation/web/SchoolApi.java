package org.kehou.organisation.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.GradeView;
import org.kehou.organisation.SchoolClassView;
import org.kehou.organisation.SchoolFilter;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1/schools")
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
@Tag(name = "organisation")
class SchoolApi {

	/** A new class: grade level 1–9 and a name such as 2班. */
	record NewClassRequest(@NotNull @Min(1) @Max(9) @Nullable Integer gradeLevel,
			@NotBlank @Size(max = 32) @Nullable String name) {
	}

	record PlatformAssignment(@NotNull @Nullable Long platformId) {
	}

	private final Schools schools;

	private final ServicePlatforms platforms;

	SchoolApi(Schools schools, ServicePlatforms platforms) {
		this.schools = schools;
		this.platforms = platforms;
	}

	@GetMapping
	@Operation(summary = "Schools in the caller's scope, filtered by town and name (page numbers start at 0)")
	PageResponse<SchoolView> list(@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable Boolean cityDirect,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (page < 0 || size < 1 || size > 200) {
			throw new IllegalArgumentException("page must be ≥ 0 and size between 1 and 200");
		}
		return PageResponse.of(schools.listSchools(CurrentUser.scope(), new SchoolFilter(townId, name, cityDirect),
				PageRequest.of(page, size)));
	}

	@GetMapping("/{schoolId}")
	@Operation(summary = "One school")
	SchoolView get(@PathVariable long schoolId) {
		return schools.findSchool(schoolId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@GetMapping("/{schoolId}/grades")
	@Operation(summary = "The grades of a school with their class counts")
	List<GradeView> grades(@PathVariable long schoolId) {
		return schools.gradesOf(schoolId);
	}

	@GetMapping("/{schoolId}/classes")
	@Operation(summary = "The classes of a school")
	List<SchoolClassView> classes(@PathVariable long schoolId) {
		return schools.classesOf(schoolId);
	}

	@PostMapping("/{schoolId}/classes")
	@ResponseStatus(HttpStatus.CREATED)
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Add a class to a grade of the school")
	SchoolClassView addClass(@PathVariable long schoolId, @Valid @RequestBody NewClassRequest request) {
		return schools.addClass(schoolId, java.util.Objects.requireNonNull(request.gradeLevel()),
				java.util.Objects.requireNonNull(request.name()));
	}

	@PutMapping("/{schoolId}/platform")
	@Access(Role.CITY_ADMIN)
	@Operation(summary = "Assign the service platform that serves the school (city only)")
	SchoolView assignPlatform(@PathVariable long schoolId, @Valid @RequestBody PlatformAssignment request) {
		platforms.assign(schoolId, java.util.Objects.requireNonNull(request.platformId()));
		return schools.findSchool(schoolId).orElseThrow();
	}
}
