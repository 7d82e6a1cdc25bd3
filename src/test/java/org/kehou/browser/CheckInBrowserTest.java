package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

/**
 * Instructor check-in through the QR flow on phone-sized windows, on the tiny demo city: demo teacher1 opens the
 * classroom's code page of a session taught by the demo instructor (陈思远, account instructor1) and teacher1; the
 * test fetches the PNG the page shows and decodes it with ZXing, as the instructor's phone camera would; the
 * instructor, signed in on a second phone, opens the decoded URL, sees the school, course and time, taps 签到 and sees
 * the recorded time; the classroom page then lists the check-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class CheckInBrowserTest {

	/** The code is a clean generated image: decode it as a pure QR code (without these hints ~0.3 % of codes fail). */
	static final java.util.Map<com.google.zxing.DecodeHintType, Object> QR_HINTS = java.util.Map.of(
			com.google.zxing.DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(com.google.zxing.BarcodeFormat.QR_CODE),
			com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE, com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE);

	static final String PASSWORD = "Kehou@2026";

	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	WebDriver classroom;

	WebDriver phone;

	@BeforeEach
	void startBrowser() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
	}

	@AfterEach
	void stopBrowsers() {
		if (classroom != null) {
			classroom.quit();
		}
		if (phone != null) {
			phone.quit();
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	/**
	 * A published offering of school1 in a far-future test term (named 测试…, as the demo tests expect), taught by the
	 * demo instructor and teacher1, with a session today starting in five minutes.
	 */
	long sessionOfTheDemoInstructor(String name) {
		long school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		long instructor = jdbc.sql("SELECT instructor_id FROM app_user WHERE username = 'instructor1'").query(Long.class)
			.single();
		long provider = jdbc.sql("SELECT provider_id FROM instructor WHERE id = :i").param("i", instructor)
			.query(Long.class).single();
		Long term = null;
		while (term == null) {
			int year = ThreadLocalRandom.current().nextInt(2100, 2999);
			LocalDate first = LocalDate.of(year, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
			term = jdbc.sql("""
					INSERT INTO term (school_id, name, school_year, semester, starts_on, ends_on, status)
					VALUES (:s, :n, :y, 1, :from, :to, 'OPEN') ON CONFLICT (school_id, school_year, semester) DO NOTHING
					RETURNING id""")
				.param("s", school).param("n", "测试学期 签到 " + year).param("y", year + "-" + (year + 1))
				.param("from", first).param("to", first.plusWeeks(4))
				.query(Long.class).optional().orElse(null);
		}
		long course = jdbc.sql("SELECT min(course_id) FROM course_instructor WHERE instructor_id = :i")
			.param("i", instructor).query(Long.class).single();
		jdbc.sql("INSERT INTO programme_course (term_id, course_id) VALUES (:t, :c)").param("t", term).param("c", course)
			.update();
		long offering = jdbc.sql("""
				INSERT INTO offering (term_id, school_id, course_id, provider_id, name, kind, category_code, venue,
				  min_capacity, capacity, grades, fee_per_lesson_fen, lesson_minutes, lesson_count, status)
				SELECT :t, :s, c.id, :p, :n, 'COURSE', c.category_code, '签到测试教室', 1, 30, c.grades, c.price_fen,
				  c.lesson_minutes, 16, 'PUBLISHED' FROM course c WHERE c.id = :c RETURNING id""")
			.param("t", term).param("s", school).param("p", provider).param("n", name).param("c", course)
			.query(Long.class).single();
		jdbc.sql("INSERT INTO offering_teacher (offering_id, teacher_key, instructor_id) VALUES (:o, :k, :i)")
			.param("o", offering).param("k", "I" + instructor).param("i", instructor).update();
		jdbc.sql("""
				INSERT INTO offering_teacher (offering_id, teacher_key, staff_id)
				SELECT :o, 'S' || staff_id, staff_id FROM app_user WHERE username = 'teacher1'""")
			.param("o", offering).update();
		LocalTime now = LocalTime.now(CITY).truncatedTo(ChronoUnit.MINUTES);
		LocalTime starts = now.isAfter(LocalTime.of(23, 45)) ? LocalTime.of(23, 50) : now.plusMinutes(5);
		LocalTime ends = starts.isAfter(LocalTime.of(22, 58)) ? LocalTime.of(23, 59) : starts.plusMinutes(60);
		return jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				VALUES (:o, :t, :s, :d, :a, :b, 1) RETURNING id""")
			.param("o", offering).param("t", term).param("s", school).param("d", LocalDate.now(CITY))
			.param("a", starts).param("b", ends)
			.query(Long.class).single();
	}

	@Test
	void anInstructorChecksInByScanningTheClassroomsCode() throws Exception {
		String offering = "签到演示课 " + ThreadLocalRandom.current().nextInt(1000, 9999);
		long session = sessionOfTheDemoInstructor(offering);
		String school = jdbc.sql("SELECT name FROM school WHERE id = (SELECT school_id FROM class_session WHERE id = :s)")
			.param("s", session).query(String.class).single();

		// the teacher's phone in the classroom: today's sessions with instructors → the code page
		classroom = BrowserSupport.start(true);
		BrowserSupport.signIn(classroom, base(), "teacher1", PASSWORD);
		classroom.get(base() + "/m/check-in-codes");
		classroom.findElement(By.cssSelector("#session-" + session + " a")).click();
		WebElement qr = new WebDriverWait(classroom, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("qr")));
		assertThat(classroom.findElement(By.tagName("h1")).getText()).isEqualTo(offering);
		assertThat(qr.getSize().getWidth()).as("the code fills the phone's width").isGreaterThan(300);

		// read the image the page shows (the same request the page made, with the teacher's session) and decode it
		String base64 = (String) ((JavascriptExecutor) classroom).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(document.getElementById('qr').src, {credentials: 'same-origin'})
				  .then(r => r.arrayBuffer())
				  .then(b => { let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); })
				  .catch(e => done('ERROR ' + e));""");
		assertThat(base64).doesNotStartWith("ERROR");
		String url = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
				ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))))), QR_HINTS).getText();
		assertThat(url).startsWith(base() + "/m/sessions/" + session + "/check-in?code=");

		// the instructor's phone: signed in, opens the scanned URL, checks in
		phone = BrowserSupport.start(true);
		BrowserSupport.signIn(phone, base(), "instructor1", PASSWORD);
		phone.get(url);
		assertThat(phone.findElement(By.tagName("h1")).getText()).isEqualTo(offering);
		assertThat(phone.findElement(By.id("school")).getText()).isEqualTo(school);
		assertThat(phone.findElement(By.id("time")).getText()).contains(LocalDate.now(CITY).toString());
		assertThat(phone.findElement(By.id("checked-in")).getText()).isEqualTo("未签到");
		phone.findElement(By.id("check-in-button")).click();
		WebElement flash = new WebDriverWait(phone, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash.ok")));
		assertThat(flash.getText()).startsWith("签到成功");
		String recorded = phone.findElement(By.id("checked-in")).getText();
		assertThat(recorded).matches("\\d{2}:\\d{2}(:\\d{2})?");
		assertThat(flash.getText()).contains(recorded);
		assertThat(phone.findElements(By.id("check-in-button"))).isEmpty();
		assertThat(jdbc.sql("SELECT count(*) FROM instructor_check_in WHERE session_id = :s").param("s", session)
			.query(Long.class).single()).isOne();

		// the instructor's list of today shows it checked in; the classroom's page lists the check-in
		phone.get(base() + "/m/check-in");
		assertThat(phone.findElement(By.id("session-" + session)).getText()).contains("已签到 " + recorded);
		classroom.navigate().refresh();
		assertThat(classroom.findElement(By.id("check-ins")).getText()).contains("陈思远").contains(recorded);
	}
}
