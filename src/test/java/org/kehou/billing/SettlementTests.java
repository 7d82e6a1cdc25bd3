package org.kehou.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.ledger.AccountKind;
import org.kehou.ledger.AccountRef;
import org.kehou.ledger.Entry;
import org.kehou.ledger.Ledger;
import org.kehou.ledger.PostingKind;
import org.kehou.ledger.Side;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

/**
 * Provider settlement on the real database. One past term of school1 and a provider of its own, fee ¥30 a lesson,
 * four Monday sessions: the first given (checked in), the second cancelled, the third held without a check-in, the
 * fourth given. Children: A and B throughout; C on approved leave (a credit) for the fourth; D withdrawn (line ended)
 * between the first and the fourth; E from the fourth on at a fee of ¥25; F with one lesson only (the cap). So the
 * first session charges A B C D F (5 × ¥30) and the fourth A B (¥30 each) and E (¥25): ¥235.00 in all.
 */
@DemoCityTest
class SettlementTests {

	static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Settlements settlements;

	@Autowired
	Ledger ledger;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	UserDetailsService users;

	SettlementWorld world;

	long provider;

	long instructor;

	long offering;

	long other;

	long[] sessions;

	KehouUser providerAdmin;

	KehouUser school1;

	String instructorName;

	@BeforeEach
	void world() {
		world = new SettlementWorld(jdbc, "school1");
		provider = world.provider("测试结算机构");
		instructorName = "陈思远" + world.tag;
		instructor = world.instructor(provider, cipher, instructorName);
		offering = world.offering("书法", provider, instructor, 3000);
		providerAdmin = world.providerAdmin(provider);
		school1 = (KehouUser) users.loadUserByUsername("school1");
		LocalDate m = world.monday;
		sessions = new long[] { world.session(offering, m, "SCHEDULED"),
				world.session(offering, m.plusWeeks(1), "CANCELLED"), world.session(offering, m.plusWeeks(2), "SCHEDULED"),
				world.session(offering, m.plusWeeks(3), "SCHEDULED") };
		world.checkIn(sessions[0], instructor, provider);
		world.checkIn(sessions[3], instructor, provider);

		// another provider's offering at the same school: never in this provider's statement
		long stranger = world.provider("别的机构");
		long strangerInstructor = world.instructor(stranger, cipher, "别的老师");
		other = world.offering("围棋", stranger, strangerInstructor, 5000);
		long otherSession = world.session(other, m, "SCHEDULED");
		world.checkIn(otherSession, strangerInstructor, stranger);

		List<Long> kids = world.children(7);
		long a = world.line(world.order(kids.get(0)), offering, 3000, 4, 1, m, null);
		long b = world.line(world.order(kids.get(1)), offering, 3000, 4, 1, m, null);
		long c = world.line(world.order(kids.get(2)), offering, 3000, 4, 2, m, null);
		long d = world.line(world.order(kids.get(3)), offering, 3000, 4, 3, m,
				SettlementWorld.at(m.plusWeeks(2), 10, 0));
		world.line(world.order(kids.get(4)), offering, 2500, 1, 0, m.plusWeeks(3), null);
		world.line(world.order(kids.get(5)), offering, 3000, 1, 0, m, null);
		world.line(world.order(kids.get(6)), other, 5000, 4, 0, m, null);
		for (long line : new long[] { a, b, c, d }) {
			world.credit(line, sessions[1], 1, "CANCELLED", SettlementWorld.at(m.plusWeeks(1), 9, 0));
		}
		world.credit(c, sessions[3], 1, "LEAVE", SettlementWorld.at(m.plusWeeks(3), 8, 0));
		world.credit(d, null, 2, "WITHDRAWN", SettlementWorld.at(m.plusWeeks(2), 10, 0));
	}

