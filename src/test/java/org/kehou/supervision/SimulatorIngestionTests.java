package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kehou.exchange.ExchangeClient;
import org.kehou.exchange.ExchangeException;
import org.kehou.exchange.ForeignVendorSimulator;
import org.kehou.exchange.Outcome;
import org.kehou.exchange.Pseudonyms;
import org.kehou.organisation.Schools;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.organisation.Towns;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Interoperability over a real port: the standard's own client ({@link ExchangeClient}) and the foreign vendor
 * simulator ({@link ForeignVendorSimulator}: duplicates, out-of-order versions, invalid records) report into the
 * ingestion; every record gets the outcome a correct receiver gives it, and sending everything again changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SimulatorIngestionTests {

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

	@Test
	void theSimulatedVendorsRecordsGetTheOutcomesACorrectReceiverGives() {
		IngestionWorld w = IngestionWorld.create(towns, schools, platforms, credentials);
		ForeignVendorSimulator simulator = new ForeignVendorSimulator(w.schoolCode(),
				new Pseudonyms("simulator-test-key-0123456789"), 7, LocalDate.of(2026, 3, 2));
		List<ForeignVendorSimulator.Simulated> records = simulator.generate(ForeignVendorSimulator.Size.small());
		ExchangeClient client = new ExchangeClient(URI.create("http://localhost:" + port), w.credential().appId(),
				w.credential().secret());

		Map<Outcome, Integer> counts = ForeignVendorSimulator.push(client, records, 200);
		assertThat(counts).isEqualTo(ForeignVendorSimulator.expected(records));
		assertThat(counts.get(Outcome.REJECTED)).isPositive();
		assertThat(counts.get(Outcome.UNCHANGED)).isPositive();
		long stored = jdbc.sql("SELECT count(*) FROM sup_record WHERE platform_id = :p").param("p", w.platformId())
			.query(Long.class).single();
		assertThat(stored).isEqualTo(counts.get(Outcome.ACCEPTED).longValue());

		// everything again: nothing accepted, the invalid ones rejected again
		Map<Outcome, Integer> again = ForeignVendorSimulator.push(client, records, 1000);
		assertThat(again.get(Outcome.ACCEPTED)).isZero();
		assertThat(again.get(Outcome.REJECTED)).isEqualTo(counts.get(Outcome.REJECTED));

		// a malformed batch comes back to the client as a refusal with the server's detail
		assertThatThrownBy(() -> client.sendRaw("{\"records\": 1}".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(ExchangeException.class)
			.hasMessageContaining("400")
			.hasMessageContaining("no \"records\" array");
		// a client with a wrong secret is refused
		ExchangeClient forged = new ExchangeClient(URI.create("http://localhost:" + port), w.credential().appId(),
				"not-the-secret");
		assertThatThrownBy(() -> ForeignVendorSimulator.push(forged, records.subList(0, 1), 1))
			.isInstanceOf(ExchangeException.class)
			.hasMessageContaining("401");
	}
}
