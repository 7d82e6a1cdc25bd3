package org.kehou.billing.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.billing.Reconciliations;
import org.kehou.billing.Reconciliations.Difference;
import org.kehou.billing.Reconciliations.Run;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.payment.Statement;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation API: a day's run and the differences the caller's scope sees (city: all; town: its schools'),
 * re-running a day (city), resolving a difference with a note, the statement as CSV (city). Amounts in fen.
 */
@RestController
@RequestMapping("/api/v1/billing/reconciliation")
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class ReconciliationApi {

	/** A day's run (null when the day was never reconciled) and its differences in the caller's scope. */
	record DayView(LocalDate date, String gateway, @Nullable Run run, List<Difference> differences) {
	}

	/** The resolution note, 1–500 characters. */
	record Resolution(@Nullable String note) {
	}

	private final Reconciliations reconciliations;

	ReconciliationApi(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	@GetMapping
	DayView day(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		LocalDate day = ReconciliationPages.dayOrYesterday(date);
		Run run = reconciliations.runOf(day).orElse(null);
		return new DayView(day, reconciliations.gatewayName(), run,
				run == null ? List.of() : reconciliations.differences(CurrentUser.scope(), run.id()));
	}

	@PostMapping
	@Access(Role.CITY_ADMIN)
	DayView reconcile(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
		ReconciliationPages.requireNotFuture(date);
		Run run = reconciliations.reconcile(date, CurrentUser.require().id());
		return new DayView(date, run.gateway(), run, reconciliations.differences(CurrentUser.scope(), run.id()));
	}

	@PostMapping("/differences/{differenceId}/resolve")
	Difference resolve(@PathVariable long differenceId, @RequestBody Resolution resolution) {
		return reconciliations.resolve(differenceId, resolution.note() == null ? "" : resolution.note(),
				CurrentUser.require());
	}

	@GetMapping("/statement")
	@Access(Role.CITY_ADMIN)
	ResponseEntity<byte[]> statement(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
		return csv(reconciliations.gatewayName(), date, reconciliations.statementCsv(date));
	}

	static ResponseEntity<byte[]> csv(String gateway, LocalDate date, String csv) {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + gateway + "-bill-" + date + ".csv\"")
			.body(csv.getBytes(StandardCharsets.UTF_8));
	}

	static LocalDate today() {
		return LocalDate.now(Statement.ZONE);
	}
}
