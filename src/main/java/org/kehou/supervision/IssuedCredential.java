package org.kehou.supervision;

/**
 * A credential just issued: the only time its secret is shown. The platform's operator copies it into the platform's
 * configuration; the city keeps it encrypted and never shows it again.
 */
public record IssuedCredential(long id, long platformId, String appId, String secret) {

	@Override
	public String toString() {
		return "IssuedCredential[" + appId + "]";
	}
}
