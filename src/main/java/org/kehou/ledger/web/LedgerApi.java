package org.kehou.ledger.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.ledger.AccountKind;
import org.kehou.ledger.LedgerProof;
import org.kehou.ledger.LedgerReports;
import org.kehou.ledger.PostingKind;
import org.kehou.ledger.PostingPage;
import org.kehou.ledger.PostingView;
import org.kehou.ledger.Side;
import org.kehou.ledger.TrialBalance;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The ledger's read views in the JSON API, for city, town and school administrators within their scope. Amounts are
 * whole fen ({@code long}); nothing here is a floating-point number.
 */
@RestController
@RequestMapping("/api/v1/ledger")
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
@Tag(name = "ledger", description = "The double-entry ledger (复式记账): trial balance, postings")
class LedgerApi {

	record KindResponse(AccountKind kind, Side normalSide, long accounts, long debitFen, long creditFen,
			long balanceFen) {
	}

	record TrialBalanceResponse(List<KindResponse> kinds, long debitFen, long creditFen, boolean wholeLedger,
			boolean balances) {

		static TrialBalanceResponse of(TrialBalance t) {
			return new TrialBalanceResponse(t.rows()
				.stream()
				.map(r -> new KindResponse(r.kind(), r.kind().normalSide(), r.accounts(), r.debits().fen(),
						r.credits().fen(), r.balance().fen()))
				.toList(), t.debits().fen(), t.credits().fen(), t.wholeLedger(), t.balances());
		}
	}

	/** {@code visible} false: the account lies outside the caller's scope, its owner is withheld. */
	record LegResponse(int line, AccountKind account, boolean visible, @Nullable Long ownerId, @Nullable String ownerName,
			Side side, long amountFen) {
	}

	record PostingResponse(long id, PostingKind kind, String reference, String description, Instant occurredAt,
			Instant recordedAt, @Nullable Long reversesId, long totalFen, List<LegResponse> legs) {

		static PostingResponse of(PostingView p) {
			return new PostingResponse(p.id(), p.kind(), p.reference(), p.description(), p.occurredAt(),
					p.recordedAt(), p.reversesId(), p.total().fen(),
					p.legs()
						.stream()
						.map(l -> new LegResponse(l.line(), l.kind(), l.visible(), l.ownerId(), l.ownerName(), l.side(),
								l.amount().fen()))
						.toList());
		}
	}

	record PageResponse(List<PostingResponse> items, int page, int size, long total, int totalPages) {
	}

	record ProofResponse(long postings, long debitFen, long creditFen, long unbalancedPostings, long accountsOutOfStep,
			boolean holds) {
	}

	private final LedgerReports reports;

	LedgerApi(LedgerReports reports) {
		this.reports = reports;
	}

	@GetMapping("/trial-balance")
	@Operation(summary = "Totals by account kind of the accounts in the caller's scope (optionally one school)")
	TrialBalanceResponse trialBalance(@RequestParam(required = false) @Nullable Long schoolId) {
		return TrialBalanceResponse.of(reports.trialBalance(CurrentUser.scope(), schoolId));
	}

	@GetMapping("/postings")
	@Operation(summary = "Postings touching the caller's scope, newest first, with their legs (page from 0, size 1–100)")
	PageResponse postings(@RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		PostingPage p = reports.postings(CurrentUser.scope(), schoolId, page, size);
		return new PageResponse(p.items().stream().map(PostingResponse::of).toList(), p.page(), p.size(), p.total(),
				p.totalPages());
	}

	@GetMapping("/postings/{postingId}")
	@Operation(summary = "One posting with its legs")
	PostingResponse posting(@PathVariable long postingId) {
		return reports.posting(CurrentUser.scope(), postingId)
			.map(PostingResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "posting " + postingId + " not found"));
	}

	@GetMapping("/proof")
	@Access(Role.CITY_ADMIN)
	@Operation(summary = "Proof that the whole ledger balances: all debits = all credits, every posting balances, "
			+ "every account's totals equal the sum of its legs")
	ProofResponse proof() {
		LedgerProof p = reports.proof();
		return new ProofResponse(p.postings(), p.debits().fen(), p.credits().fen(), p.unbalancedPostings(),
				p.accountsOutOfStep(), p.holds());
	}
}
