package org.kehou.courses.web;

import java.math.BigDecimal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.kehou.courses.CourseFilter;
import org.kehou.courses.Programme;
import org.kehou.courses.ProgrammeEntry;
import org.kehou.courses.ProgrammeRefused;
import org.kehou.courses.Programmes;
import org.kehou.courses.SelectableCourse;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A school's term programme and the courses it may pick. The term decides the scope ({@code termId}): the school's
 * administrator changes it, its town office and the city read it.
 */
@RestController
@RequestMapping("/api/v1/terms/{termId}")
@Tag(name = "programme", description = "Schools' term programmes (课程遴选) drawn from the courses admitted in their town")
class ProgrammeApi {

	static final int MAX_PAGE_SIZE = 100;

	record AddRequest(@NotNull(message = "{programme.validation.course}") @Nullable Long courseId) {
	}

	record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

		static <T> PageResponse<T> of(Page<T> page) {
			return new PageResponse<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
					page.getTotalPages());
		}
	}

	private final Programmes programmes;

	private final MessageSource messages;

	ProgrammeApi(Programmes programmes, MessageSource messages) {
		this.programmes = programmes;
		this.messages = messages;
	}

	@GetMapping("/programme")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The term's programme, each course with its provider's status and whether it can still be offered")
	Programme programme(@PathVariable long termId) {
		return programmes.programme(termId);
	}

	@GetMapping("/selectable-courses")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Courses the school may pick: approved in its town by whitelisted providers, and its own")
	PageResponse<SelectableCourse> selectable(@PathVariable long termId,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(required = false) @Nullable Integer grade,
			@RequestParam(required = false) @Nullable BigDecimal maxPrice,
			@RequestParam(required = false) @Nullable Long providerId, @RequestParam(required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		CourseFilter filter = filter(category, grade, maxPrice, providerId, q);
		return PageResponse.of(programmes.selectable(termId, filter,
				PageRequest.of(Math.max(page, 0), Math.min(Math.max(size, 1), MAX_PAGE_SIZE))));
	}

	@PostMapping("/programme")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Add a selectable course to the programme (409 with the reason otherwise)")
	ResponseEntity<ProgrammeEntry> add(@PathVariable long termId, @Valid @RequestBody AddRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(programmes.add(termId, java.util.Objects.requireNonNull(request.courseId())));
	}

	@DeleteMapping("/programme")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Remove a course from the programme")
	ResponseEntity<Void> remove(@PathVariable long termId, @RequestParam("course") long courseId) {
		if (!programmes.remove(termId, courseId)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the course is not in the programme");
		}
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(ProgrammeRefused.class)
	ProblemDetail refused(ProgrammeRefused e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, messages.getMessage(
				"programme.refused." + e.reason().name(), null, e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	static CourseFilter filter(@Nullable String category, @Nullable Integer grade, @Nullable BigDecimal maxPrice,
			@Nullable Long providerId, @Nullable String q) {
		return new CourseFilter(category, grade, maxPrice == null ? null : Money.ofYuan(maxPrice), providerId, q);
	}
}