	@Test
	void theStatementCountsGivenSessionsAndTheChildrenChargedForEach() {
		SettlementView draft = settlements.create(providerAdmin, provider, world.term, null);
		assertThat(draft.status()).isEqualTo(SettlementStatus.DRAFT);
		assertThat(draft.total().fen()).isEqualTo(23_500);
		assertThat(draft.sessionsGiven()).isEqualTo(2);

		Statement s = settlements.statement(draft.id());
		assertThat(s.frozen()).isFalse();
		assertThat(s.offerings()).extracting(Statement.OfferingPart::offeringId).containsExactly(offering);
		List<Statement.SessionLine> lines = s.offerings().get(0).sessions();
		assertThat(lines).extracting(Statement.SessionLine::state)
			.containsExactly(SessionState.GIVEN, SessionState.CANCELLED, SessionState.NOT_CHECKED_IN, SessionState.GIVEN);
		assertThat(lines).extracting(Statement.SessionLine::children).containsExactly(5, 0, 0, 3);
		assertThat(lines).extracting(l -> l.amount().fen()).containsExactly(15_000L, 0L, 0L, 8_500L);
		assertThat(lines.get(0).checkIns()).isEqualTo(instructorName + " 15:25");
		assertThat(lines.get(1).checkIns()).isEmpty();
		assertThat(lines.get(1).reason()).isEqualTo("台风停课");
		assertThat(s.count(SessionState.GIVEN)).isEqualTo(2);
		assertThat(s.count(SessionState.NOT_CHECKED_IN)).isEqualTo(1);
		assertThat(s.count(SessionState.CANCELLED)).isEqualTo(1);
		assertThat(s.childLessons()).isEqualTo(8);
		assertThat(s.total().fen()).isEqualTo(23_500);
		// credits of the period, as information: 4 cancelled + 1 leave + 2 withdrawn lessons at ¥30
		assertThat(s.credits()).extracting(Statement.CreditLine::reason)
			.containsExactly("CANCELLED", "CANCELLED", "CANCELLED", "CANCELLED", "WITHDRAWN", "LEAVE");
		assertThat(s.creditsTotal().fen()).isEqualTo(21_000);
	}

