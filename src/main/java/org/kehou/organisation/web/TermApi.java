package org.kehou.organisation.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.CalendarDay;
import org.kehou.organisation.DayKind;
import org.kehou.organisation.NewTerm;
import org.kehou.organisation.TermCalendar;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
@Tag(name = "organisation")
class TermApi {

	record NewTermRequest(@NotBlank @Size(max = 64) @Nullable String name,
			@NotNull @Pattern(regexp = "\\d{4}-\\d{4}") @Nullable String schoolYear,
			@NotNull @Min(1) @Max(2) @Nullable Integer semester, @NotNull @Nullable LocalDate startsOn,
			@NotNull @Nullable LocalDate endsOn) {

		NewTerm toTerm() {
			return new NewTerm(Objects.requireNonNull(name), Objects.requireNonNull(schoolYear),
					Objects.requireNonNull(semester), Objects.requireNonNull(startsOn), Objects.requireNonNull(endsOn));
		}
	}

	/**
	 * An exception for one day of the calendar.
	 *
	 * @param followsWeekday 1 (Monday) … 5 (Friday), for SWAPPED_DAY and MAKEUP_DAY only
	 */
	record DayRequest(@NotNull @Nullable DayKind kind, @Min(1) @Max(5) @Nullable Integer followsWeekday,
			@Size(max = 100) @Nullable String note) {
	}

	/** A term with its calendar exceptions and the number of days with after-school service. */
	record TermDetails(TermView term, List<CalendarDay> days, int serviceDayCount) {

		static TermDetails of(TermView term, TermCalendar calendar) {
			return new TermDetails(term, calendar.days(), calendar.serviceDayCount());
		}
	}

	private final Terms terms;

	TermApi(Terms terms) {
		this.terms = terms;
	}

	@GetMapping("/api/v1/schools/{schoolId}/terms")
	@Operation(summary = "The terms of a school, latest first")
	List<TermView> list(@PathVariable long schoolId) {
		return terms.termsOf(schoolId);
	}

	@PostMapping("/api/v1/schools/{schoolId}/terms")
	@ResponseStatus(HttpStatus.CREATED)
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Plan a term for the school")
	TermView create(@PathVariable long schoolId, @Valid @RequestBody NewTermRequest request) {
		return terms.create(schoolId, request.toTerm());
	}

	@GetMapping("/api/v1/terms/{termId}")
	@Operation(summary = "A term with its calendar exceptions and service-day count")
	TermDetails get(@PathVariable long termId) {
		return details(termId);
	}

	@PutMapping("/api/v1/terms/{termId}/days/{date}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Record a holiday, 调休 swapped day, 补课 make-up day or no-service day")
	TermDetails setDay(@PathVariable long termId,
			@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@Valid @RequestBody DayRequest request) {
		Integer follows = request.followsWeekday();
		terms.setDay(termId, new CalendarDay(date, Objects.requireNonNull(request.kind()),
				follows == null ? null : DayOfWeek.of(follows), request.note()));
		return details(termId);
	}

	@DeleteMapping("/api/v1/terms/{termId}/days/{date}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Remove the exception of a day; 404 when the day has none")
	ResponseEntity<Void> removeDay(@PathVariable long termId,
			@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
		if (!terms.removeDay(termId, date)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no exception on " + date);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/terms/{termId}/open")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Open a planned term")
	TermView open(@PathVariable long termId) {
		return terms.open(termId);
	}

	@PostMapping("/api/v1/terms/{termId}/close")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Close a term; its calendar becomes read-only")
	TermView close(@PathVariable long termId) {
		return terms.close(termId);
	}

	private TermDetails details(long termId) {
		TermView term = terms.findTerm(termId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return TermDetails.of(term, terms.calendar(termId).orElseThrow());
	}
}
