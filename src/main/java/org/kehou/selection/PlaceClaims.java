package org.kehou.selection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.kehou.selection.Claim.Placed;
import org.kehou.selection.Claim.Refused;
import org.kehou.selection.Claim.Result;
import org.kehou.selection.SelectionRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies claims for places — the hot path of selection day.
 * <p>
 * <b>Correctness comes from the database</b>, on any number of nodes: the child's registration row is locked
 * ({@code FOR UPDATE}, in student order) so that the per-child maximum is counted without a race; a seat is taken
 * by the atomic conditional {@code UPDATE offering SET taken = … WHERE taken < capacity}, whose {@code CHECK (taken
 * <= capacity)} backs it; two held places of a child that overlap in time are refused by the exclusion constraint
 * {@code place_no_overlap}; a double tap or a retry finds the place its request key (or the live place in the same
 * offering) already made. Locks are always taken registration rows first, then offering rows in id order, so
 * batches never deadlock each other.
 * <p>
 * <b>Speed comes from batching</b>: claims queue in a few lanes (by offering), and each lane's worker applies all
 * the claims waiting at that moment in one transaction — one conditional update per offering for the whole batch
 * instead of one per child. On a hot offering the row lock is taken once per batch instead of once per click, and
 * commits are shared. Under light load a batch is one claim, so nothing waits. {@code kehou.selection.claim-lanes=0}
 * applies each claim in the caller's thread instead. Claims use a small connection pool of their own (one
 * connection per lane), so the page loads of the rush can never starve them of connections.
 */
