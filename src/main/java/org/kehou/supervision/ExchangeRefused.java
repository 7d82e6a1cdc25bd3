package org.kehou.supervision;

import java.net.URI;

/**
 * A request to the exchange that is refused as a whole: nothing of it is stored. Carries the kind, which decides the
 * HTTP status and the Problem Details {@code type}, and a readable detail for the sending platform's developers.
 */
public class ExchangeRefused extends RuntimeException {

	/** The kinds of refusal, each with its HTTP status and stable problem type. */
	public enum Kind {
		/** missing or bad signature headers, unknown / revoked / expired app id, stale timestamp, replayed nonce */
		SIGNATURE(401, "signature"),
		/** not JSON, not an object, no records array, 0 or more than 1,000 records */
		MALFORMED_BATCH(400, "malformed-batch"),
		/** the body is larger than the configured limit */
		TOO_LARGE(413, "too-large"),
		/** the batch could not be stored (nothing of it was); send it again */
		NOT_STORED(503, "not-stored");

		private final int status;

		private final String slug;

		Kind(int status, String slug) {
			this.status = status;
			this.slug = slug;
		}

		public int status() {
			return status;
		}

		/** The Problem Details type: a stable URN per kind. */
		public URI type() {
			return URI.create("urn:kehou:exchange:v1:problem:" + slug);
		}
	}

	private final Kind kind;

	public ExchangeRefused(Kind kind, String detail) {
		super(detail);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}
