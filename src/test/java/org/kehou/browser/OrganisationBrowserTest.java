package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.NewTerm;
import org.kehou.organisation.Schools;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Terms;
import org.kehou.organisation.Towns;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** A school administrator adds a class and marks the National Day holiday in a real browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrganisationBrowserTest {

	@LocalServerPort
	int port;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	Terms terms;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwords;

	WebDriver driver;

	long schoolId;

	long termId;

	String login;

	@BeforeEach
	void setUp() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		String tag = UUID.randomUUID().toString().substring(0, 8);
		towns.defineCity("TESTCITY", "测试市");
		long town = towns.registerTown("BT-" + tag, "浏览器镇" + tag, "TOWN").id();
		schoolId = schools.register(new NewSchool("BS-" + tag, "浏览器小学" + tag, town, Stage.PRIMARY, null)).id();
		termId = terms.create(schoolId,
				new NewTerm("2026年秋季学期", "2026-2027", 1, LocalDate.of(2026, 9, 1), LocalDate.of(2027, 1, 15)))
			.id();
		login = "admin-" + tag;
		jdbc.sql("""
				INSERT INTO app_user (username, display_name, password_hash, role, town_id, school_id)
				VALUES (:login, '王校长', :password, 'SCHOOL_ADMIN', :town, :school)""")
			.param("login", login)
			.param("password", passwords.encode("Kehou-test-2026"))
			.param("town", town)
			.param("school", schoolId)
			.update();
		driver = BrowserSupport.start(false);
	}

	@AfterEach
	void tearDown() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void schoolAdminAddsAClassAndAHoliday() throws Exception {
		String base = "http://localhost:" + port;
		BrowserSupport.signIn(driver, base, login, "Kehou-test-2026");
		assertThat(driver.getPageSource()).contains("组织机构概况");

		driver.get(base + "/console/schools/" + schoolId);
		new Select(driver.findElement(By.id("gradeLevel"))).selectByValue("2");
		driver.findElement(By.id("name")).sendKeys("3班");
		driver.findElement(By.cssSelector("form[action$='/classes'] button[type=submit]")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("二年级3班");
		screenshot("school");

		driver.get(base + "/console/terms/" + termId + "?month=2026-10");
		// a date input's typing format depends on the browser locale: set the ISO value directly
		((org.openqa.selenium.JavascriptExecutor) driver)
			.executeScript("document.getElementById('date').value = '2026-10-01'");
		new Select(driver.findElement(By.id("kind"))).selectByValue("HOLIDAY");
		driver.findElement(By.id("note")).sendKeys("国庆节");
		driver.findElement(By.cssSelector("form[action$='/days'] button[type=submit]")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("2026-10-01");
		assertThat(driver.findElements(By.cssSelector(".org-calendar td.holiday"))).hasSize(1);
		screenshot("calendar");
		assertThat(terms.calendar(termId).orElseThrow().isServiceDay(LocalDate.of(2026, 10, 1))).isFalse();
	}

	private void screenshot(String name) throws Exception {
		Path file = Path.of("target", "screenshots", "organisation-" + name + ".png");
		Files.createDirectories(file.getParent());
		Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}
}
