package org.kehou.exchange;

import org.jspecify.annotations.Nullable;

/**
 * A request of the exchange failed: the receiver answered 4xx/5xx (with the Problem Details' title and detail when it
 * sent them), or could not be reached ({@link #status()} 0).
 */
public class ExchangeException extends RuntimeException {

	private final int status;

	private final @Nullable String title;

	private final @Nullable String detail;

	public ExchangeException(int status, @Nullable String title, @Nullable String detail, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.title = title;
		this.detail = detail;
	}

	/** The HTTP status, 0 when no answer came (connection refused, timeout). */
	public int status() {
		return status;
	}

	public @Nullable String title() {
		return title;
	}

	/** The Problem Details' {@code detail}, if the receiver sent one. */
	public @Nullable String detail() {
		return detail;
	}

	/**
	 * Whether sending the same request again later may succeed: no answer, 408, 429 or 5xx. A 4xx otherwise (a bad
	 * signature, a malformed batch) fails the same way every time.
	 */
	public boolean retryable() {
		return status == 0 || status == 408 || status == 429 || status >= 500;
	}
}
