/**
 * Ledger (复式记账): every money movement of the fees — orders, payments, exemptions charged to the special fund,
 * refunds, settlements — as an immutable, balanced, idempotent double-entry {@link org.kehou.ledger.Posting}.
 * <p>
 * Other modules post with {@link org.kehou.ledger.Ledger} ({@code post}, {@code reverse}) and read balances;
 * {@link org.kehou.ledger.LedgerReports} serves the scoped read views (trial balance, recent postings) and the
 * proof that the whole ledger balances. Amounts are {@link org.kehou.shared.Money} (fen as {@code long}); nothing
 * here ever uses a floating-point type. {@code web} and {@code internal} are private. See docs/ledger.md.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Ledger")
package org.kehou.ledger;

import org.jspecify.annotations.NullMarked;