	@Test
	void aMonthStatementCoversItsDaysAndCountsTheCapFromTheTermsStart() {
		// the term starts on September's first Monday and runs four weeks: September holds the first sessions
		YearMonth september = YearMonth.from(world.monday);
		LocalDate lastOfSeptember = september.atEndOfMonth();
		SettlementView month = settlements.create(providerAdmin, provider, world.term, september);
		assertThat(month.from()).isEqualTo(world.monday);
		assertThat(month.to()).isEqualTo(world.monday.plusWeeks(4).minusDays(1).isBefore(lastOfSeptember)
				? world.monday.plusWeeks(4).minusDays(1) : lastOfSeptember);
		Statement s = settlements.statement(month.id());
		long expected = s.offerings().get(0).sessions().stream().mapToLong(l -> l.amount().fen()).sum();
		assertThat(s.total().fen()).isEqualTo(expected);
		// the whole term overlaps the month: refused by the check and, in a race, by the exclusion constraint
		assertThatThrownBy(() -> settlements.create(providerAdmin, provider, world.term, null))
			.isInstanceOfSatisfying(SettlementRefused.class, e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.TAKEN));
		assertThatThrownBy(() -> jdbc.sql("""
				INSERT INTO billing_settlement (provider_id, school_id, term_id, period_from, period_to, status, computed_to)
				VALUES (:p, :s, :t, :f, :to, 'DRAFT', :f)""")
			.param("p", provider).param("s", world.school).param("t", world.term)
			.param("f", world.monday.plusWeeks(3)).param("to", world.monday.plusWeeks(4).minusDays(1)).update())
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		// a month outside the term
		assertThatThrownBy(() -> settlements.create(providerAdmin, provider, world.term, september.plusMonths(3)))
			.isInstanceOfSatisfying(SettlementRefused.class,
					e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.OUTSIDE_TERM));
		// the rest of the term after September, when the term runs into October
		if (world.monday.plusWeeks(4).minusDays(1).isAfter(lastOfSeptember)) {
			SettlementView october = settlements.create(providerAdmin, provider, world.term, september.plusMonths(1));
			Statement o = settlements.statement(october.id());
			assertThat(s.total().plus(o.total()).fen()).isEqualTo(23_500);
		}
		else {
			assertThat(s.total().fen()).isEqualTo(23_500);
		}
	}

	@Test
	void submittedThenApprovedIsFrozenAndPostedOnce() throws Exception {
		SettlementView draft = settlements.create(providerAdmin, provider, world.term, null);
		assertThatThrownBy(() -> settlements.approve(school1, draft.id(), null))
			.isInstanceOfSatisfying(SettlementRefused.class,
					e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.WRONG_STATUS));
		// the school can't submit the provider's draft, the provider can't approve
		assertThatThrownBy(() -> settlements.submit(school1, draft.id())).isInstanceOf(SettlementRefused.class);
		settlements.submit(providerAdmin, draft.id());
		assertThatThrownBy(() -> settlements.approve(providerAdmin, draft.id(), null)).isInstanceOf(SettlementRefused.class);
		// the approver saw another total: nothing happens
		assertThatThrownBy(() -> settlements.approve(school1, draft.id(), 1L))
			.isInstanceOfSatisfying(SettlementRefused.class, e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.CHANGED));
		assertThat(settlements.find(draft.id()).orElseThrow().status()).isEqualTo(SettlementStatus.SUBMITTED);

		long payableBefore = ledger.balance(AccountRef.providerPayable(provider)).debits().fen();
		int threads = 6;
		CountDownLatch start = new CountDownLatch(1);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		List<CompletableFuture<Object>> attempts = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			attempts.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
					return settlements.approve(school1, draft.id(), 23_500L);
				}
				catch (SettlementRefused e) {
					return e.reason();
				}
				catch (InterruptedException e) {
					throw new IllegalStateException(e);
				}
			}, pool));
		}
		start.countDown();
		List<Object> results = new ArrayList<>();
		for (CompletableFuture<Object> attempt : attempts) {
			results.add(attempt.get(60, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(results.stream().filter(SettlementView.class::isInstance)).hasSize(1);
		assertThat(results.stream().filter(r -> r == SettlementRefused.Reason.WRONG_STATUS)).hasSize(threads - 1);

		SettlementView approved = settlements.find(draft.id()).orElseThrow();
		assertThat(approved.status()).isEqualTo(SettlementStatus.APPROVED);
		assertThat(approved.decidedBy()).isEqualTo(school1.displayName());
		assertThat(jdbc.sql("SELECT count(*) FROM ledger_posting WHERE idempotency_key = :k")
			.param("k", "settlement:" + draft.id()).query(Long.class).single()).isEqualTo(1);
		Entry posting = ledger.entryByKey("settlement:" + draft.id()).orElseThrow();
		assertThat(posting.id()).isEqualTo(approved.postingId());
		assertThat(posting.kind()).isEqualTo(PostingKind.SETTLEMENT);
		assertThat(posting.lines()).anySatisfy(l -> {
			assertThat(l.account()).isEqualTo(AccountRef.providerPayable(provider));
			assertThat(l.side()).isEqualTo(Side.DEBIT);
			assertThat(l.amount().fen()).isEqualTo(23_500);
		});
		assertThat(posting.lines()).anySatisfy(l -> {
			assertThat(l.account().kind()).isEqualTo(AccountKind.GATEWAY_CLEARING);
			assertThat(l.side()).isEqualTo(Side.CREDIT);
		});
		assertThat(ledger.balance(AccountRef.providerPayable(provider)).debits().fen() - payableBefore).isEqualTo(23_500);

		// frozen: a later check-in (the third session) changes nothing of the approved statement
		world.checkIn(sessions[2], instructor, provider);
		Statement frozen = settlements.statement(draft.id());
		assertThat(frozen.frozen()).isTrue();
		assertThat(frozen.total().fen()).isEqualTo(23_500);
		assertThat(frozen.offerings().get(0).sessions()).extracting(Statement.SessionLine::state)
			.containsExactly(SessionState.GIVEN, SessionState.CANCELLED, SessionState.NOT_CHECKED_IN, SessionState.GIVEN);
		assertThat(frozen.credits()).hasSize(6);
		// and no second statement for the period while this one is live
		assertThatThrownBy(() -> settlements.create(providerAdmin, provider, world.term, YearMonth.from(world.monday)))
			.isInstanceOfSatisfying(SettlementRefused.class, e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.TAKEN));
	}

	@Test
	void aReturnedStatementIsHistoryAndTheSchoolMayMakeOneSubmittedAtOnce() {
		SettlementView draft = settlements.create(providerAdmin, provider, world.term, null);
		settlements.submit(providerAdmin, draft.id());
		assertThatThrownBy(() -> settlements.sendBack(school1, draft.id(), " "))
			.isInstanceOfSatisfying(SettlementRefused.class,
					e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.REASON_REQUIRED));
		SettlementView returned = settlements.sendBack(school1, draft.id(), "第三次课其实上了，请核对签到");
		assertThat(returned.status()).isEqualTo(SettlementStatus.RETURNED);
		assertThat(returned.returnReason()).isEqualTo("第三次课其实上了，请核对签到");
		assertThat(ledger.entryByKey("settlement:" + draft.id())).isEmpty();

		SettlementView bySchool = settlements.create(school1, provider, world.term, null);
		assertThat(bySchool.status()).isEqualTo(SettlementStatus.SUBMITTED);
		assertThat(bySchool.total().fen()).isEqualTo(23_500);
		KehouUser town1 = (KehouUser) users.loadUserByUsername("town1");
		assertThat(settlements.approve(town1, bySchool.id(), null).status()).isEqualTo(SettlementStatus.APPROVED);
		// school2's admin is not this school's
		KehouUser school2 = (KehouUser) users.loadUserByUsername("school2");
		assertThatThrownBy(() -> settlements.create(school2, provider, world.term, null))
			.isInstanceOfSatisfying(SettlementRefused.class, e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.NOT_FOUND));
	}

	@Test
	void aZeroStatementIsApprovedWithoutAPostingAndADraftCanBeDiscarded() {
		// a provider whose only session had no check-in
		long lazy = world.provider("未签到机构");
		long teacher = world.instructor(lazy, cipher, "王老师");
		long course = world.offering("舞蹈", lazy, teacher, 4000);
		world.session(course, world.monday.plusDays(1), "SCHEDULED");
		world.line(world.order(world.children(1).get(0)), course, 4000, 4, 0, world.monday, null);
		KehouUser admin = world.providerAdmin(lazy);
		SettlementView draft = settlements.create(admin, lazy, world.term, null);
		assertThat(draft.total().fen()).isZero();
		settlements.discard(admin, draft.id());
		assertThat(settlements.find(draft.id())).isEmpty();

		SettlementView again = settlements.create(admin, lazy, world.term, null);
		settlements.submit(admin, again.id());
		SettlementView approved = settlements.approve(school1, again.id(), 0L);
		assertThat(approved.status()).isEqualTo(SettlementStatus.APPROVED);
		assertThat(approved.postingId()).isNull();
		assertThat(ledger.entryByKey("settlement:" + again.id())).isEmpty();
		// another provider's admin reaches none of it
		assertThatThrownBy(() -> settlements.recompute(providerAdmin, again.id())).isInstanceOf(SettlementRefused.class);
		assertThatThrownBy(() -> settlements.create(providerAdmin, lazy, world.term, null))
			.isInstanceOfSatisfying(SettlementRefused.class, e -> assertThat(e.reason()).isEqualTo(SettlementRefused.Reason.NOT_FOUND));
	}

	@Test
	void theXlsxAndThePdfOpenAndHoldTheFigures() throws Exception {
		SettlementView draft = settlements.create(providerAdmin, provider, world.term, null);
		settlements.submit(providerAdmin, draft.id());
		settlements.approve(school1, draft.id(), 23_500L);

		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(settlements.xlsx(draft.id(), ZH)))) {
			Sheet sheet = book.getSheetAt(0);
			List<String> texts = new ArrayList<>();
			List<Double> numbers = new ArrayList<>();
			for (Row row : sheet) {
				for (Cell cell : row) {
					if (cell.getCellType() == CellType.NUMERIC) {
						numbers.add(cell.getNumericCellValue());
					}
					else {
						texts.add(cell.getStringCellValue());
					}
				}
			}
			assertThat(texts).anyMatch(t -> t.contains("测试结算机构")).contains("已上课", "未签到，不结算", "已取消")
				.anyMatch(t -> t.contains(instructorName + " 15:25"));
			assertThat(numbers).contains(235.0, 150.0, 85.0, 5.0, 3.0);
			assertThat(book.getSheetAt(1).getPhysicalNumberOfRows()).isEqualTo(7); // heading + 6 credits
		}

		byte[] pdf = settlements.pdf(draft.id(), ZH);
		keep("settlement.pdf", pdf);
		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		String text = text(pdf);
		String schoolName = jdbc.sql("SELECT name FROM school WHERE id = :s").param("s", world.school).query(String.class).single();
		assertThat(text).contains("机构课后服务结算单", "测试结算机构", schoolName, "¥235.00", "贰佰叁拾伍元整", "¥150.00",
				"¥85.00", "未签到，不结算", "已取消", school1.displayName(), "请假", "退课");
		if (Pdf.embedsFont()) {
			assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("FontFile2");
		}
	}

	/** Leaves a sample document in target/documents for a person to look at. */
	static void keep(String name, byte[] content) throws java.io.IOException {
		java.nio.file.Path dir = java.nio.file.Path.of("target", "documents");
		java.nio.file.Files.createDirectories(dir);
		java.nio.file.Files.write(dir.resolve(name), content);
	}

	static String text(byte[] pdf) throws Exception {
		PdfReader reader = new PdfReader(pdf);
		try {
			PdfTextExtractor extractor = new PdfTextExtractor(reader);
			StringBuilder all = new StringBuilder();
			for (int page = 1; page <= reader.getNumberOfPages(); page++) {
				all.append(extractor.getTextFromPage(page)).append('\n');
			}
			return all.toString();
		}
		finally {
			reader.close();
		}
	}
}
