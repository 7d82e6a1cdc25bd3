package org.kehou.demo.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.kehou.demo.DemoProperties;
import org.kehou.demo.DemoScale;
import org.kehou.identity.PersonalDataCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Generates the demo city into an empty database: structure first, then school after school (people made up on
 * this thread, personal data sealed in parallel, rows written with COPY on a writer thread while the next schools
 * are made up), then the demo accounts — all in one transaction, so a failed run leaves the database empty.
 * Refuses when the database already holds a city, a school, a student or a guardian.
 */
@Service
public class DemoCityGenerator implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DemoCityGenerator.class);

	/** Students per batch handed to the writer. */
	private static final int BATCH_STUDENTS = 20_000;

	private final DataSource dataSource;

	private final PersonalDataCipher cipher;

	private final PasswordEncoder passwords;

	private final DemoProperties properties;

	private final AtomicBoolean running = new AtomicBoolean();

	private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "demo-generator");
		thread.setDaemon(true);
		return thread;
	});

	private volatile DemoStatus status = DemoStatus.IDLE;

	DemoCityGenerator(DataSource dataSource, PersonalDataCipher cipher, PasswordEncoder passwords,
			DemoProperties properties) {
		this.dataSource = dataSource;
		this.cipher = cipher;
		this.passwords = passwords;
		this.properties = properties;
	}

	public DemoStatus status() {
		return status;
	}

	/** Whether the database holds no city, school, student or guardian yet. */
	public boolean databaseIsEmpty() {
		try (Connection connection = dataSource.getConnection()) {
			return isEmpty(connection);
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot read the database", e);
		}
	}

	/**
	 * Starts generating in the background.
	 *
	 * @throws IllegalStateException (message key {@code demo.refused.*}) when a run is going on or data exists
	 */
	public void start(DemoScale scale) {
		if (!databaseIsEmpty()) {
			throw new IllegalStateException("demo.refused.data");
		}
		if (!running.compareAndSet(false, true)) {
			throw new IllegalStateException("demo.refused.running");
		}
		status = new DemoStatus(DemoStatus.State.RUNNING, scale, "demo.phase.starting", 0, System.nanoTime(), 0, null,
				null);
		background.submit(() -> {
			try {
				run(scale);
			}
			catch (RuntimeException e) {
				log.error("Demo city generation failed", e);
			}
		});
	}

	/**
	 * Generates on the calling thread.
	 *
	 * @throws IllegalStateException when a run is going on or data exists
	 */
	public DemoStatus.Summary generate(DemoScale scale) {
		if (!running.compareAndSet(false, true)) {
			throw new IllegalStateException("demo.refused.running");
		}
		return run(scale);
	}

	private DemoStatus.Summary run(DemoScale scale) {
		long started = System.nanoTime();
		status = new DemoStatus(DemoStatus.State.RUNNING, scale, "demo.phase.starting", 0, started, 0, null, null);
		try {
			DemoStatus.Summary summary = write(scale, started);
			status = new DemoStatus(DemoStatus.State.DONE, scale, "demo.phase.done", 100, started, summary.millis(),
					summary, null);
			log.info(summary.line());
			return summary;
		}
		catch (RuntimeException | SQLException | InterruptedException | ExecutionException e) {
			if (e instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
			String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
			status = new DemoStatus(DemoStatus.State.FAILED, scale, "demo.phase.failed", status.percent(), started,
					millisSince(started), null, message);
			if (cause instanceof IllegalStateException ise) {
				throw ise;
			}
			throw new IllegalStateException("demo city generation failed: " + message, cause);
		}
		finally {
			running.set(false);
		}
	}

	private DemoStatus.Summary write(DemoScale scale, long started)
			throws SQLException, InterruptedException, ExecutionException {
		ExecutorService writerThread = Executors.newSingleThreadExecutor(r -> {
			Thread thread = new Thread(r, "demo-writer");
			thread.setDaemon(true);
			return thread;
		});
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// one generator at a time, across application nodes
				statement.execute("SELECT pg_advisory_xact_lock(hashtext('kehou-demo-city'))");
				statement.execute("SET LOCAL synchronous_commit = off");
				try (ResultSet rs = statement
					.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
					if (rs.next() && rs.getBoolean(1)) {
						// generated rows are consistent by construction: skip the per-row foreign-key triggers
						statement.execute("SET LOCAL session_replication_role = replica");
					}
				}
			}
			if (!isEmpty(connection)) {
				throw new IllegalStateException("demo.refused.data");
			}
			IdBases base = DemoCityWriter.idBases(connection);
			CityBlueprint city = CityBlueprint.create(scale, properties.seed(), base);
			int planned = city.plannedStudents();
			log.info("Generating the {} demo city {}: {} towns, {} schools, about {} students (seed {})", scale.key(),
					city.cityName(), city.towns().size(), city.schools().size(), planned, properties.seed());
			DemoCityWriter writer = new DemoCityWriter(connection);
			Sealer sealer = new Sealer(cipher);
			phase(scale, "demo.phase.structure", 0, started);
			writer.writeStructure(city, base.city() + 1);

			CityBlueprint.School school1 = city.schools().get(0);
			CityBlueprint.School school2 = city.schools()
				.stream()
				.filter(s -> s.townIndex() == 1)
				.findFirst()
				.orElse(city.schools().get(city.schools().size() - 1));
			RosterGenerator generator = new RosterGenerator(properties.seed(), base, school1.id(), school2.id());
			// staff accounts share one hash of a random initial password: bcrypt per row would take hours
			byte[] initial = new byte[18];
			new SecureRandom().nextBytes(initial);
			String staffPasswordHash = passwords.encode(Base64.getEncoder().encodeToString(initial));
			Counts counts = new Counts();
			Roster school1Roster = null;
			Roster school2Roster = null;
			Future<?> pending = null;
			List<Roster> batch = new ArrayList<>();
			int batchStudents = 0;
			int lastLogged = -1;
			for (int i = 0; i < city.schools().size(); i++) {
				Roster roster = generator.generate(city.schools().get(i));
				if (roster.school() == school1) {
					school1Roster = roster;
				}
				if (roster.school() == school2) {
					school2Roster = roster;
				}
				batch.add(roster);
				batchStudents += roster.students().size();
				if (batchStudents >= BATCH_STUDENTS || i == city.schools().size() - 1) {
					List<Roster> sealed = batch;
					long sealing = System.nanoTime();
					sealer.seal(sealed);
					counts.sealNanos += System.nanoTime() - sealing;
					if (pending != null) {
						long waiting = System.nanoTime();
						pending.get();
						counts.waitNanos += System.nanoTime() - waiting;
					}
					pending = writerThread.submit(() -> {
						long writing = System.nanoTime();
						counts.add(sealed, writer.writeRosters(sealed, staffPasswordHash, demoStaff(sealed, school1, school2)));
						counts.writeNanos += System.nanoTime() - writing;
						return null;
					});
					batch = new ArrayList<>();
					batchStudents = 0;
					int percent = (int) Math.min(95, (long) counts.studentsMade(sealed) * 95 / Math.max(1, planned));
					phase(scale, "demo.phase.people", percent, started);
					if (percent / 10 > lastLogged) {
						lastLogged = percent / 10;
						log.info("Demo city: {}% ({} of about {} students, {} s)", percent, counts.made, planned,
								millisSince(started) / 1000);
					}
				}
			}
			if (pending != null) {
				pending.get();
			}
			log.info("Demo city: sealing personal data took {} ms, writing (COPY) {} ms, waiting for the writer {} ms",
					counts.sealNanos / 1_000_000, counts.writeNanos / 1_000_000, counts.waitNanos / 1_000_000);
			phase(scale, "demo.phase.accounts", 96, started);
			String passwordHash = passwords.encode(DemoLogins.PASSWORD);
			writer.writeProvider(DemoLogins.PROVIDER_ID, DemoLogins.PROVIDER_NAME, DemoLogins.PROVIDER_CREDIT_CODE,
					"香山市文化路 8 号");
			DemoProviders.Written written = new DemoProviders(connection, cipher).write(scale, city,
					java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
			log.info("Demo city: {} approved providers with {} courses, {} schools' own courses", written.providers(),
					written.providerCourses(), written.schoolCourses());
			writer.writeAccounts(accounts(city, school1Roster, school2Roster, written.instructorProvider()), passwordHash);
			writer.linkInstructor(DemoLogins.INSTRUCTOR1, written.instructor());
			writer.setGuardianPassword(cipher.phoneHash(DemoLogins.GUARDIAN1), passwordHash);
			writer.setGuardianPassword(cipher.phoneHash(DemoLogins.GUARDIAN2), passwordHash);
			phase(scale, "demo.phase.finishing", 98, started);
			writer.moveSequences();
			connection.commit();
			long accounts = counts.accounts + DemoLogins.all().size() - 2;
			return new DemoStatus.Summary(scale, city.platforms().size(), city.towns().size(), city.schools().size(),
					counts.classes, counts.staff, counts.students, counts.guardians, counts.links, counts.hardships,
					accounts, millisSince(started));
		}
		finally {
			writerThread.shutdownNow();
		}
	}

	/** The staff rows the fixed demo accounts stand for (they get no bulk account). */
	private static Set<Long> demoStaff(List<Roster> rosters, CityBlueprint.School school1,
			CityBlueprint.School school2) {
		Set<Long> ids = new HashSet<>();
		for (Roster roster : rosters) {
			if (roster.school() == school1) {
				roster.staff().subList(0, 3).forEach(s -> ids.add(s.id()));
			}
			if (roster.school() == school2) {
				ids.add(roster.staff().get(0).id());
			}
		}
		return ids;
	}

	private static List<DemoCityWriter.Account> accounts(CityBlueprint city, @Nullable Roster school1,
			@Nullable Roster school2, long instructorProvider) {
		if (school1 == null || school2 == null) {
			throw new IllegalStateException("demo schools missing");
		}
		CityBlueprint.Town town1 = city.towns().get(0);
		Rows.Staff admin = school1.staff().get(0);
		Rows.Staff inspector = school1.staff().get(1);
		Rows.Staff teacher = school1.staff().get(2);
		Rows.Staff admin2 = school2.staff().get(0);
		return List.of(
				new DemoCityWriter.Account(DemoLogins.CITY, "市教体局管理员", "CITY_ADMIN", null, null, null, null),
				new DemoCityWriter.Account(DemoLogins.TOWN1, town1.name() + "教办管理员", "TOWN_ADMIN", town1.id(), null,
						null, null),
				new DemoCityWriter.Account(DemoLogins.SCHOOL1, admin.name(), "SCHOOL_ADMIN", null,
						school1.school().id(), null, admin.id()),
				new DemoCityWriter.Account(DemoLogins.SCHOOL2, admin2.name(), "SCHOOL_ADMIN", null,
						school2.school().id(), null, admin2.id()),
				new DemoCityWriter.Account(DemoLogins.TEACHER1, teacher.name(), "TEACHER", null, school1.school().id(),
						null, teacher.id()),
				new DemoCityWriter.Account(DemoLogins.INSPECTOR1, inspector.name(), "INSPECTOR", null,
						school1.school().id(), null, inspector.id()),
				new DemoCityWriter.Account(DemoLogins.PROVIDER1, DemoLogins.PROVIDER_NAME, "PROVIDER_ADMIN", null, null,
						DemoLogins.PROVIDER_ID, null),
				// the instructor of the first approved provider (the draft provider 1 cannot teach), linked after
				new DemoCityWriter.Account(DemoLogins.INSTRUCTOR1, "陈思远（机构教师）", "INSTRUCTOR", null, null,
						instructorProvider, null));
	}

	/** Creates only the city administrator's account, so an empty database can be filled from the console. */
	public void ensureCityAccount() {
		try (Connection connection = dataSource.getConnection()) {
			new DemoCityWriter(connection).writeAccounts(List.of(new DemoCityWriter.Account(DemoLogins.CITY,
					"市教体局管理员", "CITY_ADMIN", null, null, null, null)), passwords.encode(DemoLogins.PASSWORD));
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot create the demo city account", e);
		}
	}

	private void phase(DemoScale scale, String phase, int percent, long started) {
		status = new DemoStatus(DemoStatus.State.RUNNING, scale, phase, percent, started, millisSince(started), null,
				null);
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static boolean isEmpty(Connection connection) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("""
				SELECT NOT (EXISTS (SELECT 1 FROM city) OR EXISTS (SELECT 1 FROM school)
				         OR EXISTS (SELECT 1 FROM student) OR EXISTS (SELECT 1 FROM guardian))""");
				ResultSet rs = query.executeQuery()) {
			rs.next();
			return rs.getBoolean(1);
		}
	}

	@Override
	public void destroy() {
		background.shutdownNow();
	}

	/** Running totals; written by the writer thread, read after its futures complete. */
	private static final class Counts {

		volatile long classes;

		volatile long staff;

		volatile long students;

		volatile long guardians;

		volatile long links;

		volatile long hardships;

		volatile long accounts;

		long made;

		long sealNanos;

		volatile long writeNanos;

		long waitNanos;

		void add(List<Roster> rosters, long guardianAccounts) {
			for (Roster r : rosters) {
				classes += r.classes().size();
				staff += r.staff().size();
				students += r.students().size();
				guardians += r.guardians().size();
				links += r.links().size();
				hardships += r.hardships().size();
			}
			accounts += guardianAccounts;
		}

		long studentsMade(List<Roster> rosters) {
			for (Roster r : rosters) {
				made += r.students().size();
			}
			return made;
		}
	}
}
