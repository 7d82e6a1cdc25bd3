package org.kehou.ledger;

/**
 * An account of the chart, named by kind and owner id (a student, a school, a provider; 0 for the platform's own
 * accounts). The account itself is opened on first use.
 */
public record AccountRef(AccountKind kind, long ownerId) implements Comparable<AccountRef> {

	public AccountRef {
		if (kind.ownerType() == AccountKind.OwnerType.PLATFORM ? ownerId != 0 : ownerId <= 0) {
			throw new LedgerRefused(LedgerRefused.Reason.INVALID, "bad owner " + ownerId + " for " + kind);
		}
	}

	public static AccountRef guardianReceivable(long studentId) {
		return new AccountRef(AccountKind.GUARDIAN_RECEIVABLE, studentId);
	}

	public static AccountRef specialFund(long schoolId) {
		return new AccountRef(AccountKind.SPECIAL_FUND, schoolId);
	}

	public static AccountRef gatewayClearing() {
		return new AccountRef(AccountKind.GATEWAY_CLEARING, 0);
	}

	public static AccountRef providerPayable(long providerId) {
		return new AccountRef(AccountKind.PROVIDER_PAYABLE, providerId);
	}

	public static AccountRef schoolAccount(long schoolId) {
		return new AccountRef(AccountKind.SCHOOL_ACCOUNT, schoolId);
	}

	public static AccountRef refundsPayable(long studentId) {
		return new AccountRef(AccountKind.REFUNDS_PAYABLE, studentId);
	}

	public static AccountRef cash(long schoolId) {
		return new AccountRef(AccountKind.CASH, schoolId);
	}

	/** The fixed order accounts are opened and locked in: by kind, then owner. */
	@Override
	public int compareTo(AccountRef other) {
		int byKind = kind.compareTo(other.kind);
		return byKind != 0 ? byKind : Long.compare(ownerId, other.ownerId);
	}
}
