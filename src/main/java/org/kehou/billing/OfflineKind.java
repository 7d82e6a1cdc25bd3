package org.kehou.billing;

/** How a school received money offline. */
public enum OfflineKind {
	CASH, BANK_TRANSFER
}
