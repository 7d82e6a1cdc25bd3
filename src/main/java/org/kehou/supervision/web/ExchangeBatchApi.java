package org.kehou.supervision.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.kehou.exchange.RecordResult;
import org.kehou.exchange.Signatures;
import org.kehou.identity.PublicEndpoint;
import org.kehou.supervision.BatchReceipt;
import org.kehou.supervision.ExchangeRefused;
import org.kehou.supervision.Ingestion;
import org.kehou.supervision.SignedRequest;
import org.kehou.supervision.SupervisionProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /exchange/v1/batches}: where service platforms report records to the city. Declared
 * {@link PublicEndpoint} because no user signs in here: there is no session, no CSRF token and no user scope to
 * check — the request is authenticated by the platform's HMAC signature, verified by {@link Ingestion} over the raw
 * body bytes before anything is parsed, and refused with 401 Problem Details when missing or wrong. What a
 * platform may write is limited by its credential: its own records, for the schools the city assigned to it. The
 * body is read as bytes up to {@link SupervisionProperties#maxBatchBytes()} (larger: 413).
 */
@RestController
@Tag(name = "exchange", description = "The 1+N data-exchange standard v1: platforms report records (docs/exchange/)")
class ExchangeBatchApi {

	/** A record's result on the wire (outcome in lower case; reasons always present). */
	record WireResult(@Nullable String type, @Nullable String id, @Nullable Long version, String outcome,
			List<String> reasons) {

		static WireResult of(RecordResult r) {
			return new WireResult(r.type(), r.id(), r.version(), r.outcome().name().toLowerCase(java.util.Locale.ROOT),
					r.reasons());
		}
	}

	/** The response to a batch. */
	record WireReceipt(long batchId, int accepted, int unchanged, int rejected, List<WireResult> results) {
	}

	private final Ingestion ingestion;

	private final SupervisionProperties properties;

	ExchangeBatchApi(Ingestion ingestion, SupervisionProperties properties) {
		this.ingestion = ingestion;
		this.properties = properties;
	}

	@PostMapping(path = "/exchange/v1/batches", produces = MediaType.APPLICATION_JSON_VALUE)
	@PublicEndpoint
	@Operation(summary = "Report a batch of 1 to 1,000 signed records (X-Kehou-* headers, docs/exchange/)",
			description = "200 with a result per record (accepted, unchanged, rejected with reasons); 400 for a malformed "
					+ "batch, 401 for a missing or bad signature, 413 for a body over the limit (Problem Details)")
	WireReceipt receive(HttpServletRequest request) throws IOException {
		int limit = properties.maxBatchBytes();
		if (request.getContentLengthLong() > limit) {
			throw tooLarge(limit);
		}
		byte[] body = read(request.getInputStream(), limit);
		String query = request.getQueryString();
		BatchReceipt receipt = ingestion.receive(new SignedRequest(request.getMethod(),
				request.getRequestURI() + (query == null ? "" : "?" + query), request.getHeader(Signatures.APP_ID),
				request.getHeader(Signatures.TIMESTAMP), request.getHeader(Signatures.NONCE),
				request.getHeader(Signatures.SIGNATURE), body));
		return new WireReceipt(receipt.batchId(), receipt.accepted(), receipt.unchanged(), receipt.rejected(),
				receipt.results().stream().map(WireResult::of).toList());
	}

	@ExceptionHandler(ExchangeRefused.class)
	ResponseEntity<ProblemDetail> refused(ExchangeRefused e, HttpServletRequest request) {
		HttpStatus status = HttpStatus.valueOf(e.kind().status());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
		problem.setType(e.kind().type());
		problem.setTitle(switch (e.kind()) {
			case SIGNATURE -> "Request not authenticated";
			case MALFORMED_BATCH -> "Malformed batch";
			case TOO_LARGE -> "Batch too large";
			case NOT_STORED -> "Batch not stored";
		});
		problem.setInstance(URI.create(request.getRequestURI()));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static byte[] read(InputStream in, int limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
		byte[] buffer = new byte[16 * 1024];
		int total = 0;
		for (int n; (n = in.read(buffer)) != -1;) {
			total += n;
			if (total > limit) {
				throw tooLarge(limit);
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static ExchangeRefused tooLarge(int limit) {
		return new ExchangeRefused(ExchangeRefused.Kind.TOO_LARGE,
				"The body is larger than " + limit + " bytes; send fewer records per batch.");
	}
}
