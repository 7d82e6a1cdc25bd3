package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.organisation.Towns;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * A provider fills in and submits its application, the town office approves it; an institution registers itself and
 * signs in — in a real browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProvidersBrowserTest {

	static final String PASSWORD = "Kehou-test-2026";

	@LocalServerPort
	int port;

	@Autowired
	Towns towns;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwords;

	@Autowired
	org.kehou.identity.PersonalDataCipher cipher;

	WebDriver driver;

	long townId;

	long providerId;

	String providerLogin;

	String townLogin;

	@BeforeEach
	void setUp() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		String tag = UUID.randomUUID().toString().substring(0, 8);
		towns.defineCity("TESTCITY", "测试市");
		townId = towns.registerTown("PT-" + tag, "机构镇" + tag, "TOWN").id();
		providerId = jdbc.sql("INSERT INTO provider (legal_name) VALUES (:n) RETURNING id")
			.param("n", "浏览器艺术中心" + tag).query(Long.class).single();
		providerLogin = "provider-" + tag;
		townLogin = "town-" + tag;
		jdbc.sql("""
				INSERT INTO app_user (username, display_name, password_hash, role, provider_id)
				VALUES (:login, '机构管理员', :password, 'PROVIDER_ADMIN', :provider)""")
			.param("login", providerLogin).param("password", passwords.encode(PASSWORD)).param("provider", providerId)
			.update();
		jdbc.sql("""
				INSERT INTO app_user (username, display_name, password_hash, role, town_id)
				VALUES (:login, '镇教办', :password, 'TOWN_ADMIN', :town)""")
			.param("login", townLogin).param("password", passwords.encode(PASSWORD)).param("town", townId)
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
	void providerAppliesAndTheTownApproves() throws Exception {
		String base = "http://localhost:" + port;
		BrowserSupport.signIn(driver, base, providerLogin, PASSWORD);
		driver.get(base + "/console/providers/mine");
		assertThat(driver.getCurrentUrl()).endsWith("/console/providers/" + providerId);

		String first17 = "91442000MA" + String.format("%07d", providerId % 10_000_000);
		type("creditCode", first17 + UnifiedSocialCreditCode.checkCharacter(first17));
		type("licenceNo", "LIC-2026-01");
		type("nationalRegistrationNo", "NR-0001");
		type("contactName", "周老师");
		type("contactPhone", "13712345678");
		type("address", "文化路 9 号");
		((JavascriptExecutor) driver)
			.executeScript("document.querySelector('input[name=licenceValidUntil]').value = '2028-06-30'");
		driver.findElement(By.cssSelector("input[name=nationalRegistered]")).click();
		driver.findElement(By.cssSelector("input[name=categories][value=ARTS]")).click();
		driver.findElement(By.cssSelector("form[action$='/console/providers/" + providerId + "'] button[type=submit]"))
			.click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).isNotBlank();
		assertThat(driver.getPageSource()).contains("137****5678");

		driver.findElement(By.cssSelector("input[name=townIds][value='" + townId + "']")).click();
		driver.findElement(By.cssSelector("form[action$='/submit'] button[type=submit]")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("已提交");
		screenshot("submitted");

		driver.manage().deleteAllCookies();
		BrowserSupport.signIn(driver, base, townLogin, PASSWORD);
		driver.get(base + "/console/providers?status=SUBMITTED");
		driver.findElement(By.linkText(jdbc.sql("SELECT legal_name FROM provider WHERE id = :id").param("id", providerId)
			.query(String.class).single())).click();
		screenshot("review");
		driver.findElement(By.cssSelector("button[value=APPROVE]")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("通过");
		assertThat(jdbc.sql("SELECT status FROM provider WHERE id = :id").param("id", providerId).query(String.class)
			.single()).isEqualTo("APPROVED");
	}

	@Test
	void anInstitutionRegistersItselfAndSignsIn() throws Exception {
		String base = "http://localhost:" + port;
		driver.get(base + "/login");
		driver.findElement(By.linkText("机构入驻申请")).click();
		assertThat(driver.getCurrentUrl()).endsWith("/register/provider");

		String tag = UUID.randomUUID().toString().substring(0, 6);
		String first17 = "91442000MB" + String.format("%07d", Math.abs(tag.hashCode()) % 10_000_000);
		String creditCode = first17 + UnifiedSocialCreditCode.checkCharacter(first17);
		String phone = "136" + String.format("%08d", Math.abs(tag.hashCode()) % 100_000_000);
		type("legalName", "自助注册机构" + tag);
		type("creditCode", creditCode);
		type("contactName", "吴老师");
		type("phone", phone);
		driver.findElement(By.id("send-code")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("验证码已发送");
		assertThat(driver.findElement(By.cssSelector("input[name=creditCode]")).getAttribute("value"))
			.isEqualTo(creditCode);
		// no demo display in this context: the code went by SMS (to the log); put a known one in its place
		jdbc.sql("UPDATE one_time_code SET code_hash = :hash WHERE phone_hash = :phone")
			.param("hash", passwords.encode("246810")).param("phone", cipher.phoneHash(phone)).update();
		type("code", "246810");
		type("password", "zizhu2026");
		screenshot("register");
		driver.findElement(By.id("register")).click();
		assertThat(driver.findElement(By.cssSelector(".flash.ok")).getText()).contains("注册成功");

		BrowserSupport.signIn(driver, base, phone, "zizhu2026");
		driver.get(base + "/console/providers/mine");
		long registered = jdbc.sql("SELECT id FROM provider WHERE credit_code = :c").param("c", creditCode)
			.query(Long.class).single();
		assertThat(driver.getCurrentUrl()).endsWith("/console/providers/" + registered);
		assertThat(driver.findElement(By.cssSelector("input[name=legalName]")).getAttribute("value"))
			.isEqualTo("自助注册机构" + tag);
	}

	private void type(String name, String text) {
		var input = driver.findElement(By.cssSelector("input[name=" + name + "]"));
		input.clear();
		input.sendKeys(text);
	}

	private void screenshot(String name) throws Exception {
		Path file = Path.of("target", "screenshots", "providers-" + name + ".png");
		Files.createDirectories(file.getParent());
		Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}
}
