package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * The selection-day rush, measured: {@code ./mvnw -Pbench test} (see README). Starts Kehou on a throw-away embedded
 * PostgreSQL with the tiny demo city, signs in guardians over HTTP (form login, session cookie, CSRF token — exactly
 * as a phone does) and has them select courses through {@code POST /api/v1/students/{id}/places} at once. Prints one
 * line per scenario (and writes them to {@code target/bench/rush.txt}):
 * <ul>
 * <li>{@code spread}: 300 offerings, 20,000 children, 500 concurrent clients; {@code baseline} is the raw limit of
 * the same database in the same run — the plain conditional {@code UPDATE … WHERE taken < capacity} + {@code INSERT}
 * over JDBC from 500 threads through a pool of 16 connections (where the raw path peaks on 2 cores);</li>
 * <li>{@code hot}: one offering of 40 places plus its waitlist, 1,000 concurrent clients; {@code naive} is the same
 * endpoint with claims applied one by one (each request's transaction locks the hot row), measured in the same run;
 * {@code at50} the batched endpoint with 50 clients (no collapse: at 1,000 it should keep ≥ 80 %);</li>
 * <li>{@code lottery}: the draw at zhongshan scale (460,000 children, 2,800 offerings, 3 ranked choices), see
 * {@code org.kehou.bench.LotteryBenchmark}.</li>
 * </ul>
 * {@code oversold} counts seats held beyond capacity (database truth, not the clients' view). A timing is never
 * asserted; only {@code oversold = 0} and {@code taken = held places} are.
 * Choose scenarios with {@code -Dbench.scenarios=spread,hot,lottery}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
				"logging.level.root=WARN", "logging.level.org.kehou=WARN", "spring.thymeleaf.cache=true",
				"kehou.selection.facts-cache=1s" })
@ActiveProfiles("test")
class RushBenchmark {

	private static final String PASSWORD = "Bench@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HikariDataSource dataSource;

	@Autowired
	PlaceClaims claims;

	long school;

	long classId;

	int level;

	final List<String> lines = new ArrayList<>();

