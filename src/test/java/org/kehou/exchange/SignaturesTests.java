package org.kehou.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SignaturesTests {

	private static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);

	@Test
	void theCanonicalStringIsTheDocumentedOne() {
		assertThat(Signatures.canonical("post", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", new byte[0]))
			.isEqualTo("POST\n/exchange/v1/batches\n1764000000\nabcdefghijklmnop\n"
					+ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
	}

	@Test
	void aKnownVectorSignsAsDocumented() {
		// computed independently (Python's hmac and hashlib) over the documented canonical string of BODY
		String sig = Signatures.sign("secret", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", BODY);
		assertThat(Signatures.verify("secret", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", BODY,
				sig)).isTrue();
		assertThat(sig).isEqualTo(KNOWN);
	}

	@Test
	void anyChangeBreaksTheSignature() {
		String sig = Signatures.sign("secret", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", BODY);
		assertThat(Signatures.verify("other", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", BODY, sig))
			.isFalse();
		assertThat(Signatures.verify("secret", "GET", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop", BODY, sig))
			.isFalse();
		assertThat(Signatures.verify("secret", "POST", "/exchange/v1/batches", 1764000001L, "abcdefghijklmnop", BODY, sig))
			.isFalse();
		assertThat(Signatures.verify("secret", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnoq", BODY, sig))
			.isFalse();
		assertThat(Signatures.verify("secret", "POST", "/exchange/v1/batches", 1764000000L, "abcdefghijklmnop",
				"{\"records\":[1]}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
	}

	@Test
	void noncesAndSecretsAreFreshAndWellFormed() {
		String a = Signatures.newNonce();
		assertThat(Signatures.validNonce(a)).isTrue();
		assertThat(Signatures.newNonce()).isNotEqualTo(a);
		assertThat(Signatures.validNonce("short")).isFalse();
		assertThat(Signatures.validNonce("abcdefghijklmnop'; DROP")).isFalse();
		assertThat(Signatures.newSecret()).hasSize(43).isNotEqualTo(Signatures.newSecret());
	}

	private static final String KNOWN = "QDZraywG1heJB9x8irkKopxlMejHfkBleatq+WMJsIw=";
}
