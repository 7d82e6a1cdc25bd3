package org.kehou.providers;

/** What a provider's uploaded document proves. */
public enum DocumentKind {
	BUSINESS_LICENCE, SCHOOL_PERMIT, NATIONAL_REGISTRATION, FUND_SUPERVISION, OTHER
}
