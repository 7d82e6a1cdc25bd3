package org.kehou.billing.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.SessionState;
import org.kehou.billing.SettlementRefused;
import org.kehou.billing.SettlementStatus;
import org.kehou.billing.SettlementView;
import org.kehou.billing.Settlements;
import org.kehou.billing.Statement;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Provider settlement over JSON: the statements of the caller's scope, one statement in full, making one (the
 * provider admin: a draft; the school admin: submitted at once), the lifecycle (recompute, submit, discard — the
 * provider admin; approve, return — the school admin or town admin) and the .xlsx and PDF exports. Amounts are whole
 * fen. {@code settlementId} is resolved to the statement's school, town and provider, so another scope's statement is
 * 404. Refusals are Problem Details with a {@code reason} ({@link SettlementRefused.Reason}).
 */
@RestController
@RequestMapping("/api/v1/settlements")
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
@Tag(name = "settlement", description = "Provider settlement statements (机构结算)")
class SettlementApi {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	/**
	 * @param providerId the provider (a provider admin: its own)
	 * @param termId the term, which names the school (a school admin: its own school's)
	 * @param month {@code yyyy-MM} inside the term, or absent for the whole term
	 */
	record CreateRequest(@NotNull @Nullable Long providerId, @NotNull @Nullable Long termId,
			@Pattern(regexp = "\\d{4}-\\d{2}") @Nullable String month) {
	}

	/** @param expectedTotalFen the total the approver saw (refused with CHANGED if the figures moved); optional */
	record ApproveRequest(@Nullable Long expectedTotalFen) {
	}

	record ReturnRequest(@NotBlank @Size(max = 200) @Nullable String reason) {
	}

	record SettlementResponse(long id, long providerId, String providerName, long schoolId, String schoolName,
			long termId, String termName, @Nullable String month, LocalDate from, LocalDate to, SettlementStatus status,
			int sessionsGiven, int childLessons, long totalFen, long creditsFen, LocalDate computedTo,
			@Nullable String createdBy, Instant createdAt, @Nullable String submittedBy, @Nullable Instant submittedAt,
			@Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String returnReason,
			@Nullable Long postingId) {

		static SettlementResponse of(SettlementView s) {
			return new SettlementResponse(s.id(), s.providerId(), s.providerName(), s.schoolId(), s.schoolName(),
					s.termId(), s.termName(), s.month() == null ? null : s.month().toString(), s.from(), s.to(),
					s.status(), s.sessionsGiven(), s.childLessons(), s.total().fen(), s.credits().fen(), s.computedTo(),
					s.createdBy(), s.createdAt(), s.submittedBy(), s.submittedAt(), s.decidedBy(), s.decidedAt(),
					s.returnReason(), s.postingId());
		}
	}

	record SessionResponse(long sessionId, LocalDate date, LocalTime starts, LocalTime ends, SessionState state,
			@Nullable String reason, String checkIns, int children, long amountFen) {
	}

	record OfferingResponse(long offeringId, String name, long feePerLessonFen, long sessionsGiven, int childLessons,
			long amountFen, List<SessionResponse> sessions) {
	}

	record CreditResponse(long creditId, LocalDate date, String offeringName, String childName, String reason,
			int lessons, long amountFen) {
	}

	/** @param frozen the lines stored at approval; otherwise computed at the time of the request */
	record StatementResponse(SettlementResponse settlement, boolean frozen, long sessionsGiven,
			long sessionsNotCheckedIn, long sessionsCancelled, int childLessons, long totalFen, long creditsFen,
			List<OfferingResponse> offerings, List<CreditResponse> credits) {

		static StatementResponse of(Statement s) {
			return new StatementResponse(SettlementResponse.of(s.settlement()), s.frozen(), s.count(SessionState.GIVEN),
					s.count(SessionState.NOT_CHECKED_IN), s.count(SessionState.CANCELLED), s.childLessons(),
					s.total().fen(), s.creditsTotal().fen(),
					s.offerings()
						.stream()
						.map(o -> new OfferingResponse(o.offeringId(), o.name(), o.feePerLesson().fen(),
								o.count(SessionState.GIVEN), o.childLessons(), o.amount().fen(),
								o.sessions()
									.stream()
									.map(l -> new SessionResponse(l.sessionId(), l.date(), l.starts(), l.ends(), l.state(),
											l.reason(), l.checkIns(), l.children(), l.amount().fen()))
									.toList()))
						.toList(),
					s.credits()
						.stream()
						.map(c -> new CreditResponse(c.creditId(), c.date(), c.offeringName(), c.childName(), c.reason(),
								c.lessons(), c.amount().fen()))
						.toList());
		}
	}

