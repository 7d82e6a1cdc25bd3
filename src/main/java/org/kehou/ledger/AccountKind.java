package org.kehou.ledger;

/**
 * The chart of accounts. Each kind says whose accounts it has ({@link OwnerType}) and on which side it normally
 * grows ({@link #normalSide()}): an asset or claim of the platform grows by debits, what the platform owes grows by
 * credits. The balance shown for an account is signed so that its normal side is positive.
 */
public enum AccountKind {

	/** 应收家长款: what a child's guardians owe for the child's orders, one account per child (student id). */
	GUARDIAN_RECEIVABLE(OwnerType.STUDENT, Side.DEBIT),
	/** 专项资金: the exempted shares the special fund carries for a school's hardship students. */
	SPECIAL_FUND(OwnerType.SCHOOL, Side.DEBIT),
	/** 支付渠道清算: money held at the payment gateway (the platform's merchant account), owner 0. */
	GATEWAY_CLEARING(OwnerType.PLATFORM, Side.DEBIT),
	/** 应付机构款: what the platform owes an institution for its lessons. */
	PROVIDER_PAYABLE(OwnerType.PROVIDER, Side.CREDIT),
	/** 学校账户: what belongs to a school (its own courses, e.g. 托管 basic care). */
	SCHOOL_ACCOUNT(OwnerType.SCHOOL, Side.CREDIT),
	/** 应退款: refunds decided for a child and not yet paid back. */
	REFUNDS_PAYABLE(OwnerType.STUDENT, Side.CREDIT),
	/** 现金: offline payments (cash, bank transfer) a school recorded and holds. */
	CASH(OwnerType.SCHOOL, Side.DEBIT);

	/** Who an account of a kind belongs to; its owner id is of that type (0 for the platform). */
	public enum OwnerType {
		STUDENT, SCHOOL, PROVIDER, PLATFORM
	}

	private final OwnerType ownerType;

	private final Side normalSide;

	AccountKind(OwnerType ownerType, Side normalSide) {
		this.ownerType = ownerType;
		this.normalSide = normalSide;
	}

	public OwnerType ownerType() {
		return ownerType;
	}

	public Side normalSide() {
		return normalSide;
	}
}
