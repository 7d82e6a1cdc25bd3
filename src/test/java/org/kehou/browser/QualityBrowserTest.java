package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.PersonalDataCipher;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Quality end to end, over real HTTP: demo guardian 13800000001 on a phone (390×844) rates the child's course with a
 * comment that names a phone number, files a complaint about it and answers the school's satisfaction survey; the
 * school admin on the desktop console sees the rating with the number masked, answers and closes the complaint and
 * reads the survey's response rate; the guardian then sees the complaint resolved and rates the handling.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class QualityBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	WebDriver guardian;

	WebDriver school;

	BrowserWorld world;

	long child;

	long offering;

	@BeforeEach
	void prepare() {
		world = new BrowserWorld(jdbc, "Q");
		long term = world.term(); // began ten days ago
		child = world.children(1, cipher).get(0);
		offering = world.offering(term, 30);
		LocalDate first = jdbc.sql("SELECT starts_on FROM term WHERE id = :t").param("t", term)
			.query(LocalDate.class).single();
		for (int day = 0; day < 4; day++) { // four sessions held: enough to rate (kehou.feedback.rating.after-sessions)
			jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
					VALUES (:o, :t, :s, :d, :a, :b, 1)""")
				.param("o", offering).param("t", term).param("s", world.school).param("d", first.plusDays(day))
				.param("a", LocalTime.of(15, 30)).param("b", LocalTime.of(16, 30)).update();
		}
		jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now())""")
			.param("o", offering).param("s", child).param("t", term).update();
		jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :o").param("o", offering).update();
	}

	@AfterEach
	void cleanUp() {
		for (WebDriver driver : new WebDriver[] { guardian, school }) {
			if (driver != null) {
				driver.quit();
			}
		}
		if (world != null) {
			world.unlinkChildren();
			// the survey of this test ends, so that other tests' guardians are not asked to answer it
			jdbc.sql("UPDATE survey SET status = 'CLOSED' WHERE title LIKE :t AND status <> 'DRAFT'")
				.param("t", "%" + world.tag + "%").update();
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void aGuardianRatesComplainsAndAnswersASurveyAndTheSchoolHandlesThem() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		guardian = BrowserSupport.start(true);
		BrowserSupport.signIn(guardian, base(), BrowserWorld.GUARDIAN, PASSWORD);
		WebDriverWait wait = new WebDriverWait(guardian, Duration.ofSeconds(20));

		// 1. the guardian rates the course: every criterion, a comment naming a mobile number
		guardian.get(base() + "/m/children/" + child + "/ratings");
		WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("offering-" + offering)));
		assertThat(card.getText()).contains("书法 " + world.tag);
		card.findElement(By.cssSelector("a.button")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rating")));
		for (WebElement set : guardian.findElements(By.cssSelector("#rating fieldset.stars"))) {
			set.findElement(By.cssSelector("input[value='2']")).click();
		}
		guardian.findElement(By.name("comment")).sendKeys("老师常迟到，请联系我 13912345678");
		guardian.findElement(By.cssSelector("#rating button[type=submit]")).click();
		card = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("offering-" + offering)));
		assertThat(card.getText()).contains("13912345678"); // the author sees the comment as written
		assertFits(guardian);

		// 2. the guardian files a complaint about the course
		guardian.get(base() + "/m/children/" + child + "/complaints");
		wait.until(ExpectedConditions.elementToBeClickable(By.id("complaint-new"))).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("complaint-form")));
		Select subject = new Select(guardian.findElement(By.name("subject")));
		subject.getOptions().stream().filter(o -> o.getText().contains("书法 " + world.tag)).findFirst().orElseThrow()
			.click();
		guardian.findElement(By.name("text")).sendKeys("书法课连续三次推迟开始，孩子在走廊等候无人看管。");
		guardian.findElement(By.cssSelector("#complaint-form button[type=submit]")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("complaint")));
		String complaintUrl = guardian.getCurrentUrl();
		assertThat(guardian.findElement(By.id("status")).getText()).contains("待受理");
		assertFits(guardian);

		// 3. the school: the rating with the number masked, the complaint answered and closed, a survey published
		school = BrowserSupport.start(false);
		BrowserSupport.signIn(school, base(), "school1", PASSWORD);
		WebDriverWait schoolWait = new WebDriverWait(school, Duration.ofSeconds(20));
		school.get(base() + "/console/ratings/offerings/" + offering);
		String ratingPage = schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main"))).getText();
		assertThat(ratingPage).contains("书法 " + world.tag, "老师常迟到").doesNotContain("13912345678");

		long complaint = Long.parseLong(complaintUrl.substring(complaintUrl.lastIndexOf('/') + 1));
		school.get(base() + "/console/complaints/" + complaint);
		schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.id("respond-form")));
		new Select(school.findElement(By.cssSelector("#respond-form select[name=finding]")))
			.selectByValue("SUBSTANTIATED");
		school.findElement(By.cssSelector("#respond-form textarea[name=response]"))
			.sendKeys("已核实，已要求机构准时开课并安排值班教师看护。");
		school.findElement(By.cssSelector("#respond-form button[type=submit]")).click();
		schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.id("resolve-form")));
		school.findElement(By.cssSelector("#resolve-form button[type=submit]")).click();
		confirmIfAsked(school);
		schoolWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已办结"));

		school.get(base() + "/console/surveys/new");
		schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.id("survey-new")));
		school.findElement(By.name("title")).sendKeys("课后服务满意度 " + world.tag);
		school.findElement(By.cssSelector("input[name=audience][value=GUARDIANS]")).click();
		// the form proposes tomorrow morning; this survey opens now (a datetime-local field, set as the page's script would)
		String now = java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).minusMinutes(5)
			.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
		((JavascriptExecutor) school).executeScript("arguments[0].value = arguments[1];",
				school.findElement(By.name("opensAt")), now);
		school.findElement(By.cssSelector("#survey-new button[type=submit]")).click();
		schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-question")));
		new Select(school.findElement(By.cssSelector("#add-question select[name=kind]"))).selectByValue("SCALE");
		school.findElement(By.cssSelector("#add-question input[name=text]")).sendKeys("您对课后服务总体满意吗？");
		school.findElement(By.cssSelector("#add-question input[name=satisfaction]")).click();
		school.findElement(By.cssSelector("#add-question button[type=submit]")).click();
		schoolWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("questions"), "您对课后服务总体满意吗？"));
		String surveyUrl = school.getCurrentUrl();
		school.findElement(By.id("publish")).click();
		confirmIfAsked(school);
		schoolWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("survey-status"), "进行中"));

		// 4. the guardian answers the survey once, and sees the complaint's answer and rates the handling
		guardian.get(base() + "/m/surveys");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("surveys")));
		guardian.findElements(By.cssSelector("#surveys a")).stream()
			.filter(a -> a.getText().contains(world.tag)).findFirst().orElseThrow().click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer")));
		guardian.findElement(By.cssSelector("#answer input[type=radio][value='5']")).click();
		guardian.findElement(By.cssSelector("#answer button[type=submit]")).click();
		confirmIfAsked(guardian); // 提交后不能修改
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answered")));
		assertFits(guardian);

		guardian.get(complaintUrl);
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("response")));
		assertThat(guardian.findElement(By.id("status")).getText()).contains("已办结");
		assertThat(guardian.findElement(By.id("response")).getText()).contains("准时开课");
		new Select(guardian.findElement(By.cssSelector("#rate select[name=rating]"))).selectByValue("4");
		guardian.findElement(By.cssSelector("#rate button[type=submit]")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rating")));
		assertThat(guardian.findElements(By.cssSelector("#rate form"))).isEmpty();

		// 5. the school reads the survey's response: one answer
		school.get(surveyUrl);
		String rate = schoolWait.until(ExpectedConditions.presenceOfElementLocated(By.id("response-rate"))).getText();
		assertThat(rate).containsPattern("(^|\\D)1(\\D|$)");
	}

	/** Accepts the confirmation an action that loses data may ask for. */
	static void confirmIfAsked(WebDriver driver) {
		try {
			Alert alert = new WebDriverWait(driver, Duration.ofSeconds(2)).until(ExpectedConditions.alertIsPresent());
			alert.accept();
		}
		catch (org.openqa.selenium.TimeoutException none) {
			// nothing asked
		}
	}

	static void assertFits(WebDriver driver) {
		Object fits = ((JavascriptExecutor) driver)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
		assertThat(fits).as(driver.getCurrentUrl() + " fits the phone").isEqualTo(Boolean.TRUE);
	}
}