	private final Settlements settlements;

	private final MessageSource messages;

	SettlementApi(Settlements settlements, MessageSource messages) {
		this.settlements = settlements;
		this.messages = messages;
	}

	@GetMapping
	@Operation(summary = "The statements of the caller's scope, newest periods first (at most 200); "
			+ "optional filters status, provider (id) and school (id)")
	List<SettlementResponse> list(@RequestParam(required = false) @Nullable SettlementStatus status,
			@RequestParam(required = false) @Nullable Long provider, @RequestParam(required = false) @Nullable Long school) {
		return settlements.list(CurrentUser.scope(), new Settlements.Filter(status, provider, school))
			.stream()
			.map(SettlementResponse::of)
			.toList();
	}

	@PostMapping
	@Access({ Role.PROVIDER_ADMIN, Role.SCHOOL_ADMIN })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Makes a statement for a provider and term (whole term or one month): a provider admin's is "
			+ "a draft, a school admin's is submitted at once (for a period that is over)")
	SettlementResponse create(@Valid @RequestBody CreateRequest request) {
		return SettlementResponse.of(settlements.create(CurrentUser.require(), request.providerId(), request.termId(),
				month(request.month())));
	}

	/** {@code yyyy-MM}, or null for blank; anything else is a bad request. */
	static @Nullable YearMonth month(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return YearMonth.parse(text.strip());
		}
		catch (java.time.format.DateTimeParseException e) {
			throw new IllegalArgumentException("not a month: " + text, e);
		}
	}

	@GetMapping("/{settlementId}")
	@Operation(summary = "One statement in full: per offering and session, totals, credits of the period")
	StatementResponse statement(@PathVariable long settlementId) {
		return StatementResponse.of(settlements.statement(settlementId));
	}

	@PostMapping("/{settlementId}/recompute")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Recomputes a draft's figures")
	SettlementResponse recompute(@PathVariable long settlementId) {
		return SettlementResponse.of(settlements.recompute(CurrentUser.require(), settlementId));
	}

	@PostMapping("/{settlementId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Submits a draft to the school (after the period's last day)")
	SettlementResponse submit(@PathVariable long settlementId) {
		return SettlementResponse.of(settlements.submit(CurrentUser.require(), settlementId));
	}

	@DeleteMapping("/{settlementId}")
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Discards a draft")
	void discard(@PathVariable long settlementId) {
		settlements.discard(CurrentUser.require(), settlementId);
	}

	@PostMapping("/{settlementId}/approve")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	@Operation(summary = "Approves a submitted statement: freezes it and posts the total once to the ledger")
	SettlementResponse approve(@PathVariable long settlementId,
			@RequestBody(required = false) @Nullable ApproveRequest request) {
		return SettlementResponse.of(settlements.approve(CurrentUser.require(), settlementId,
				request == null ? null : request.expectedTotalFen()));
	}

	@PostMapping("/{settlementId}/return")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN })
	@Operation(summary = "Returns a submitted statement with a reason")
	SettlementResponse sendBack(@PathVariable long settlementId, @Valid @RequestBody ReturnRequest request) {
		return SettlementResponse.of(settlements.sendBack(CurrentUser.require(), settlementId, request.reason()));
	}

	@GetMapping("/{settlementId}/statement.xlsx")
	@Operation(summary = "The statement as an .xlsx workbook")
	ResponseEntity<byte[]> xlsx(@PathVariable long settlementId) {
		return download(settlements.xlsx(settlementId, LocaleContextHolder.getLocale()), XLSX,
				"settlement-" + settlementId + ".xlsx");
	}

	@GetMapping("/{settlementId}/statement.pdf")
	@Operation(summary = "The statement as a PDF (both parties, period, sessions, totals, approval)")
	ResponseEntity<byte[]> pdf(@PathVariable long settlementId) {
		return download(settlements.pdf(settlementId, LocaleContextHolder.getLocale()), MediaType.APPLICATION_PDF_VALUE,
				"settlement-" + settlementId + ".pdf");
	}

	static ResponseEntity<byte[]> download(byte[] body, String type, String filename) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(type))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
			.body(body);
	}

	@ExceptionHandler(SettlementRefused.class)
	ProblemDetail refused(SettlementRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case REASON_REQUIRED, OUTSIDE_TERM -> HttpStatus.BAD_REQUEST;
			default -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(e.messageKey(), null, LocaleContextHolder.getLocale()));
		problem.setTitle(messages.getMessage("settlement.refused", null, LocaleContextHolder.getLocale()));
		problem.setProperty("reason", e.reason().name());
		return problem;
	}
}
