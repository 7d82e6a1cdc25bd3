package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeException;
import org.kehou.exchange.ExchangeRecord;
import org.kehou.exchange.FeedPage;
import org.kehou.exchange.Operation;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Conformance of {@code GET /exchange/v1/feed} over a real port with the standard's own client
 * ({@link ExchangeClient#feed}): signatures refused (wrong secret, unknown app id, stale, replayed), paging through
 * more than one page in publication order, a change after the cursor on the next pull, bad cursors and limits → 400,
 * every published record valid against its schema, and the pull counted as the platform's contact.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class FeedConformanceTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	DownFeed feed;

	@Autowired
	RecordSchemas schemas;

	IngestionWorld w;

	ExchangeClient client;

	@BeforeEach
	void world() {
		w = IngestionWorld.create(towns, schools, platforms, credentials);
		client = new ExchangeClient(base(), w.credential().appId(), w.credential().secret());
		feed.refresh();
	}

	URI base() {
		return URI.create("http://localhost:" + port);
	}

	List<ExchangeRecord> pullAll(String cursor, int limit, List<String> cursors) {
		List<ExchangeRecord> all = new ArrayList<>();
		FeedPage page;
		String at = cursor;
		do {
			page = client.feed(at, limit);
			all.addAll(page.records());
			at = page.cursor();
			cursors.add(at);
		}
		while (page.more());
		return all;
	}

	@Test
	void pagesThroughTheFeedInPublicationOrderAndAChangeAfterTheCursorComesNext() {
		List<String> cursors = new ArrayList<>();
		List<ExchangeRecord> all = pullAll(null, 3, cursors);
		long published = jdbc.sql("SELECT count(*) FROM sup_feed").query(Long.class).single();
		assertThat(all).hasSize((int) published);
		assertThat(cursors).hasSizeGreaterThan(1);
		for (int i = 1; i < all.size(); i++) {
			assertThat(all.get(i).version()).isGreaterThan(all.get(i - 1).version());
		}
		// the world's schools are in it, with the standard's data
		assertThat(all).anySatisfy(r -> {
			assertThat(r.type()).isEqualTo("school");
			assertThat(r.id()).isEqualTo(w.schoolCode());
			assertThat(r.op()).isEqualTo(Operation.UPSERT);
			assertThat(r.data().get("townName").asString()).startsWith("监管镇");
			assertThat(r.data().get("serviceEndsNoEarlierThan").asString()).isEqualTo("17:30");
			assertThat(r.data().get("stage").asString()).isEqualTo("primary");
		});
		// every published upsert is valid against its type's schema
		for (ExchangeRecord r : all) {
			if (r.op() == Operation.UPSERT) {
				assertThat(schemas.problems(RecordType.ofWire(r.type()).orElseThrow(), r.data()))
					.as(r.type() + " " + r.id()).isEmpty();
			}
		}
		String end = cursors.get(cursors.size() - 1);
		FeedPage nothing = client.feed(end, 100);
		assertThat(nothing.records()).isEmpty();
		assertThat(nothing.more()).isFalse();
		assertThat(nothing.cursor()).isEqualTo(end);

		// a school registered after the cursor shows up on the next pull, and only it
		long town = jdbc.sql("SELECT town_id FROM school WHERE code = :c").param("c", w.schoolCode())
			.query(Long.class).single();
		String code = "SS3-" + w.tag();
		schools.register(new NewSchool(code, "监管三小" + w.tag(), town, Stage.JUNIOR, null));
		assertThat(feed.refresh()).isEqualTo(1);
		FeedPage next = client.feed(end, 100);
		assertThat(next.records()).singleElement().satisfies(r -> {
			assertThat(r.type()).isEqualTo("school");
			assertThat(r.id()).isEqualTo(code);
			assertThat(r.data().get("stage").asString()).isEqualTo("junior");
		});
		assertThat(next.cursor()).isNotEqualTo(end);
		assertThat(client.feed(next.cursor(), 100).records()).isEmpty();

		// the pull is the platform's contact
		assertThat(jdbc.sql("SELECT last_contact_at FROM sup_platform_contact WHERE platform_id = :p")
			.param("p", w.platformId()).query(java.sql.Timestamp.class).optional()).isPresent();
	}

	@Test
	void badCursorsAndLimitsAreRefusedWith400() {
		for (String cursor : List.of("garbage", "s-1", "s01", "s99999999999", "1")) {
			assertThatThrownBy(() -> client.feed(cursor, 10)).as(cursor)
				.isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.getMessage()).contains("400")
					.contains("cursor"));
		}
		for (String limit : List.of("0", "1001", "ten")) {
			assertThat(raw("/exchange/v1/feed?limit=" + limit, w.credential().secret(), Signatures.newNonce(),
					Instant.now()).statusCode()).as(limit).isEqualTo(400);
		}
	}

	@Test
	void signaturesAreRefusedWith401() {
		ExchangeClient forged = new ExchangeClient(base(), w.credential().appId(), "not-the-secret");
		assertThatThrownBy(() -> forged.feed(null, 10)).isInstanceOfSatisfying(ExchangeException.class,
				e -> assertThat(e.getMessage()).contains("401").contains("Bad signature"));
		ExchangeClient unknown = new ExchangeClient(base(), "no-such-app-" + w.tag(), "x");
		assertThatThrownBy(() -> unknown.feed(null, 10)).isInstanceOfSatisfying(ExchangeException.class,
				e -> assertThat(e.getMessage()).contains("401").contains("Unknown app id"));
		ExchangeClient stale = new ExchangeClient(base(), w.credential().appId(), w.credential().secret(),
				Duration.ofSeconds(5), Duration.ofSeconds(60),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)));
		assertThatThrownBy(() -> stale.feed(null, 10)).isInstanceOfSatisfying(ExchangeException.class,
				e -> assertThat(e.getMessage()).contains("401").contains("Stale timestamp"));
		// the signature covers the query: the same headers on another cursor are refused
		String nonce = Signatures.newNonce();
		Instant now = Instant.now();
		assertThat(raw("/exchange/v1/feed?limit=5", w.credential().secret(), nonce, now).statusCode()).isEqualTo(200);
		// replayed: the very same request again
		HttpResponse<String> replay = raw("/exchange/v1/feed?limit=5", w.credential().secret(), nonce, now);
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(replay.body()).contains("Replayed");
		String signedFor = Signatures.sign(w.credential().secret(), "GET", "/exchange/v1/feed?limit=5",
				now.getEpochSecond(), "other-nonce-0123456789", new byte[0]);
		assertThat(send("/exchange/v1/feed?limit=6", signedFor, "other-nonce-0123456789", now).statusCode())
			.isEqualTo(401);
	}

	HttpResponse<String> raw(String pathAndQuery, String secret, String nonce, Instant at) {
		return send(pathAndQuery, Signatures.sign(secret, "GET", pathAndQuery, at.getEpochSecond(), nonce, new byte[0]),
				nonce, at);
	}

	HttpResponse<String> send(String pathAndQuery, String signature, String nonce, Instant at) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
					.header(Signatures.APP_ID, w.credential().appId())
					.header(Signatures.TIMESTAMP, String.valueOf(at.getEpochSecond()))
					.header(Signatures.NONCE, nonce)
					.header(Signatures.SIGNATURE, signature)
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
