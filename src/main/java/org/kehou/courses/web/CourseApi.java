package org.kehou.courses.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.FeeCaps;
import org.kehou.courses.AboveCap;
import org.kehou.courses.CourseAction;
import org.kehou.courses.CourseStatus;
import org.kehou.courses.CourseSummary;
import org.kehou.courses.CourseView;
import org.kehou.courses.Courses;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "courses", description = "The course catalogue of providers and schools, its town review and fee caps")
class CourseApi {

	record SubmitRequest(@NotEmpty(message = "{courses.validation.towns}") @Nullable List<Long> townIds) {
	}

	record ReviewRequest(@NotNull(message = "{courses.validation.required}") @Nullable CourseAction action,
			@Size(max = 1000, message = "{courses.validation.size}") @Nullable String reason,
			@Nullable Boolean notAcademicConfirmed) {
	}

	record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

		static <T> PageResponse<T> of(Page<T> page) {
			return new PageResponse<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
					page.getTotalPages());
		}
	}

	private final Courses courses;

	CourseApi(Courses courses) {
		this.courses = courses;
	}

	@GetMapping("/courses")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Courses in the caller's scope: all (city), its pool and schools (town), its own (provider, school)")
	PageResponse<CourseSummary> list(@RequestParam(required = false) @Nullable CourseStatus status,
			@RequestParam(required = false) @Nullable String category, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return PageResponse.of(courses.list(CurrentUser.scope(), status, category,
				PageRequest.of(Math.max(page, 0), Math.min(Math.max(size, 1), 100))));
	}

	@GetMapping("/courses/above-cap")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Courses in scope whose price is above the cap in force (today or on ?date=)")
	List<AboveCap> aboveCap(@RequestParam(required = false) @Nullable LocalDate date) {
		return courses.aboveCap(CurrentUser.scope(), date == null ? FeeCaps.today() : date);
	}

	@PostMapping("/providers/{providerId}/courses")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "A provider lists a new course (a draft until submitted)")
	ResponseEntity<CourseView> createForProvider(@PathVariable long providerId, @Valid @RequestBody CourseForm form) {
		return created(courses.createForProvider(providerId, form.details()));
	}

	@PostMapping("/schools/{schoolId}/courses")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "A school lists its own course; approved at once when within the cap of its town")
	ResponseEntity<CourseView> createForSchool(@PathVariable long schoolId, @Valid @RequestBody CourseForm form) {
		return created(courses.createForSchool(schoolId, form.details()));
	}

	@GetMapping("/courses/{courseId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "A course with its town admissions, instructors and review history")
	CourseView get(@PathVariable long courseId) {
		return courses.find(courseId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PutMapping("/courses/{courseId}")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Save a course (a provider: while drafting or correcting, or lower an approved course's price)")
	CourseView update(@PathVariable long courseId, @Valid @RequestBody CourseForm form) {
		courses.requireOwner(courseId, CurrentUser.scope());
		return courses.update(courseId, form.details());
	}

	@PostMapping("/courses/{courseId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Submit a provider's course to the pools of towns where the provider is admitted")
	CourseView submit(@PathVariable long courseId, @Valid @RequestBody SubmitRequest request) {
		return courses.submit(courseId, Objects.requireNonNull(request.townIds()));
	}

	@PostMapping("/courses/{courseId}/review")
	@Access(Role.TOWN_ADMIN)
	@Operation(summary = "Town: APPROVE (with notAcademicConfirmed), REJECT or RETURN (with reason)")
	CourseView review(@PathVariable long courseId, @Valid @RequestBody ReviewRequest request) {
		return courses.review(courseId, Objects.requireNonNull(request.action()), request.reason(),
				Boolean.TRUE.equals(request.notAcademicConfirmed()), CurrentUser.scope());
	}

	@PostMapping("/courses/{courseId}/withdraw")
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Withdraw a course from every pool")
	CourseView withdraw(@PathVariable long courseId) {
		courses.requireOwner(courseId, CurrentUser.scope());
		return courses.withdraw(courseId);
	}

	@PutMapping("/courses/{courseId}/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Assign one of the provider's instructors who may teach today")
	CourseView assign(@PathVariable long courseId, @PathVariable long instructorId) {
		return courses.assignInstructor(courseId, instructorId);
	}

	@DeleteMapping("/courses/{courseId}/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Remove an instructor from a course")
	CourseView remove(@PathVariable long courseId, @PathVariable long instructorId) {
		return courses.removeInstructor(courseId, instructorId);
	}

	private static ResponseEntity<CourseView> created(CourseView course) {
		return ResponseEntity.created(URI.create("/api/v1/courses/" + course.id())).body(course);
	}
}
