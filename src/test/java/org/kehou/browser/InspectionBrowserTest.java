package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.attendance.InspectionCriterion;
import org.kehou.attendance.Sessions;
import org.kehou.identity.PersonalDataCipher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * An inspection visit on a phone (390×844): demo inspector inspector1 opens 今日巡课, finds a session of school1 under
 * way (未巡课), opens its form, enters the children present, taps a score for every criterion, writes notes, attaches a
 * photo from the "camera" (a PNG file) and saves; the list then shows 已巡课 and the database holds the visit with its
 * ratings and photo.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class InspectionBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	BrowserWorld world;

	WebDriver driver;

	long session;

	Path photo;

	@BeforeEach
	void prepare() throws Exception {
		LocalDateTime now = Sessions.now();
		// a session under way today (city time): started 20 minutes ago, so not in the first or last hour of the day
		assumeTrue(now.toLocalTime().isAfter(LocalTime.of(1, 0)) && now.toLocalTime().isBefore(LocalTime.of(23, 0)),
				"too close to midnight in the city");
		world = new BrowserWorld(jdbc, "I");
		long term = world.futureTerm();
		long offering = world.offering(term, 30);
		for (long child : world.children(2, cipher)) {
			jdbc.sql("""
					INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
					VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
				.param("o", offering).param("s", child).param("t", term).update();
		}
		LocalTime starts = now.toLocalTime().minusMinutes(20).truncatedTo(ChronoUnit.MINUTES);
		session = jdbc.sql("""
				INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
				VALUES (:o, :t, :s, :d, :a, :b, 1) RETURNING id""")
			.param("o", offering).param("t", term).param("s", world.school).param("d", now.toLocalDate())
			.param("a", starts).param("b", starts.plusMinutes(60)).query(Long.class).single();
		photo = Files.createTempFile("inspection", ".png");
		ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
	}

	@AfterEach
	void cleanUp() throws Exception {
		if (driver != null) {
			driver.quit();
		}
		if (world != null) {
			world.unlinkChildren();
		}
		if (photo != null) {
			Files.deleteIfExists(photo);
		}
	}

	@Test
	void anInspectorRecordsAVisitWithRatingsAndAPhoto() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		String base = "http://localhost:" + port;
		driver = BrowserSupport.start(true);
		BrowserSupport.signIn(driver, base, "inspector1", PASSWORD);
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));

		driver.get(base + "/m/inspections");
		assertThat(driver.findElement(By.id("session-" + session)).getText()).contains("书法 " + world.tag, "未巡课");
		driver.findElement(By.cssSelector("#session-" + session + " a")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inspection")));

		driver.findElement(By.name("presentCount")).clear();
		driver.findElement(By.name("presentCount")).sendKeys("2");
		for (InspectionCriterion criterion : InspectionCriterion.values()) {
			driver.findElement(By.cssSelector("#criterion-" + criterion.name() + " input[value='4']")).click();
		}
		driver.findElement(By.name("notes")).sendKeys("课堂有序，学生专注");
		driver.findElement(By.cssSelector("input[type=file][name=photo]")).sendKeys(photo.toAbsolutePath().toString());
		driver.findElement(By.cssSelector("#inspection button[type=submit]")).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "已记录"));
		assertThat(driver.findElement(By.id("session-" + session)).getText()).contains("已巡课");
		Object fits = ((org.openqa.selenium.JavascriptExecutor) driver)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
		assertThat(fits).isEqualTo(Boolean.TRUE);

		List<Integer> scores = jdbc.sql("""
				SELECT r.score FROM inspection_rating r JOIN inspection_visit v ON v.id = r.visit_id
				WHERE v.session_id = :s ORDER BY r.criterion""").param("s", session).query(Integer.class).list();
		assertThat(scores).hasSize(InspectionCriterion.values().length).containsOnly(4);
		assertThat(jdbc.sql("""
				SELECT v.present_count || ' ' || v.notes || ' ' || p.content_type FROM inspection_visit v
				JOIN inspection_photo p ON p.visit_id = v.id WHERE v.session_id = :s""")
			.param("s", session).query(String.class).single()).isEqualTo("2 课堂有序，学生专注 image/png");
	}
}
