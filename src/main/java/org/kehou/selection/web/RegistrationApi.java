package org.kehou.selection.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.selection.Registration;
import org.kehou.selection.RegistrationCounts;
import org.kehou.selection.RegistrationFilter;
import org.kehou.selection.RegistrationRefused;
import org.kehou.selection.RegistrationSettings;
import org.kehou.selection.RegistrationView;
import org.kehou.selection.Registrations;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registration (报名) API. A guardian registers and withdraws the own child ({@code studentId}); the term travels in
 * the body there, because a guardian's scope does not reach a term. The school's administrator decides pending
 * registrations and the term's settings ({@code termId}); its town office and the city read.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "registration", description = "Registration (报名) for a term's after-school service — voluntary")
class RegistrationApi {

	static final int MAX_PAGE_SIZE = 200;

	record RegisterRequest(@NotNull(message = "{registration.validation.term}") @Nullable Long termId,
			@Nullable Boolean confirmVoluntary, @Size(max = Registrations.REMARK_MAX) @Nullable String remark) {
	}

	record WithdrawRequest(@NotNull(message = "{registration.validation.term}") @Nullable Long termId) {
	}

	record DecisionRequest(@NotEmpty(message = "{registration.validation.ids}") @Nullable List<Long> ids,
			@Size(max = Registrations.REASON_MAX) @Nullable String reason) {
	}

	record SettingsRequest(@Nullable Boolean needsApproval, @Nullable LocalDate opensOn, @Nullable LocalDate closesOn) {
	}

	record SchoolSettings(long schoolId, boolean needsApproval) {
	}

	record SchoolSettingsRequest(@NotNull(message = "{registration.validation.needsApproval}") @Nullable Boolean needsApproval) {
	}

	record DecisionResponse(int changed, List<Registration> registrations) {
	}

	record ListResponse(List<RegistrationView> content, int page, int size, long totalElements, int totalPages,
			RegistrationCounts counts) {
	}

	private final Registrations registrations;

	private final MessageSource messages;

	RegistrationApi(Registrations registrations, MessageSource messages) {
		this.registrations = registrations;
		this.messages = messages;
	}

	@GetMapping("/students/{studentId}/registrations")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.GUARDIAN })
	@Operation(summary = "The child's registrations, latest term first")
	List<Registration> ofStudent(@PathVariable long studentId) {
		return registrations.ofStudent(studentId);
	}

	@PostMapping("/students/{studentId}/registrations")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Register the child for a term (201; 200 with the existing registration on a repeat). "
			+ "confirmVoluntary must be true: participation is voluntary")
	ResponseEntity<Registration> register(@PathVariable long studentId, @Valid @RequestBody RegisterRequest request) {
		var outcome = registrations.register(guardianId(), studentId, Objects.requireNonNull(request.termId()),
				Boolean.TRUE.equals(request.confirmVoluntary()), request.remark());
		if (outcome.changed()) {
			return ResponseEntity
				.created(URI.create("/api/v1/students/" + studentId + "/registrations"))
				.body(outcome.registration());
		}
		return ResponseEntity.ok(outcome.registration());
	}

	@PostMapping("/students/{studentId}/registrations/withdraw")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Withdraw the child's registration for a term while registration is open (idempotent)")
	Registration withdraw(@PathVariable long studentId, @Valid @RequestBody WithdrawRequest request) {
		return registrations.withdraw(guardianId(), studentId, Objects.requireNonNull(request.termId()))
			.registration();
	}

	@GetMapping("/terms/{termId}/registrations")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The school's students with their registration for the term (status NONE = not registered)")
	ListResponse list(@PathVariable long termId, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable Long gradeId,
			@RequestParam(required = false) @Nullable Long classId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		RegistrationFilter filter = filter(status, gradeId, classId);
		Page<RegistrationView> rows = registrations.list(termId, filter,
				PageRequest.of(Math.max(page, 0), Math.min(Math.max(size, 1), MAX_PAGE_SIZE)));
		return new ListResponse(rows.getContent(), rows.getNumber(), rows.getSize(), rows.getTotalElements(),
				rows.getTotalPages(), registrations.counts(termId));
	}

	@PostMapping("/terms/{termId}/registrations/approve")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Approve pending registrations of the term")
	DecisionResponse approve(@PathVariable long termId, @Valid @RequestBody DecisionRequest request) {
		List<Registration> done = registrations.approve(termId, Objects.requireNonNull(request.ids()));
		return new DecisionResponse(done.size(), done);
	}

	@PostMapping("/terms/{termId}/registrations/decline")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Decline pending registrations of the term with a reason (required). "
			+ "Policy: no child who needs the service may be refused")
	DecisionResponse decline(@PathVariable long termId, @Valid @RequestBody DecisionRequest request) {
		List<Registration> done = registrations.decline(termId, Objects.requireNonNull(request.ids()),
				request.reason());
		return new DecisionResponse(done.size(), done);
	}

	@GetMapping("/terms/{termId}/registration-settings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "Whether the term's registrations need approval, and the registration window")
	RegistrationSettings settings(@PathVariable long termId) {
		registrations.term(termId);
		return registrations.settings(termId);
	}

	@PutMapping("/terms/{termId}/registration-settings")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Set whether the term's registrations need approval (null = the school's default), and the "
			+ "registration window")
	RegistrationSettings updateSettings(@PathVariable long termId, @RequestBody SettingsRequest request) {
		return registrations.updateSettings(termId, request.needsApproval(), request.opensOn(), request.closesOn());
	}

	@GetMapping("/schools/{schoolId}/registration-settings")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Operation(summary = "The school's default for its terms: whether registrations need the school's approval")
	SchoolSettings schoolSettings(@PathVariable long schoolId) {
		return new SchoolSettings(schoolId, registrations.schoolNeedsApproval(schoolId));
	}

	@PutMapping("/schools/{schoolId}/registration-settings")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Set the school's default for its terms (a term's own setting still wins)")
	SchoolSettings updateSchoolSettings(@PathVariable long schoolId, @Valid @RequestBody SchoolSettingsRequest request) {
		return new SchoolSettings(schoolId,
				registrations.updateSchoolDefault(schoolId, Objects.requireNonNull(request.needsApproval())));
	}

	@ExceptionHandler(RegistrationRefused.class)
	ProblemDetail refused(RegistrationRefused e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.reason().status()),
				messages.getMessage(e.reason().messageKey(), null, e.getMessage(), LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}

	static RegistrationFilter filter(@Nullable String status, @Nullable Long gradeId, @Nullable Long classId) {
		return new RegistrationFilter(status == null || status.isBlank() ? null : status.strip().toUpperCase(),
				gradeId, classId);
	}

	private static long guardianId() {
		return Objects.requireNonNull(CurrentUser.scope().guardianId(), "guardian account without guardian id");
	}
}
