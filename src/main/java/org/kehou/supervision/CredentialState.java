package org.kehou.supervision;

/** Where a platform's credentials stand, for the registry. */
public enum CredentialState {
	/** no credential issued yet (or all expired) */
	NONE,
	/** one valid credential */
	ACTIVE,
	/** rotated: the new credential and the old one (until its grace ends) are both valid */
	ROTATING,
	/** every credential revoked */
	REVOKED
}