@Component
class PlaceClaims implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PlaceClaims.class);

	private static final String LIVE = "('CONFIRMED', 'OFFERED', 'WAITLISTED')";

	private static final String HELD = "('CONFIRMED', 'OFFERED')";

	private record Pending(Claim claim, CompletableFuture<Result> future) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final @Nullable HikariDataSource ownPool;

	private final TransactionTemplate eventTx;

	private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "place-events");
		t.setDaemon(true);
		return t;
	});

	private final ApplicationEventPublisher events;

	private final int batchSize;

	private final long waitMillis;

	private final List<BlockingQueue<Pending>> lanes = new ArrayList<>();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean running;

	private volatile boolean batching = true;

	PlaceClaims(DataSource dataSource, PlatformTransactionManager transactions, ApplicationEventPublisher events,
			SelectionProperties properties) {
		// claims get connections of their own: hundreds of request threads reading pages must never starve them
		this.ownPool = dataSource instanceof HikariDataSource main ? pool(main, Math.max(properties.claimLanes(), 2))
				: null;
		DataSource claimsSource = ownPool != null ? ownPool : dataSource;
		this.jdbc = JdbcClient.create(claimsSource);
		this.tx = new TransactionTemplate(new DataSourceTransactionManager(claimsSource));
		this.eventTx = new TransactionTemplate(transactions);
		this.events = events;
		this.batchSize = properties.claimBatch();
		this.waitMillis = properties.claimWait().toMillis();
		for (int i = 0; i < properties.claimLanes(); i++) {
			lanes.add(new ArrayBlockingQueue<>(properties.claimQueue()));
		}
	}

	/** Turns batching off (each claim alone in the caller's thread) or back on; the rush benchmark compares both. */
	void batching(boolean on) {
		this.batching = on;
	}

	/** Applies one claim, batched with others when lanes run; waits for its outcome. */
	Result submit(Claim claim) {
		if (lanes.isEmpty() || !running || !batching) {
			return applyAlone(claim);
		}
		Pending pending = new Pending(claim, new CompletableFuture<>());
		BlockingQueue<Pending> lane = lanes.get((int) Math.floorMod(claim.offeringId(), (long) lanes.size()));
		try {
			if (!lane.offer(pending, waitMillis, TimeUnit.MILLISECONDS)) {
				return new Refused(Reason.BUSY);
			}
			return pending.future().get(waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Refused(Reason.BUSY);
		}
		catch (TimeoutException e) {
			// the claim may still be applied: the guardian's retry with the same request key returns it
			return new Refused(Reason.BUSY);
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException r) {
				throw r;
			}
			throw new IllegalStateException(cause);
		}
	}

	/**
	 * Applies claims in one transaction, then publishes a {@link PlaceChanged} for each new place — from a thread of
	 * its own, in a transaction of the application's data source (where the event publication registry keeps it for
	 * the listeners), so that a busy application pool never holds up the claims. Events of a node that dies between
	 * the commit and the publication are lost; consumers that must not miss a place (billing) reconcile from the
	 * place table.
	 */
	List<Result> applyAll(List<Claim> claims) {
		List<PlaceChanged> changes = new ArrayList<>();
		List<Result> results = Objects.requireNonNull(tx.execute(status -> apply(claims, changes)));
		if (!changes.isEmpty()) {
			publisher.execute(() -> eventTx.executeWithoutResult(status -> changes.forEach(events::publishEvent)));
		}
		return results;
	}

	private static HikariDataSource pool(HikariDataSource main, int size) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(main.getJdbcUrl());
		pool.setUsername(main.getUsername());
		pool.setPassword(main.getPassword());
		pool.setMaximumPoolSize(size);
		pool.setMinimumIdle(0);
		pool.setPoolName("kehou-claims");
		return pool;
	}

	private Result applyAlone(Claim claim) {
		return applyAll(List.of(claim)).get(0);
	}

	// --- the batch -------------------------------------------------------------------------------------------------

	private List<Result> apply(List<Claim> claims, List<PlaceChanged> changes) {
		int n = claims.size();
		Long[] students = new Long[n];
		Long[] terms = new Long[n];
		for (int i = 0; i < n; i++) {
			students[i] = claims.get(i).studentId();
			terms[i] = claims.get(i).termId();
		}
		// 1. lock the children's registrations (only REGISTERED ones count), in student order
		Set<Long> registered = new HashSet<>(jdbc.sql("""
				SELECT r.id, r.student_id FROM registration r
				JOIN (SELECT DISTINCT s, t FROM unnest(CAST(:s AS BIGINT[]), CAST(:t AS BIGINT[])) AS u(s, t)) x
				  ON r.student_id = x.s AND r.term_id = x.t
				WHERE r.status = 'REGISTERED' ORDER BY r.student_id, r.term_id FOR UPDATE OF r""")
			.param("s", students)
			.param("t", terms)
			.query((rs, i) -> rs.getLong("student_id"))
			.list());
		// 2. the children's live places and earlier requests
		record Existing(long id, long student, long offering, PlaceStatus status, @Nullable String key) {
		}
		List<Existing> existing = jdbc.sql("""
				SELECT p.id, p.student_id, p.offering_id, p.status, p.request_key FROM place p
				JOIN (SELECT DISTINCT s, t FROM unnest(CAST(:s AS BIGINT[]), CAST(:t AS BIGINT[])) AS u(s, t)) x
				  ON p.student_id = x.s AND p.term_id = x.t
				WHERE p.status IN """ + LIVE + " OR p.request_key IS NOT NULL")
			.param("s", students)
			.param("t", terms)
			.query((rs, i) -> new Existing(rs.getLong(1), rs.getLong(2), rs.getLong(3),
					PlaceStatus.valueOf(rs.getString(4)), rs.getString(5)))
			.list();
		// 3. which claims overlap a place the child already holds
		Set<Integer> overlapping = overlapping(claims);

		Result[] results = new Result[n];
		Map<Long, Integer> liveCount = new HashMap<>();
		Map<String, Existing> byKey = new HashMap<>();
		Map<String, Existing> liveByOffering = new HashMap<>();
		for (Existing e : existing) {
			if (e.key() != null) {
				byKey.put(e.student() + "/" + e.key(), e);
			}
			if (e.status().isLive()) {
				liveCount.merge(e.student(), 1, Integer::sum);
				liveByOffering.put(e.student() + "@" + e.offering(), e);
			}
		}
		Map<String, Integer> firstInBatch = new HashMap<>();   // same child+offering or key twice: same outcome
		int[] aliasOf = new int[n];
		Map<Long, List<Slot>> batchBusy = new HashMap<>();
		TreeMap<Long, List<Integer>> valid = new TreeMap<>();   // offering -> claim indexes, arrival order
		for (int i = 0; i < n; i++) {
			aliasOf[i] = -1;
			Claim c = claims.get(i);
			Existing earlier = c.requestKey() == null ? null : byKey.get(c.studentId() + "/" + c.requestKey());
			if (earlier == null) {
				earlier = liveByOffering.get(c.studentId() + "@" + c.offeringId());
			}
			if (earlier != null) {
				results[i] = new Placed(earlier.id(), earlier.status(), false);
				continue;
			}
			Integer first = firstInBatch.get(c.studentId() + "@" + c.offeringId());
			if (first == null && c.requestKey() != null) {
				first = firstInBatch.get(c.studentId() + "/" + c.requestKey());
			}
			if (first != null) {
				aliasOf[i] = first;
				continue;
			}
			if (!registered.contains(c.studentId())) {
				results[i] = new Refused(Reason.NOT_REGISTERED);
				continue;
			}
			if (liveCount.getOrDefault(c.studentId(), 0) >= c.maxPerChild()) {
				results[i] = new Refused(Reason.MAX_REACHED);
				continue;
			}
			List<Slot> mine = c.busy();
			List<Slot> held = batchBusy.getOrDefault(c.studentId(), List.of());
			if (overlapping.contains(i) || mine.stream().anyMatch(s -> held.stream().anyMatch(s::overlaps))) {
				results[i] = new Refused(Reason.OVERLAP);
				continue;
			}
			liveCount.merge(c.studentId(), 1, Integer::sum);
			firstInBatch.put(c.studentId() + "@" + c.offeringId(), i);
			if (c.requestKey() != null) {
				firstInBatch.put(c.studentId() + "/" + c.requestKey(), i);
			}
			valid.computeIfAbsent(c.offeringId(), o -> new ArrayList<>()).add(i);
			// a waitlisted claim does not keep the child busy, but a batch cannot tell yet: assume it does
			List<Slot> busyNow = new ArrayList<>(held);
			busyNow.addAll(mine);
			batchBusy.put(c.studentId(), busyNow);
		}

		// 4. seats, one conditional update per offering, in offering order
		List<Integer> toInsert = new ArrayList<>();
		Map<Integer, PlaceStatus> statusOf = new HashMap<>();
		Map<Integer, Integer> positionOf = new HashMap<>();
		Map<Long, Integer> granted = new LinkedHashMap<>();
		for (Map.Entry<Long, List<Integer>> e : valid.entrySet()) {
			long offering = e.getKey();
			List<Integer> idx = e.getValue();
			Integer k = jdbc.sql("""
					WITH cur AS (SELECT id, taken, capacity FROM offering WHERE id = :o AND status = 'PUBLISHED' FOR UPDATE)
					UPDATE offering o SET taken = LEAST(cur.capacity, cur.taken + :n), updated_at = now() FROM cur
					WHERE o.id = cur.id AND cur.taken < cur.capacity
					RETURNING LEAST(cur.capacity, cur.taken + :n) - cur.taken""")
				.param("o", offering)
				.param("n", idx.size())
				.query(Integer.class)
				.optional()
				.orElse(0);
			boolean open = k > 0 || jdbc.sql("SELECT status = 'PUBLISHED' FROM offering WHERE id = :o")
				.param("o", offering)
				.query(Boolean.class)
				.optional()
				.orElse(false);
			granted.put(offering, k);
			// the waitlist cannot grow meanwhile: its rows are only added under this offering's row lock
			int queued = k < idx.size() && open ? jdbc.sql(
					"SELECT count(*) FROM place WHERE offering_id = :o AND status = 'WAITLISTED'")
				.param("o", offering)
				.query(Integer.class)
				.single() : 0;
			for (int j = 0; j < idx.size(); j++) {
				int i = idx.get(j);
				if (!open) {
					results[i] = new Refused(Reason.OFFERING_NOT_OPEN);
				}
				else if (j < k) {
					statusOf.put(i, PlaceStatus.CONFIRMED);
					toInsert.add(i);
				}
				else if (claims.get(i).waitlist()) {
					statusOf.put(i, PlaceStatus.WAITLISTED);
					positionOf.put(i, ++queued);
					toInsert.add(i);
				}
				else {
					results[i] = new Refused(Reason.FULL);
				}
			}
		}

		// 5. the places, in arrival order (which is the waitlist's order)
		if (!toInsert.isEmpty()) {
			toInsert.sort(Integer::compare);
			int m = toInsert.size();
			Long[] o = new Long[m], s = new Long[m], t = new Long[m], r = new Long[m], by = new Long[m];
			String[] st = new String[m], src = new String[m], d = new String[m], k = new String[m];
			for (int j = 0; j < m; j++) {
				Claim c = claims.get(toInsert.get(j));
				o[j] = c.offeringId();
				s[j] = c.studentId();
				t[j] = c.termId();
				r[j] = c.roundId();
				by[j] = c.actor();
				st[j] = statusOf.get(toInsert.get(j)).name();
				src[j] = c.source().name();
				d[j] = c.daysLiteral();
				k[j] = c.requestKey();
			}
			Map<String, Long> inserted = new HashMap<>();
			jdbc.sql("""
					INSERT INTO place (offering_id, student_id, term_id, round_id, status, source, busy, days, request_key,
					  created_by, confirmed_at)
					SELECT x.o, x.s, x.t, x.r, x.st, x.src, place_busy(x.o, CAST(x.d AS SMALLINT[])), CAST(x.d AS SMALLINT[]),
					  x.k, x.by, CASE WHEN x.st = 'CONFIRMED' THEN now() END
					FROM unnest(CAST(:o AS BIGINT[]), CAST(:s AS BIGINT[]), CAST(:t AS BIGINT[]), CAST(:r AS BIGINT[]),
					  CAST(:st AS VARCHAR[]), CAST(:src AS VARCHAR[]), CAST(:d AS VARCHAR[]), CAST(:k AS VARCHAR[]),
					  CAST(:by AS BIGINT[])) WITH ORDINALITY AS x(o, s, t, r, st, src, d, k, by, n)
					ORDER BY x.n
					ON CONFLICT DO NOTHING
					RETURNING id, student_id, offering_id""")
				.param("o", o).param("s", s).param("t", t).param("r", r).param("st", st).param("src", src)
				.param("d", d).param("k", k).param("by", by)
				.query((rs, i) -> Map.entry(rs.getLong(2) + "@" + rs.getLong(3), rs.getLong(1)))
				.list()
				.forEach(e -> inserted.put(e.getKey(), e.getValue()));
			// 6. a row the constraints refused (another node's overlapping or same place, committed meanwhile)
			Map<Long, Integer> giveBack = new TreeMap<>();
			for (int i : toInsert) {
				Claim c = claims.get(i);
				PlaceStatus status = statusOf.get(i);
				Long id = inserted.get(c.studentId() + "@" + c.offeringId());
				if (id != null) {
					results[i] = new Placed(id, status, true, positionOf.getOrDefault(i, 0));
					changes.add(new PlaceChanged(id, c.offeringId(), c.studentId(), c.termId(), status, c.source()));
					continue;
				}
				if (status == PlaceStatus.CONFIRMED) {
					giveBack.merge(c.offeringId(), 1, Integer::sum);
				}
				results[i] = jdbc.sql("SELECT id, status FROM place WHERE offering_id = :o AND student_id = :s AND status IN "
						+ LIVE)
					.param("o", c.offeringId())
					.param("s", c.studentId())
					.query((rs, x) -> (Result) new Placed(rs.getLong(1), PlaceStatus.valueOf(rs.getString(2)), false))
					.optional()
					.orElse(new Refused(Reason.OVERLAP));
			}
			giveBack.forEach((offering, count) -> jdbc
				.sql("UPDATE offering SET taken = taken - :n WHERE id = :o")
				.param("n", count)
				.param("o", offering)
				.update());
		}
		for (int i = 0; i < n; i++) {
			if (aliasOf[i] >= 0) {
				Result first = results[aliasOf[i]];
				results[i] = first instanceof Placed p ? new Placed(p.placeId(), p.status(), false) : first;
			}
		}
		return List.of(results);
	}

	/** The indexes of claims whose times overlap a place the child holds (seen by the database). */
	private Set<Integer> overlapping(List<Claim> claims) {
		int n = claims.size();
		Integer[] idx = new Integer[n];
		Long[] s = new Long[n], t = new Long[n], o = new Long[n];
		String[] d = new String[n];
		for (int i = 0; i < n; i++) {
			Claim c = claims.get(i);
			idx[i] = i;
			s[i] = c.studentId();
			t[i] = c.termId();
			o[i] = c.offeringId();
			d[i] = c.daysLiteral();
		}
		return new HashSet<>(jdbc.sql("""
				SELECT x.i FROM unnest(CAST(:i AS INT[]), CAST(:s AS BIGINT[]), CAST(:t AS BIGINT[]), CAST(:o AS BIGINT[]),
				  CAST(:d AS VARCHAR[])) AS x(i, s, t, o, d)
				WHERE EXISTS (SELECT 1 FROM place p WHERE p.student_id = x.s AND p.term_id = x.t AND p.status IN """ + HELD
				+ """
				   AND p.offering_id <> x.o AND p.busy && place_busy(x.o, CAST(x.d AS SMALLINT[])))""")
			.param("i", idx)
			.param("s", s)
			.param("t", t)
			.param("o", o)
			.param("d", d)
			.query(Integer.class)
			.list());
	}

	// --- the lanes -------------------------------------------------------------------------------------------------

	private void work(BlockingQueue<Pending> lane) {
		List<Pending> batch = new ArrayList<>(batchSize);
		while (running || !lane.isEmpty()) {
			try {
				Pending first = lane.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				lane.drainTo(batch, batchSize - 1);
				run(batch);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void run(List<Pending> batch) {
		List<Claim> claims = batch.stream().map(Pending::claim).toList();
		for (int attempt = 1; attempt <= 3; attempt++) {
			try {
				List<Result> results = applyAll(claims);
				for (int i = 0; i < batch.size(); i++) {
					batch.get(i).future().complete(results.get(i));
				}
				return;
			}
			catch (DataAccessException e) {
				log.debug("claim batch of {} failed (attempt {}): {}", batch.size(), attempt, e.getMessage());
			}
			catch (RuntimeException e) {
				log.warn("claim batch of {} failed", batch.size(), e);
				break;
			}
		}
		// a batch that keeps failing: each claim alone, so that one cannot sink the others
		for (Pending p : batch) {
			try {
				p.future().complete(applyAlone(p.claim()));
			}
			catch (RuntimeException e) {
				p.future().completeExceptionally(e);
			}
		}
	}

	@Override
	public void start() {
		running = true;
		for (int i = 0; i < lanes.size(); i++) {
			BlockingQueue<Pending> lane = lanes.get(i);
			Thread worker = new Thread(() -> work(lane), "place-claims-" + i);
			worker.setDaemon(true);
			workers.add(worker);
			worker.start();
		}
	}

	/** Stops the lanes (waiting for the claims they hold); a paused context starts them again. */
	@Override
	public void stop() {
		running = false;
		for (Thread worker : workers) {
			try {
				worker.join(10_000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		workers.clear();
	}

	/** At the end only: the event thread and the connections of the claims. */
	@Override
	public void destroy() {
		publisher.shutdown();
		try {
			publisher.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (ownPool != null) {
			ownPool.close();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops after the web server (which stops at a higher phase) so that accepted claims are still applied. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}
}
