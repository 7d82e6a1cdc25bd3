package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.PersonalDataCipher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The main journeys of issue 2 in a real browser, on the tiny demo city: a guardian on a phone sees their own
 * children (and only them) and a child's data with the ID number masked; a school administrator on a desktop lands
 * on the console with the school's roster in numbers and a student list with masked ID numbers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class HomePagesBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

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

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void guardianOnAPhoneSeesTheirOwnChildren() {
		List<String> children = jdbc.sql("""
				SELECT s.name FROM student s JOIN student_guardian sg ON sg.student_id = s.id
				JOIN guardian g ON g.id = sg.guardian_id WHERE g.phone_hash = :hash ORDER BY s.name""")
			.param("hash", cipher.phoneHash("13800000001"))
			.query(String.class)
			.list();
		assertThat(children).hasSize(2);
		String someoneElsesChild = jdbc.sql("""
				SELECT s.name FROM student s WHERE s.school_id = (SELECT school_id FROM app_user WHERE username = 'school1')
				AND s.name NOT IN (:mine) ORDER BY s.id LIMIT 1""")
			.param("mine", children)
			.query(String.class)
			.single();

		driver = BrowserSupport.start(true);
		driver.get(base() + "/login");
		assertThat(driver.getTitle()).contains("登录");
		BrowserSupport.signIn(driver, base(), "13800000001", PASSWORD);

		assertThat(driver.getCurrentUrl()).endsWith("/m");
		String home = driver.findElement(By.tagName("main")).getText();
		assertThat(home).contains("我的孩子").contains(children.get(0)).contains(children.get(1));
		assertThat(home).doesNotContain(someoneElsesChild);

		driver.findElement(By.linkText(children.get(0))).click();
		new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/m/children/"));
		String child = driver.findElement(By.tagName("main")).getText();
		assertThat(child).contains(children.get(0)).containsPattern("\\d{3}\\*{11}[0-9X]{4}");
	}

	@Test
	void schoolAdminOnADesktopLandsOnTheConsole() {
		long schoolId = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		String schoolName = jdbc.sql("SELECT name FROM school WHERE id = :id").param("id", schoolId).query(String.class).single();
		int students = jdbc.sql("SELECT count(*) FROM student WHERE school_id = :id AND status = 'ACTIVE'")
			.param("id", schoolId).query(Integer.class).single();

		driver = BrowserSupport.start(false);
		BrowserSupport.signIn(driver, base(), "school1", PASSWORD);

		assertThat(driver.getCurrentUrl()).endsWith("/console");
		String home = driver.findElement(By.tagName("body")).getText();
		assertThat(home).contains("学校管理员").contains(String.valueOf(students));
		WebElement menu = driver.findElement(By.id("sidebar"));
		assertThat(menu.getText()).contains("学生");

		driver.get(base() + "/console/students");
		String list = driver.findElement(By.tagName("main")).getText();
		assertThat(list).contains(schoolName);
		assertThat(driver.findElements(By.cssSelector("table tbody tr"))).isNotEmpty();
		assertThat(list).containsPattern("\\d{3}\\*{11}[0-9X]{4}").doesNotContainPattern("\\d{17}[0-9X]");
	}

	@Test
	void teacherOnAPhoneSeesTheSchoolDay() {
		String schoolName = jdbc.sql("""
				SELECT s.name FROM school s JOIN app_user u ON u.school_id = s.id WHERE u.username = 'teacher1'""")
			.query(String.class).single();

		driver = BrowserSupport.start(true);
		BrowserSupport.signIn(driver, base(), "teacher1", PASSWORD);

		assertThat(driver.getCurrentUrl()).endsWith("/m");
		String home = driver.findElement(By.tagName("main")).getText();
		assertThat(home).contains("教师").contains(schoolName)
			.contains("今天是 " + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
	}
}
