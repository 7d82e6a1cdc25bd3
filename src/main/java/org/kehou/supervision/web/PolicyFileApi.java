package org.kehou.supervision.web;

import java.nio.charset.StandardCharsets;

import org.kehou.identity.PublicEndpoint;
import org.kehou.supervision.Policies;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /exchange/v1/policy-files?t=<token>}: a published policy's attachment, the link the down feed gives in
 * {@code attachments[].url}. {@link PublicEndpoint}: a published policy is public (it is shown to all guardians), so
 * its files are served to whoever holds the link — 192 random bits that only the feed gives out — and only while
 * the policy is published (404 for a draft's, a withdrawn one's or an unknown token). Always a download.
 */
@RestController
class PolicyFileApi {

	private final Policies policies;

	PolicyFileApi(Policies policies) {
		this.policies = policies;
	}

	@GetMapping("/exchange/v1/policy-files")
	@PublicEndpoint
	ResponseEntity<byte[]> file(@RequestParam("t") String token) {
		if (!token.matches("[0-9a-f]{48}")) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such file");
		}
		return serve(policies.publishedAttachment(token)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such file")));
	}

	static ResponseEntity<byte[]> serve(Policies.AttachmentFile file) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.body(file.content());
	}
}
