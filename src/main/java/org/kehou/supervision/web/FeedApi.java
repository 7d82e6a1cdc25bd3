package org.kehou.supervision.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.FeedPage;
import org.kehou.exchange.Signatures;
import org.kehou.identity.PublicEndpoint;
import org.kehou.supervision.DownFeed;
import org.kehou.supervision.ExchangeRefused;
import org.kehou.supervision.FeedRequestRefused;
import org.kehou.supervision.SignedRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /exchange/v1/feed?cursor=&limit=}: the down feed a service platform pulls. {@link PublicEndpoint} like
 * the batches: no user signs in; the platform's HMAC signature over the path with its query (and the empty body) is
 * verified by the same check as a batch's, and refused with 401 Problem Details. A bad cursor or limit is a 400.
 * Every platform gets the whole feed (every school of the registry, the whitelist, categories, caps, policies);
 * a policy for one town carries its {@code townCode}.
 */
@RestController
@Tag(name = "exchange", description = "The 1+N data-exchange standard v1: platforms report records (docs/exchange/)")
class FeedApi {

	private final DownFeed feed;

	private final JsonMapper json;

	FeedApi(DownFeed feed, JsonMapper json) {
		this.feed = feed;
		this.json = json;
	}

	@GetMapping(path = ExchangeClient.FEED, produces = MediaType.APPLICATION_JSON_VALUE)
	@PublicEndpoint
	@Operation(summary = "Pull the down feed after a cursor (signed with the X-Kehou-* headers, docs/exchange/)",
			description = "200 with records in publication order, the next cursor and whether more are waiting; 400 "
					+ "for a bad cursor or limit, 401 for a missing or bad signature (Problem Details)")
	ResponseEntity<byte[]> pull(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String limit, HttpServletRequest request) {
		String query = request.getQueryString();
		FeedPage page = feed.pull(new SignedRequest(request.getMethod(),
				request.getRequestURI() + (query == null ? "" : "?" + query), request.getHeader(Signatures.APP_ID),
				request.getHeader(Signatures.TIMESTAMP), request.getHeader(Signatures.NONCE),
				request.getHeader(Signatures.SIGNATURE), new byte[0]), cursor, limit);
		ObjectNode body = json.createObjectNode();
		ArrayNode records = body.putArray("records");
		for (ExchangeRecord record : page.records()) {
			records.add(ExchangeClient.toJson(record));
		}
		body.put("cursor", page.cursor());
		body.put("more", page.more());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
	}

	@ExceptionHandler(ExchangeRefused.class)
	ResponseEntity<ProblemDetail> refused(ExchangeRefused e, HttpServletRequest request) {
		return problem(HttpStatus.valueOf(e.kind().status()), e.kind().type(), "Request not authenticated",
				e.getMessage(), request);
	}

	@ExceptionHandler(FeedRequestRefused.class)
	ResponseEntity<ProblemDetail> badRequest(FeedRequestRefused e, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, URI.create("urn:kehou:exchange:v1:problem:bad-feed-request"),
				"Bad feed request", e.getMessage(), request);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title, String detail,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}
}
