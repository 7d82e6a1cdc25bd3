package org.kehou.exchange;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.kehou.exchange.internal.JsonSchemaRecordSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What checking an attendance record against its schema costs (the ingestion's target is 20,000 attendance records/s
 * on 2 cores, so validation must stay well under 50 µs a record). Measured, not tested: no assertion. Records come
 * from the {@link ForeignVendorSimulator} (distinct pseudonyms, sessions and marks), are parsed once, then validated
 * after a warm-up on one thread and on two.
 * <p>
 * Standalone: {@code ./mvnw -q -ntp test-compile && java -cp target/test-classes:target/classes:$(cat
 * target/cp.txt) org.kehou.exchange.SchemaValidationBenchmark [records]} with {@code target/cp.txt} from
 * {@code ./mvnw -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 */
public final class SchemaValidationBenchmark {

	private SchemaValidationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int wanted = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		JsonSchemaRecordSchemas schemas = new JsonSchemaRecordSchemas();
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> records = new ArrayList<>();
		ForeignVendorSimulator simulator = new ForeignVendorSimulator("4420001001",
				new Pseudonyms("benchmark-key-not-a-secret"), 7, LocalDate.of(2026, 3, 2));
		for (ForeignVendorSimulator.Simulated s : simulator.generate(new ForeignVendorSimulator.Size(30, 45, 40, 60))) {
			if (s.record().type().equals("attendance") && !s.invalid()) {
				// a parsed copy, as the ingestion has it after reading the request
				records.add(json.readTree(json.writeValueAsBytes(s.record().data())));
			}
			if (records.size() == wanted) {
				break;
			}
		}
		System.out.printf("attendance records: %,d%n", records.size());
		for (int round = 0; round < 10; round++) {
			run(schemas, records, "warm-up " + (round + 1));
		}
		run(schemas, records, "one thread");
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			long start = System.nanoTime();
			List<Future<Integer>> halves = new ArrayList<>();
			int mid = records.size() / 2;
			halves.add(pool.submit(() -> validate(schemas, records.subList(0, mid))));
			halves.add(pool.submit(() -> validate(schemas, records.subList(mid, records.size()))));
			int problems = 0;
			for (Future<Integer> half : halves) {
				problems += half.get();
			}
			report("two threads", records.size(), System.nanoTime() - start, problems);
		}
		finally {
			pool.shutdown();
		}
	}

	static void run(JsonSchemaRecordSchemas schemas, List<JsonNode> records, String label) {
		long start = System.nanoTime();
		int problems = validate(schemas, records);
		report(label, records.size(), System.nanoTime() - start, problems);
	}

	static int validate(JsonSchemaRecordSchemas schemas, List<JsonNode> records) {
		int problems = 0;
		for (JsonNode data : records) {
			problems += schemas.problems(RecordType.ATTENDANCE, data).size();
		}
		return problems;
	}

	static void report(String label, int n, long nanos, int problems) {
		System.out.printf("%-12s %,9d records in %,7.1f ms: %6.2f µs a record, %,10.0f records/s (%d problems)%n",
				label, n, nanos / 1e6, nanos / 1e3 / n, n / (nanos / 1e9), problems);
	}
}
