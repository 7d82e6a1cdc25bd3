package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.selection.PlaceStatus;
import org.kehou.selection.Places;
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
 * Course selection on a phone (390×844): demo guardian 13800000001 signs in, opens a child's course page, selects
 * the only seat of a course and sees 已选上; a second child of the same guardian joins the waitlist; the guardian drops
 * the first child's place (confirming the question) and the second child now holds the seat — in the database and on
 * its page. The term, course, offering, round and the two children are made for the test in demo school1, and the
 * children are unlinked from the guardian afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class CourseSelectionBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	Places places;

	WebDriver driver;

	BrowserWorld world;

	String tag;

	long term;

	long offering;

	long first;

	long second;

	@BeforeEach
	void prepare() {
		world = new BrowserWorld(jdbc, "B");
		tag = world.tag;
		long school = world.school;
		term = world.term();
		List<Long> children = world.children(2, cipher);
		first = children.get(0);
		second = children.get(1);
		for (long child : children) {
			jdbc.sql("INSERT INTO registration (student_id, term_id, school_id, status) VALUES (:c, :t, :s, 'REGISTERED')")
				.param("c", child).param("t", term).param("s", school).update();
		}
		offering = world.offering(term, 1);
		jdbc.sql("""
				INSERT INTO offering_slot (offering_id, term_id, venue_key, weekday, starts_at, ends_at)
				SELECT id, term_id, venue, 2, :a, :b FROM offering WHERE id = :o""")
			.param("o", offering).param("a", LocalTime.of(16, 0)).param("b", LocalTime.of(17, 0)).update();
		jdbc.sql("""
				INSERT INTO selection_round (term_id, school_id, name, mode, opens_at, closes_at, max_per_child)
				VALUES (:t, :s, :n, 'FIRST_COME', :o, :c, 2)""")
			.param("t", term).param("s", school).param("n", "第一轮 " + tag)
			.param("o", Timestamp.from(Instant.now().minusSeconds(60)))
			.param("c", Timestamp.from(Instant.now().plusSeconds(3600)))
			.update();
	}

	@AfterEach
	void cleanUp() {
		if (driver != null) {
			driver.quit();
		}
		if (world != null) {
			world.unlinkChildren();
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void aGuardianSelectsACourseDropsItAndTheWaitlistedChildGetsTheSeat() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		driver = BrowserSupport.start(true);
		BrowserSupport.signIn(driver, base(), "13800000001", PASSWORD);
		assertThat(driver.findElement(By.id("home-courses")).getText()).contains("自主选课", "测试" + tag + "-1");

		String page = base() + "/m/children/" + first + "/courses?term=" + term;
		driver.get(page);
		WebElement card = driver.findElement(By.id("offering-" + offering));
		assertThat(card.getText()).contains("书法 " + tag, "校本课程", "周二 16:00–17:00", "余 1 个名额",
				"每课时 ¥20.00");
		assertThat(driver.findElement(By.id("round")).getText()).contains("先到先得", "选课截止", "退课截止");
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
		// the free seats refresh by themselves (htmx polls every 5 s)
		jdbc.sql("UPDATE offering SET capacity = 2 WHERE id = :o").param("o", offering).update();
		wait.until(ExpectedConditions.textToBe(By.id("seats-" + offering), "余 2 个名额"));
		jdbc.sql("UPDATE offering SET capacity = 1 WHERE id = :o").param("o", offering).update();
		wait.until(ExpectedConditions.textToBe(By.id("seats-" + offering), "余 1 个名额"));

		driver.findElement(By.cssSelector("#offering-" + offering + " form.select button[type=submit]")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "已选上"));
		assertThat(driver.findElement(By.id("mine")).getText()).contains("书法 " + tag, "已选上", "退课");
		assertThat(driver.findElement(By.id("seats-" + offering)).getText()).isEqualTo("已满，可候补");
		// the phone layout does not scroll sideways
		Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
		assertThat(overflow).isEqualTo(Boolean.TRUE);

		// the sibling joins the waitlist (as another tap of the same guardian would)
		Places.Selection waiting = places.select(second, offering, null, null);
		assertThat(waiting.status()).isEqualTo(PlaceStatus.WAITLISTED);
		assertThat(waiting.position()).isEqualTo(1);

		driver.findElement(By.cssSelector("#mine form.drop button[type=submit]")).click();
		wait.until(ExpectedConditions.alertIsPresent());
		assertThat(driver.switchTo().alert().getText()).contains("确定退选");
		driver.switchTo().alert().accept();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "已退选"));
		assertThat(driver.findElement(By.id("mine")).getText()).contains("已退课");

		assertThat(places.find(waiting.placeId()).orElseThrow().status()).isEqualTo(PlaceStatus.CONFIRMED);
		driver.get(base() + "/m/children/" + second + "/courses?term=" + term);
		assertThat(driver.findElement(By.id("mine")).getText()).contains("书法 " + tag, "已选上");
	}

	/**
	 * How an API client (the rush benchmark) signs in and selects with a session: GET /login for the session cookie
	 * and the form's _csrf, POST /login (form), GET /m for the session's CSRF token (meta _csrf, header name in meta
	 * _csrf_header), then JSON POSTs with the SESSION cookie and that header. Without the header: 403.
	 */
	@Test
	void anApiClientSignsInWithASessionAndSelectsWithTheCsrfHeader() throws Exception {
		java.net.CookieManager cookies = new java.net.CookieManager();
		java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(java.net.http.HttpClient.Redirect.NEVER)
			.build();
		String login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/login")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		String formToken = login.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
		var signedIn = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=13800000001&password="
					+ java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8) + "&_csrf="
					+ java.net.URLEncoder.encode(formToken, java.nio.charset.StandardCharsets.UTF_8)))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/home");
		assertThat(cookies.getCookieStore().getCookies()).extracting(java.net.HttpCookie::getName).contains("SESSION");

		String home = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/m")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		String token = home.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
		String header = home.replaceAll("(?s).*<meta name=\"_csrf_header\" content=\"([^\"]+)\".*", "$1");
		assertThat(header).isEqualTo("X-CSRF-TOKEN");

		var offerings = http.send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create(base() + "/api/v1/students/" + first + "/offerings?term=" + term)).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(offerings.statusCode()).isEqualTo(200);
		assertThat(offerings.body()).contains("\"id\":" + offering, "\"remaining\":1");

		String body = "{\"offeringId\": " + offering + ", \"requestKey\": \"" + java.util.UUID.randomUUID() + "\"}";
		var withoutToken = http.send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create(base() + "/api/v1/students/" + first + "/places"))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		for (int expected : new int[] { 201, 200 }) {
			var selected = http.send(java.net.http.HttpRequest.newBuilder(
					java.net.URI.create(base() + "/api/v1/students/" + first + "/places"))
				.header("Content-Type", "application/json")
				.header(header, token)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(selected.statusCode()).isEqualTo(expected);
			assertThat(selected.body()).contains("\"status\":\"CONFIRMED\"", "\"position\":0");
		}
		assertThat(jdbc.sql("SELECT taken FROM offering WHERE id = :o").param("o", offering).query(Integer.class)
			.single()).isEqualTo(1);
	}
}
