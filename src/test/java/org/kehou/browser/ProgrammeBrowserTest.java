package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
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
 * The school programme in a real browser on the tiny demo city (same context as {@link HomePagesBrowserTest}):
 * {@code school1} filters the selectable courses (htmx swaps the list), adds a demo course to the term's programme and
 * removes it again after confirming.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class ProgrammeBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	WebDriver driver;

	@BeforeEach
	void startBrowser() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
	}

	@AfterEach
	void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void school1AddsADemoCourseToTheTermProgrammeAndRemovesIt() {
		String base = "http://localhost:" + port;
		driver = BrowserSupport.start(false);
		BrowserSupport.signIn(driver, base, "school1", PASSWORD);
		driver.findElement(By.id("sidebar")).findElement(By.linkText("课程遴选")).click();
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
		wait.ignoring(StaleElementReferenceException.class); // htmx swaps the list while a condition reads it
		wait.until(ExpectedConditions.urlMatches(".*/console/terms/\\d+/programme$"));
		// the demo's term: other browser tests may have made a test term of school1 the current one
		long demoTerm = jdbc.sql("""
				SELECT t.id FROM term t JOIN app_user u ON u.school_id = t.school_id
				WHERE u.username = 'school1' AND t.name NOT LIKE '测试%'""").query(Long.class).single();
		driver.get(base + "/console/terms/" + demoTerm + "/programme");
		assertThat(driver.findElement(By.id("programme")).getText()).contains("本学期还没有选入课程");

		// filter with htmx: only sports courses remain in the swapped list
		new Select(driver.findElement(By.cssSelector("#course-filter select[name=category]"))).selectByValue("SPORTS");
		driver.findElement(By.cssSelector("#course-filter button[type=submit]")).click();
		wait.until(d -> {
			var categories = d.findElements(By.cssSelector("#selectable tbody tr td:nth-child(2)"));
			return !categories.isEmpty() && categories.stream().allMatch(td -> td.getText().equals("体育"));
		});
		assertThat(driver.getCurrentUrl()).endsWith("/programme");

		WebElement row = driver.findElement(By.cssSelector("#selectable tbody tr"));
		String course = row.findElement(By.cssSelector("td")).getText();
		row.findElement(By.cssSelector("button[type=submit]")).click();
		assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash.ok"))).getText())
			.contains(course);
		assertThat(driver.findElement(By.id("programme")).getText()).contains(course).contains("可开班");

		driver.findElement(By.cssSelector("#programme button.danger")).click();
		wait.until(ExpectedConditions.alertIsPresent()).accept();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "已移出"));
		assertThat(driver.findElement(By.id("programme")).getText()).contains("本学期还没有选入课程");
	}
}