	@Test
	void rush() throws Exception {
		school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		level = jdbc.sql("SELECT min(level) FROM grade WHERE school_id = :s").param("s", school).query(Integer.class).single();
		classId = jdbc.sql("""
				SELECT min(c.id) FROM school_class c JOIN grade g ON g.id = c.grade_id WHERE c.school_id = :s AND g.level = :l""")
			.param("s", school).param("l", level).query(Long.class).single();
		List<String> scenarios = Arrays.asList(System.getProperty("bench.scenarios", "spread,hot,lottery").split(","));
		if (scenarios.contains("spread")) {
			spread();
		}
		if (scenarios.contains("hot")) {
			hot();
		}
		if (scenarios.contains("lottery")) {
			lottery();
		}
		Path out = Path.of("target", "bench", "rush.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, lines);
	}

	// --- scenarios ---------------------------------------------------------------------------------------------------

	void spread() throws Exception {
		int offeringCount = 300, capacity = 70;
		int childCount = Integer.getInteger("bench.students", 20_000), clientCount = Integer.getInteger("bench.clients", 500);
		long term = term("spread");
		List<Long> offerings = offerings(term, offeringCount, capacity);
		List<Long> children = children(childCount, term);
		List<Client> clients = clients("spread", clientCount, children);
		round(term);
		Random random = new Random(20261129);
		List<List<Request>> work = new ArrayList<>();
		for (Client c : clients) {
			List<Request> mine = new ArrayList<>();
			for (long child : c.children()) {
				mine.add(new Request(c, child, offerings.get(random.nextInt(offerings.size()))));
			}
			work.add(mine);
		}
		if (Boolean.getBoolean("bench.probe")) {
			probe(clients.get(0), children.get(0));
			// what the harness and the web stack alone reach at the same concurrency: a public GET, then with sessions
			Run bare = rush(work, r -> ClassicRequestBuilder.get(uri("/actuator/health/liveness")).build());
			Run signedIn = rush(work, r -> ClassicRequestBuilder.get(uri("/actuator/health/liveness"))
				.setHeader("Cookie", r.client().cookie()).build());
			emit(String.format("probe ceiling bare=%.0f/s p99=%dms signed-in=%.0f/s p99=%dms", bare.throughput(), bare.p(99),
					signedIn.throughput(), signedIn.p(99)));
		}
		Run run = rush(work);
		double baseline = baseline(offeringCount, capacity, childCount, clientCount, 16);
		long oversold = oversold(term);
		emit(String.format("rush scenario=spread offerings=%d students=%d clients=%d confirmed=%d waitlisted=%d refused=%d"
				+ " oversold=%d throughput=%.0f/s p50=%dms p99=%dms baseline=%.0f/s ratio=%.2f", offeringCount, childCount,
				clientCount, run.count("CONFIRMED"), run.count("WAITLISTED"), run.refused(), oversold, run.throughput(),
				run.p(50), run.p(99), baseline, run.throughput() / baseline));
		assertThat(oversold).isZero();
	}

	void hot() throws Exception {
		int capacity = 40, perClient = 5;
		Run naive = hotRun("hot-naive", 1000, perClient, capacity, false);
		Run batched = hotRun("hot", 1000, perClient, capacity, true);
		Run at50 = hotRun("hot-50", 50, 1000 * perClient / 50, capacity, true);
		emit(String.format("rush scenario=hot offerings=1 capacity=%d clients=1000 requests=%d confirmed=%d waitlisted=%d"
				+ " oversold=%d throughput=%.0f/s p50=%dms p99=%dms naive=%.0f/s ratio=%.2f at50=%.0f/s"
				+ " kept=%.2f", capacity, batched.latencies().length, batched.count("CONFIRMED"),
				batched.count("WAITLISTED"), batched.oversold(), batched.throughput(), batched.p(50), batched.p(99),
				naive.throughput(), batched.throughput() / naive.throughput(), at50.throughput(),
				batched.throughput() / at50.throughput()));
		assertThat(naive.oversold() + batched.oversold() + at50.oversold()).isZero();
	}

	Run hotRun(String name, int clientCount, int perClient, int capacity, boolean batching) throws Exception {
		long term = term(name);
		long offering = offerings(term, 1, capacity).get(0);
		List<Long> children = children(clientCount * perClient, term);
		List<Client> clients = clients(name, clientCount, children);
		round(term);
		List<List<Request>> work = new ArrayList<>();
		for (Client c : clients) {
			work.add(c.children().stream().map(child -> new Request(c, child, offering)).toList());
		}
		claims.batching(batching);
		try {
			Run run = rush(work);
			return new Run(run.latencies(), run.statuses(), run.refused(), run.seconds(), oversold(term));
		}
		finally {
			claims.batching(true);
		}
	}

	void lottery() {
		emit(org.kehou.bench.LotteryBenchmark.run(460_000, 2_800, 3, 20261129L));
	}

	void emit(String line) {
		lines.add(line);
		System.out.println(line);
	}

	// --- the rush ----------------------------------------------------------------------------------------------------

	record Request(Client client, long child, long offering) {
	}

	record Run(long[] latencies, List<String> statuses, int refused, double seconds, long oversold) {

		double throughput() {
			return latencies.length / seconds;
		}

		long p(int percentile) {
			long[] sorted = latencies.clone();
			Arrays.sort(sorted);
			return sorted.length == 0 ? 0
					: sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1_000_000;
		}

		long count(String status) {
			return statuses.stream().filter(status::equals).count();
		}
	}

	private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

	Run rush(List<List<Request>> work) throws Exception {
		return rush(work, r -> ClassicRequestBuilder.post(uri("/api/v1/students/" + r.child() + "/places"))
			.setHeader("Cookie", r.client().cookie())
			.setHeader("X-CSRF-TOKEN", r.client().csrf())
			.setEntity("{\"offeringId\":" + r.offering() + ",\"requestKey\":\"" + UUID.randomUUID() + "\"}",
					ContentType.APPLICATION_JSON)
			.build());
	}

	/**
	 * Each client is a thread of its own with a kept-alive connection, doing its I/O itself (Apache HttpClient's
	 * classic API): the harness costs the two cores as little as a client can.
	 */
	static CloseableHttpClient clients(int connections) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.build())
			.disableCookieManagement()
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.build();
	}

	record Answer(int status, String body) {
	}

	static Answer send(CloseableHttpClient http, ClassicHttpRequest request) throws IOException {
		return http.execute(request, response -> new Answer(response.getCode(),
				response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
	}

	Run rush(List<List<Request>> work, java.util.function.Function<Request, ClassicHttpRequest> requests)
			throws Exception {
		try (CloseableHttpClient http = clients(work.size())) {
			return rush(work, requests, http);
		}
	}

	Run rush(List<List<Request>> work, java.util.function.Function<Request, ClassicHttpRequest> requests,
			CloseableHttpClient http) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(work.size());
		CountDownLatch start = new CountDownLatch(1);
		int total = work.stream().mapToInt(List::size).sum();
		long[] latencies = new long[total];
		String[] statuses = new String[total];
		AtomicInteger next = new AtomicInteger(), refused = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (List<Request> mine : work) {
			futures.add(pool.submit(() -> {
				start.await();
				for (Request r : mine) {
					ClassicHttpRequest request = requests.apply(r);
					long t0 = System.nanoTime();
					Answer response = send(http, request);
					long t = System.nanoTime() - t0;
					int i = next.getAndIncrement();
					latencies[i] = t;
					Matcher m = STATUS.matcher(response.body());
					if (response.status() < 300 && m.find()) {
						statuses[i] = m.group(1);
					}
					else {
						statuses[i] = "REFUSED " + response.status();
						refused.incrementAndGet();
					}
				}
				return null;
			}));
		}
		long began = System.nanoTime();
		Thread sampler = Boolean.getBoolean("bench.sample") ? sampler() : null;
		jdk.jfr.Recording jfr = Boolean.getBoolean("bench.jfr")
				? new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile")) : null;
		if (jfr != null) {
			for (String event : List.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.ThreadPark", "jdk.JavaMonitorEnter")) {
				jfr.enable(event).withThreshold(java.time.Duration.ofNanos(Long.getLong("bench.jfr.threshold", 10_000_000)));
			}
			jfr.start();
		}
		start.countDown();
		for (Future<?> f : futures) {
			f.get();
		}
		double seconds = (System.nanoTime() - began) / 1e9;
		pool.shutdownNow();
		if (jfr != null) {
			jfr.stop();
			Path file = Path.of("target", "bench", "rush-" + System.nanoTime() + ".jfr");
			Files.createDirectories(file.getParent());
			jfr.dump(file);
			jfr.close();
			System.out.println("jfr recording " + file.toAbsolutePath());
		}
		if (sampler != null) {
			sampler.interrupt();
			sampler.join();
		}
		return new Run(latencies, Arrays.asList(statuses), refused.get(), seconds, 0);
	}

	/** With -Dbench.probe=true: the median of sequential requests through each layer (for tuning). */
	void probe(Client c, long child) throws Exception {
		try (CloseableHttpClient http = clients(1)) {
			probe(http, c, child);
		}
	}

	void probe(CloseableHttpClient http, Client c, long child) throws Exception {
		for (String path : List.of("/actuator/health", "/api/v1/students/" + child + "/places", "/actuator/health",
				"/api/v1/students/" + child + "/places")) {
			long[] t = new long[300];
			for (int i = 0; i < t.length; i++) {
				long t0 = System.nanoTime();
				Answer r = send(http, ClassicRequestBuilder.get(uri(path)).setHeader("Cookie", c.cookie()).build());
				t[i] = System.nanoTime() - t0;
				if (i == 0) {
					System.out.println("probe status " + r.status() + " " + path);
				}
			}
			Arrays.sort(t);
			System.out.printf("probe %s p50=%.2fms p90=%.2fms%n", path, t[150] / 1e6, t[270] / 1e6);
		}
	}

	/** With -Dbench.sample=true: which statements the database is busy with during a rush (for tuning). */
	Thread sampler() {
		Thread t = new Thread(() -> {
			java.util.Map<String, Integer> seen = new java.util.HashMap<>();
			java.util.Map<String, Integer> frames = new java.util.HashMap<>();
			while (!Thread.currentThread().isInterrupted()) {
				jdbc.sql("SELECT coalesce(wait_event_type, 'cpu') || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 100)"
						+ " FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()")
					.query(String.class).list().forEach(q -> seen.merge(q, 1, Integer::sum));
				Thread.getAllStackTraces().forEach((thread, stack) -> {
					if (thread.getState() == Thread.State.RUNNABLE && thread.getName().startsWith("http-nio")
							&& stack.length > 0 && !stack[0].getClassName().startsWith("sun.nio")) {
						StringBuilder key = new StringBuilder(stack[0].getClassName() + "." + stack[0].getMethodName());
						int shown = 0;
						for (StackTraceElement f : stack) {
							if (shown < 4 && f.getClassName().startsWith("org.") && !f.getClassName().startsWith("org.apache")) {
								key.append(" < ").append(f.getClassName().replaceAll(".*\\.", "")).append('.').append(f.getMethodName());
								shown++;
							}
						}
						frames.merge(key.toString(), 1, Integer::sum);
					}
				});
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException e) {
					break;
				}
			}
			seen.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
				.forEach(e -> System.out.println("sample " + e.getValue() + " " + e.getKey()));
			frames.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
				.forEach(e -> System.out.println("frame " + e.getValue() + " " + e.getKey()));
		});
		t.start();
		return t;
	}

	/** The raw limit: conditional update + insert over plain JDBC, same database, same number of client threads. */
	double baseline(int offeringCount, int capacity, int operations, int threads, int connections) throws Exception {
		jdbc.sql("DROP TABLE IF EXISTS bench_offering, bench_enrolment").update();
		jdbc.sql("CREATE TABLE bench_offering (id INT PRIMARY KEY, taken INT NOT NULL DEFAULT 0, capacity INT NOT NULL,"
				+ " CHECK (taken <= capacity))").update();
		jdbc.sql("CREATE TABLE bench_enrolment (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, offering_id INT NOT NULL,"
				+ " student_id BIGINT NOT NULL)").update();
		jdbc.sql("INSERT INTO bench_offering (id, capacity) SELECT n, :c FROM generate_series(1, :n) n")
			.param("c", capacity).param("n", offeringCount).update();
		try (HikariDataSource raw = new HikariDataSource()) {
			raw.setJdbcUrl(dataSource.getJdbcUrl());
			raw.setUsername(dataSource.getUsername());
			raw.setMaximumPoolSize(connections);
			raw.setAutoCommit(false);
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			CountDownLatch start = new CountDownLatch(1);
			int per = operations / threads;
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				long seed = t;
				futures.add(pool.submit(() -> {
					Random random = new Random(seed);
					start.await();
					for (int i = 0; i < per; i++) {
						enrol(raw, 1 + random.nextInt(offeringCount), seed * 1_000_000 + i);
					}
					return null;
				}));
			}
			long began = System.nanoTime();
			start.countDown();
			for (Future<?> f : futures) {
				f.get();
			}
			double seconds = (System.nanoTime() - began) / 1e9;
			pool.shutdownNow();
			return per * threads / seconds;
		}
	}

	static void enrol(HikariDataSource raw, int offering, long student) throws SQLException {
		try (Connection c = raw.getConnection()) {
			try (PreparedStatement update = c.prepareStatement(
					"UPDATE bench_offering SET taken = taken + 1 WHERE id = ? AND taken < capacity")) {
				update.setInt(1, offering);
				if (update.executeUpdate() == 1) {
					try (PreparedStatement insert = c.prepareStatement(
							"INSERT INTO bench_enrolment (offering_id, student_id) VALUES (?, ?)")) {
						insert.setInt(1, offering);
						insert.setLong(2, student);
						insert.executeUpdate();
					}
				}
			}
			c.commit();
		}
	}

	long oversold(long term) {
		return jdbc.sql("""
				SELECT coalesce(sum(greatest(held - capacity, 0) + CASE WHEN held <> taken THEN 1 ELSE 0 END), 0)
				FROM (SELECT o.capacity, o.taken, count(p.id) FILTER (WHERE p.status IN ('CONFIRMED', 'OFFERED')) AS held
				      FROM offering o LEFT JOIN place p ON p.offering_id = o.id WHERE o.term_id = :t GROUP BY o.id) x""")
			.param("t", term).query(Long.class).single();
	}

	// --- the world ---------------------------------------------------------------------------------------------------

	long term(String name) {
		int year = 3000 + Math.abs(name.hashCode() % 5000);
		return jdbc.sql("""
				INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
				VALUES (:s, :n, :y, 2, :from, :to, 'OPEN') RETURNING id""")
			.param("s", school).param("n", "测试压测 " + name).param("y", year + "-" + (year + 1))
			.param("from", LocalDate.now().minusDays(1)).param("to", LocalDate.now().plusMonths(4))
			.query(Long.class).single();
	}

	void round(long term) {
		jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at, max_per_child)
				VALUES (:t, :s, '压测轮次', 'FIRST_COME', :o, :c, 2)""")
			.param("t", term).param("s", school)
			.param("o", Timestamp.from(Instant.now().minusSeconds(60)))
			.param("c", Timestamp.from(Instant.now().plus(Duration.ofHours(2)))).update();
	}

	List<Long> offerings(long term, int count, int capacity) {
		long course = jdbc.sql("""
				INSERT INTO course (school_id, name, category_code, grades, lesson_minutes, lessons_per_term, price_fen,
				  min_size, max_size, not_academic, status)
				VALUES (:s, :n, 'ARTS', ARRAY[:l]::SMALLINT[], 60, 16, 2000, 1, 500, TRUE, 'APPROVED') RETURNING id""")
			.param("s", school).param("n", "压测课程 " + term).param("l", level).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course).update();
		List<Long> ids = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, name, kind, category_code, venue, min_capacity, capacity,
				  grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				SELECT :t, :s, :c, '压测班 ' || n, 'COURSE', 'ARTS', '压测教室 ' || :t || '-' || n, 1, :cap,
				  ARRAY[:l]::SMALLINT[], 2000, 60, 16, 'PUBLISHED' FROM generate_series(1, :n) n ORDER BY n RETURNING id""")
			.param("t", term).param("s", school).param("c", course).param("cap", capacity).param("l", level)
			.param("n", count).query(Long.class).list();
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				SELECT o.id, o.term_id, o.venue, 1 + o.id % 5, TIME '16:00', TIME '17:00' FROM offering o WHERE o.term_id = :t""")
			.param("t", term).update();
		return ids;
	}

	/** Children of school1's lowest grade, registered for the term. */
	List<Long> children(int count, long term) {
		List<Long> ids = jdbc.sql("""
				INSERT INTO student (school_id, class_id, student_no, name, gender)
				SELECT :s, :c, 'ZT-B' || :t || '-' || n, '压测' || n, 'M' FROM generate_series(1, :n) n ORDER BY n RETURNING id""")
			.param("s", school).param("c", classId).param("t", term).param("n", count).query(Long.class).list();
		jdbc.sql("""
				INSERT INTO registration (student_id, term_id, school_id, status)
				SELECT unnest(CAST(:ids AS BIGINT[])), :t, :s, 'REGISTERED'""")
			.param("ids", ids.toArray(Long[]::new)).param("t", term).param("s", school).update();
		return ids;
	}

	record Client(String cookie, String csrf, List<Long> children) {
	}

	/** Guardian accounts, each with an equal share of the children, signed in over HTTP. */
	List<Client> clients(String name, int count, List<Long> children) throws Exception {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
		int per = children.size() / count;
		List<String> usernames = new ArrayList<>();
		List<List<Long>> shares = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String username = "bench-" + name + "-" + i;
			long guardian = jdbc.sql("""
					INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES (:n, :e, :h, '138****0000')
					RETURNING id""")
				.param("n", "压测家长" + i).param("e", new byte[] { 1 })
				.param("h", (username + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)).query(Long.class).single();
			List<Long> share = children.subList(i * per, (i + 1) * per);
			jdbc.sql("""
					INSERT INTO student_guardian (student_id, guardian_id, relation, is_primary)
					SELECT unnest(CAST(:ids AS BIGINT[])), :g, 'MOTHER', TRUE""")
				.param("ids", share.toArray(Long[]::new)).param("g", guardian).update();
			jdbc.sql("""
					INSERT INTO app_user (username, display_name, password_hash, role, guardian_id) VALUES (:u, :u, :p, 'GUARDIAN', :g)""")
				.param("u", username).param("p", hash).param("g", guardian).update();
			usernames.add(username);
			shares.add(share);
		}
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<Client>> signedIn = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String username = usernames.get(i);
			List<Long> share = shares.get(i);
			signedIn.add(pool.submit(() -> signIn(username, share)));
		}
		List<Client> clients = new ArrayList<>();
		for (Future<Client> f : signedIn) {
			clients.add(f.get());
		}
		pool.shutdownNow();
		return clients;
	}

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	Client signIn(String username, List<Long> children) throws IOException, InterruptedException {
		CookieManager cookies = new CookieManager();
		HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
		String login = http.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher token = CSRF_INPUT.matcher(login);
		if (!token.find()) {
			throw new IllegalStateException("no CSRF field on the login page");
		}
		String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=" + PASSWORD
				+ "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		String home = http.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher meta = CSRF_META.matcher(home);
		if (!meta.find()) {
			throw new IllegalStateException("not signed in as " + username);
		}
		String session = cookies.getCookieStore().getCookies().stream()
			.filter(c -> c.getName().equals("SESSION"))
			.map(c -> c.getName() + "=" + c.getValue())
			.findFirst()
			.orElseThrow();
		return new Client(session, meta.group(1), children);
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}
}
