// NOTE TO THE HELPER (from the lead; delete these lines, never commit them): your prompt lost its second half.
// Read /work/helper-common3.md NOW: conventions, ledger postings, how to test, HARD DEADLINE 12:05 UTC, final report.
/**
 * Billing (收费): orders from confirmed places, exemptions charged to the special fund, payments (online through the
 * {@link org.kehou.payment.PaymentGateway gateway}, offline recorded by the school), credits on actual use (据实收取:
 * cancelled sessions, approved leave, withdrawal, a provider leaving), refunds back through the gateway, daily
 * reconciliation with the gateway's statement, provider settlement, receipts and the schools' public fee reports.
 * Every money movement is posted to the {@link org.kehou.ledger.Ledger}. {@code web} and {@code internal} are
 * private. See docs/billing.md.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Billing")
package org.kehou.billing;

import org.jspecify.annotations.NullMarked;
