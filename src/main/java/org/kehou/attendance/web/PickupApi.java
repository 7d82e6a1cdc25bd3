package org.kehou.attendance.web;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.HandOver;
import org.kehou.attendance.PickupRefused;
import org.kehou.attendance.PickupRelation;
import org.kehou.attendance.Pickups;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Check-out and pickup (签退/接送) over JSON: a guardian's authorised pickup persons and go-home-alone permission for a
 * child; a session's board of present children with the ways each may leave, and releasing a child (idempotent: the
 * same release again answers {@code replay: true}). A refused release is a 409 Problem Detail naming the
 * {@code reason} ({@code UNAUTHORISED}, {@code NOT_PERMITTED_ALONE}, {@code NOT_PRESENT} …) and storing nothing.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "pickup", description = "Authorised pickup persons, going home alone, releasing children (签退/接送)")
class PickupApi {

	record PersonRequest(@NotBlank @Size(max = Pickups.NAME_MAX) @Nullable String name,
			@NotNull @Nullable PickupRelation relation,
			@NotBlank @Pattern(regexp = "\\s*(\\+?86)?\\s*1[3-9]\\d{9}\\s*", message = "手机号应为11位 / a mainland mobile number") @Nullable String phone) {
	}

	record SignRequest(@NotNull @AssertTrue(message = "须确认声明 / confirm the statement") @Nullable Boolean confirmed) {
	}

	record ReleaseRequest(@NotNull @Nullable Long studentId, @NotNull @Nullable HandOver to, @Nullable Long id) {
	}

	/** The child's pickup arrangements and the statement a guardian signs to let the child go home alone. */
	record ChildPickupResponse(Pickups.ChildPickup pickup, String statement) {
	}

	private final Pickups pickups;

	private final MessageSource messages;

	PickupApi(Pickups pickups, MessageSource messages) {
		this.pickups = pickups;
		this.messages = messages;
	}

	@GetMapping("/students/{studentId}/pickup")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN })
	ChildPickupResponse child(@PathVariable long studentId) {
		return new ChildPickupResponse(pickups.ofChild(studentId),
				pickups.statement(studentId, LocaleContextHolder.getLocale()));
	}

	@PostMapping("/students/{studentId}/pickup-persons")
	@Access(Role.GUARDIAN)
	ResponseEntity<Pickups.Person> addPerson(@PathVariable long studentId, @Valid @RequestBody PersonRequest request) {
		Pickups.Person person = pickups.addPerson(studentId, request.name(), request.relation(), request.phone());
		return ResponseEntity.created(URI.create("/api/v1/pickup-persons/" + person.id())).body(person);
	}

	/** Removes an authorised person (kept for the record of past releases). */
	@DeleteMapping("/pickup-persons/{pickupPersonId}")
	@Access(Role.GUARDIAN)
	Pickups.Person removePerson(@PathVariable long pickupPersonId) {
		return pickups.removePerson(pickupPersonId);
	}

	/** Signs the go-home-alone permission ({@code confirmed: true} after showing the statement). */
	@PutMapping("/students/{studentId}/go-home-alone")
	@Access(Role.GUARDIAN)
	Pickups.Permission sign(@PathVariable long studentId, @Valid @RequestBody SignRequest request) {
		return pickups.signGoHomeAlone(studentId, Boolean.TRUE.equals(request.confirmed()));
	}

	@DeleteMapping("/students/{studentId}/go-home-alone")
	@Access(Role.GUARDIAN)
	ResponseEntity<Void> revoke(@PathVariable long studentId) {
		pickups.revokeGoHomeAlone(studentId);
		return ResponseEntity.noContent().build();
	}

	/** The session's present (or late) children, each with its guardians, authorised persons (masked) and release. */
	@GetMapping("/sessions/{sessionId}/pickup")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.SCHOOL_ADMIN })
	List<Pickups.BoardEntry> board(@PathVariable long sessionId) {
		return pickups.board(sessionId);
	}

	/**
	 * Releases a child: {@code to} GUARDIAN or PERSON with the guardian's or person's {@code id}, or ALONE. 201 for the
	 * release, 200 with {@code replay: true} when it had been done already.
	 */
	@PostMapping("/sessions/{sessionId}/releases")
	@Access({ Role.TEACHER, Role.INSTRUCTOR, Role.SCHOOL_ADMIN })
	ResponseEntity<Pickups.Release> release(@PathVariable long sessionId, @Valid @RequestBody ReleaseRequest request) {
		Pickups.Release release = pickups.release(sessionId, java.util.Objects.requireNonNull(request.studentId()),
				request.to(), request.id());
		return ResponseEntity.status(release.replay() ? HttpStatus.OK : HttpStatus.CREATED).body(release);
	}

	@ExceptionHandler(PickupRefused.class)
	ProblemDetail refused(PickupRefused e) {
		HttpStatus status = e.reason() == PickupRefused.Reason.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(e.messageKey(), null, LocaleContextHolder.getLocale()));
		problem.setTitle(messages.getMessage("pickup.refused", null, LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}
}
