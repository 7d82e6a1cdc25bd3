package org.kehou.selection.web;

import java.net.URI;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.selection.OfferingConflict;
import org.kehou.selection.OfferingDetails;
import org.kehou.selection.OfferingFilter;
import org.kehou.selection.OfferingInvalid;
import org.kehou.selection.OfferingRefused;
import org.kehou.selection.OfferingStatus;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.Slot;
import org.kehou.selection.TeacherRef;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A school's offerings (开班) of a term. The term or the offering decides the scope ({@code termId},
 * {@code offeringId}): the school's administrator changes them, its town office and the city read them, the provider
 * whose course it is reads its own offerings.
 */
@RestController
@Tag(name = "offerings", description = "Offerings (开班): programme courses with a weekly timetable, venue, capacity and teachers")
class OfferingApi {

	static final int MAX_PAGE_SIZE = 100;

	record SlotRequest(@NotNull(message = "{selection.validation.weekday}") @Min(value = 1, message = "{selection.validation.weekday}")
			@Max(value = 5, message = "{selection.validation.weekday}") @Nullable Integer weekday,
			@NotNull(message = "{selection.validation.time}") @Nullable LocalTime starts,
			@NotNull(message = "{selection.validation.time}") @Nullable LocalTime ends) {

		Slot toSlot() {
			return new Slot(Objects.requireNonNull(weekday), Objects.requireNonNull(starts), Objects.requireNonNull(ends));
		}
	}

	record TeacherRequest(@Nullable Long instructorId, @Nullable Long staffId) {
	}

	/**
	 * An offering as sent by the school: the course on creation only (ignored on PUT), grade levels 1..9, slots with
	 * weekday 1 (Mon) … 5 (Fri) and "HH:mm" times; on PUT an optional {@code version} (as last read) refuses the
	 * change with 409 if someone changed the offering meanwhile.
	 */
	record OfferingRequest(@Nullable Long courseId, @Size(max = 100, message = "{selection.validation.name}") @Nullable String name,
			@NotBlank(message = "{selection.validation.venue}") @Size(max = 100, message = "{selection.validation.venue}") @Nullable String venue,
			@NotNull(message = "{selection.validation.capacity}") @Min(value = 1, message = "{selection.validation.capacity}") @Nullable Integer minCapacity,
			@NotNull(message = "{selection.validation.capacity}") @Min(value = 1, message = "{selection.validation.capacity}") @Nullable Integer capacity,
			@NotEmpty(message = "{selection.validation.grades}") @Nullable List<@NotNull @Min(1) @Max(9) Integer> grades,
			@Nullable List<Long> classIds, @Nullable Boolean daysChoosable,
			@NotEmpty(message = "{selection.validation.slots}") @Nullable List<@Valid SlotRequest> slots,
			@Nullable List<TeacherRequest> teachers, @Nullable Integer version) {

		OfferingDetails toDetails() {
			return new OfferingDetails(name, Objects.requireNonNull(venue), Objects.requireNonNull(minCapacity),
					Objects.requireNonNull(capacity), Objects.requireNonNull(grades),
					classIds == null ? List.of() : classIds, Boolean.TRUE.equals(daysChoosable),
					Objects.requireNonNull(slots).stream().map(SlotRequest::toSlot).toList(),
					teachers == null ? List.of()
							: teachers.stream().map(t -> new TeacherRef(t.instructorId(), t.staffId())).toList());
		}
	}

	record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

		static <T> PageResponse<T> of(Page<T> page) {
			return new PageResponse<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
					page.getTotalPages());
		}
	}

	private final Offerings offerings;

	private final MessageSource messages;

	OfferingApi(Offerings offerings, MessageSource messages) {
		this.offerings = offerings;
		this.messages = messages;
	}

	@GetMapping("/api/v1/terms/{termId}/offerings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The term's offerings, filtered by weekday (1–5), category, grade and status")
	PageResponse<OfferingView> list(@PathVariable long termId, @RequestParam(required = false) @Nullable Integer weekday,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(required = false) @Nullable Integer grade,
			@RequestParam(required = false) @Nullable OfferingStatus status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return PageResponse.of(offerings.list(termId, new OfferingFilter(weekday, category, grade, status),
				PageRequest.of(Math.max(page, 0), Math.min(Math.max(size, 1), MAX_PAGE_SIZE))));
	}

	@PostMapping("/api/v1/terms/{termId}/offerings")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Plan a draft offering of a programme course (409 naming the offering that holds the venue or a teacher)")
	ResponseEntity<OfferingView> create(@PathVariable long termId, @Valid @RequestBody OfferingRequest request) {
		if (request.courseId() == null) {
			throw new OfferingInvalid("courseId", "courseMissing");
		}
		OfferingView created = offerings.create(termId, request.courseId(), request.toDetails());
		return ResponseEntity.created(URI.create("/api/v1/offerings/" + created.id())).body(created);
	}

	@GetMapping("/api/v1/offerings/{offeringId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "One offering with its timetable and teachers")
	OfferingView get(@PathVariable long offeringId) {
		return offerings.find(offeringId).orElseThrow();
	}

	@PutMapping("/api/v1/offerings/{offeringId}")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Change an offering (not its course, fee or number of lessons)")
	OfferingView update(@PathVariable long offeringId, @Valid @RequestBody OfferingRequest request) {
		return offerings.update(offeringId, request.toDetails(), request.version());
	}

	@PostMapping("/api/v1/offerings/{offeringId}/publish")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Publish a draft for the selection rounds")
	OfferingView publish(@PathVariable long offeringId) {
		return offerings.publish(offeringId);
	}

	@PostMapping("/api/v1/offerings/{offeringId}/cancel")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Cancel an offering (final)")
	OfferingView cancel(@PathVariable long offeringId) {
		return offerings.cancel(offeringId);
	}

	@ExceptionHandler(OfferingInvalid.class)
	ProblemDetail invalid(OfferingInvalid e) {
		String text = messages.getMessage(e.messageKey(), e.args(), e.getMessage(), LocaleContextHolder.getLocale());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, text);
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put(e.field(), text);
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler(OfferingRefused.class)
	ProblemDetail refused(OfferingRefused e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				messages.getMessage(e.messageKey(), e.args(), e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.code());
		if (e instanceof OfferingConflict conflict) {
			problem.setProperty("conflictingOfferingId", conflict.otherOfferingId());
		}
		return problem;
	}
}
