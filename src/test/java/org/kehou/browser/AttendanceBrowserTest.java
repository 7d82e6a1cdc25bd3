package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.attendance.Sessions;
import org.kehou.identity.PersonalDataCipher;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The daily service on two phones (390×844): demo guardian 13800000001 asks leave for one child's session today; demo
 * teacher teacher1 opens the roll call, finds that child off the roll, marks the other child absent and saves; the
 * guardian's inbox shows the absence alert. The term, offering, session and the two children are made for the test
 * in demo school1, and the children are unlinked from the guardian afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class AttendanceBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	WebDriver guardian;

	WebDriver teacher;

	BrowserWorld world;

	String tag;

	long session;

	long onLeave;

	long absent;

	@BeforeEach
	void prepare() {
		LocalDateTime now = Sessions.now();
		LocalTime starts = now.toLocalTime().plusMinutes(30).withSecond(0).withNano(0);
		// the session must still be to come today (city time) for the leave: not in the last hour before midnight
		assumeTrue(now.toLocalTime().isBefore(LocalTime.of(22, 50)), "too close to midnight in the city");
		world = new BrowserWorld(jdbc, "R");
		tag = world.tag;
		long school = world.school;
		long term = world.futureTerm(); // the session is today all the same; school1's current term stays the demo's
		List<Long> children = world.children(2, cipher);
		onLeave = children.get(0);
		absent = children.get(1);
		long offering = world.offering(term, 30);
		jdbc.sql("""
				INSERT INTO offering_teacher (offering_id, teacher_key, staff_id)
				SELECT :o, 'S' || staff_id, staff_id FROM app_user WHERE username = 'teacher1'""")
			.param("o", offering).update();
		for (long child : children) {
			jdbc.sql("""
					INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
					VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
				.param("o", offering).param("s", child).param("t", term).update();
		}
		LocalTime ends = starts.isAfter(LocalTime.of(22, 59)) ? LocalTime.of(23, 59) : starts.plusHours(1);
		session = jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				VALUES (:o, :t, :s, :d, :a, :b, 1) RETURNING id""")
			.param("o", offering).param("t", term).param("s", school).param("d", now.toLocalDate())
			.param("a", starts).param("b", ends).query(Long.class).single();
	}

	@AfterEach
	void cleanUp() {
		for (WebDriver driver : new WebDriver[] { guardian, teacher }) {
			if (driver != null) {
				driver.quit();
			}
		}
		if (world != null) {
			world.unlinkChildren();
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void leaveTakesAChildOffTheRollAndAnAbsenceReachesTheGuardiansInbox() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		guardian = BrowserSupport.start(true);
		BrowserSupport.signIn(guardian, base(), "13800000001", PASSWORD);
		WebDriverWait guardianWait = new WebDriverWait(guardian, Duration.ofSeconds(15));

		// the guardian asks leave for the first child's session today
		guardian.get(base() + "/m/children/" + onLeave + "/attendance");
		guardian.findElement(By.cssSelector("#leave-form input[name=session][value='" + session + "']")).click();
		guardian.findElement(By.cssSelector("#leave-form input[name=reason]")).sendKeys("发烧，在家休息");
		guardian.findElement(By.cssSelector("#leave-form button[type=submit]")).click();
		guardianWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "请假已提交"));
		assertThat(guardian.findElement(By.id("leaves")).getText()).contains("已批准", "发烧，在家休息", "书法 " + tag);

		// the teacher's roll: the child on leave is not on it; the other is marked absent
		teacher = BrowserSupport.start(true);
		BrowserSupport.signIn(teacher, base(), "teacher1", PASSWORD);
		WebDriverWait teacherWait = new WebDriverWait(teacher, Duration.ofSeconds(15));
		teacher.get(base() + "/m/roll-call");
		assertThat(teacher.findElement(By.id("session-" + session)).getText()).contains("书法 " + tag, "未点名");
		teacher.findElement(By.cssSelector("#session-" + session + " a")).click();
		teacherWait.until(ExpectedConditions.presenceOfElementLocated(By.id("roster")));
		assertThat(teacher.findElements(By.id("child-" + onLeave))).isEmpty();
		assertThat(teacher.findElement(By.id("child-" + absent)).getText()).contains("测试" + tag + "-2", "****");
		teacher.findElement(By.cssSelector("#child-" + absent + " input[value=ABSENT]")).click();
		teacher.findElement(By.cssSelector("#roll-call button[type=submit]")).click();
		teacherWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "缺勤 1"));
		assertThat(jdbc.sql("SELECT mark FROM roll_call_mark WHERE session_id = :s AND student_id = :c")
			.param("s", session).param("c", absent).query(String.class).single()).isEqualTo("ABSENT");
		Object overflow = ((org.openqa.selenium.JavascriptExecutor) teacher)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
		assertThat(overflow).isEqualTo(Boolean.TRUE);

		// within seconds the guardian's inbox has the alert
		guardianWait.ignoring(StaleElementReferenceException.class).until(driver -> {
			driver.get(base() + "/m/inbox");
			String inbox = driver.findElement(By.tagName("main")).getText();
			return inbox.contains("缺勤提醒") && inbox.contains("测试" + tag + "-2");
		});
	}
}
