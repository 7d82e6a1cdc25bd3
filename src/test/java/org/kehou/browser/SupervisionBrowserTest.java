package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.exchange.Signatures;
import org.kehou.organisation.ServicePlatforms;
import org.kehou.supervision.AlertRule;
import org.kehou.supervision.AlertRules;
import org.kehou.supervision.IssuedCredential;
import org.kehou.supervision.PlatformCredentials;
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
 * The supervision journey over real HTTP on the desktop console: demo school1's service platform reports an offering
 * with more confirmed places than its capacity through the signed exchange endpoint, the alert sweep raises an
 * alert; the city admin opens the dashboard, drills down to the town and the school, opens the school's alert and
 * creates an inspection task from it, which then shows on the task list. Afterwards tombstones take the records out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@ActiveProfiles("test")
class SupervisionBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	PlatformCredentials credentials;

	@Autowired
	AlertRules rules;

	WebDriver city;

	String tag;

	long school;

	long town;

	String schoolCode;

	IssuedCredential credential;

	@BeforeEach
	void report() throws Exception {
		tag = "ZB" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		school = jdbc.sql("SELECT school_id FROM app_user WHERE username = 'school1'").query(Long.class).single();
		town = jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", school).query(Long.class).single();
		schoolCode = jdbc.sql("SELECT code FROM school WHERE id = :s").param("s", school).query(String.class).single();
		long platform = platforms.platformOf(school).map(p -> p.id()).orElseGet(() -> {
			long id = platforms.register("SP-" + tag, "测试平台" + tag, "测试", null);
			platforms.assign(school, id);
			return id;
		});
		credential = credentials.issue(platform);
		post(List.of(offering(1), place("p1", "A", 1), place("p2", "B", 1)));
		rules.evaluate(AlertRule.OVER_CAPACITY, Instant.now());
	}

	@AfterEach
	void cleanUp() throws Exception {
		if (city != null) {
			city.quit();
		}
		if (credential != null) {
			post(List.of(delete("place", tag + "-p1"), delete("place", tag + "-p2"), delete("offering", tag + "-o")));
			rules.evaluate(AlertRule.OVER_CAPACITY, Instant.now());
			jdbc.sql("UPDATE sup_alert SET status = 'RESOLVED', resolution = '测试结束', closed_at = now() "
					+ "WHERE subject LIKE :s AND status IN ('OPEN', 'ASSIGNED')")
				.param("s", "%:" + tag + "-o")
				.update();
			credentials.revoke(credential.platformId(), credential.id());
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void theCityAdminDrillsDownToASchoolOpensAnAlertAndCreatesAnInspectionTask() {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		long alertId = jdbc.sql("SELECT id FROM sup_alert WHERE rule = 'OVER_CAPACITY' AND subject LIKE :s AND status = 'OPEN'")
			.param("s", "%:" + tag + "-o")
			.query(Long.class)
			.single();
		city = BrowserSupport.start(false);
		BrowserSupport.signIn(city, base(), "city", PASSWORD);
		WebDriverWait wait = new WebDriverWait(city, Duration.ofSeconds(20));

		// 1. the city's dashboard, with its count of open alerts
		city.get(base() + "/console/supervision/dashboard");
		assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("open-alerts"))).getText())
			.contains("待处理预警");
		// 2. down to the town, 3. down to the school
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href*='?town=" + town + "&']"))).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href*='school=" + school + "&']"))).click();
		// 4. the school's open alerts: open this one
		WebElement alerts = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("school-alerts")));
		alerts.findElement(By.cssSelector("[data-alert='" + alertId + "'] a")).click();
		String evidence = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alert-evidence"))).getText();
		assertThat(evidence).contains("课程" + tag, "确认 2 人", "容量只有 1 人");
		assertThat(city.findElement(By.id("alert-records")).getText()).contains(tag + "-o");

		// 5. an inspection task from it: prefilled, the city admin as inspector, due in two weeks
		city.findElement(By.id("create-task")).click();
		WebElement title = wait.until(ExpectedConditions.presenceOfElementLocated(By.name("title")));
		assertThat(title.getAttribute("value")).startsWith("确认人数超过容量");
		title.clear();
		title.sendKeys("核查超额报名 " + tag);
		city.findElement(By.id("create-task-submit")).click();
		QualityBrowserTest.confirmIfAsked(city);
		assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("task-title"))).getText())
			.isEqualTo("核查超额报名 " + tag);
		assertThat(city.findElement(By.id("task-status")).getText()).isEqualTo("待开始");

		// 6. the task list shows it
		city.get(base() + "/console/supervision/inspections");
		WebElement list = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tasks")));
		assertThat(list.getText()).contains("核查超额报名 " + tag);
		long linked = jdbc.sql("SELECT count(*) FROM sup_inspection_task WHERE alert_id = :a AND school_id = :s")
			.param("a", alertId).param("s", school).query(Long.class).single();
		assertThat(linked).isEqualTo(1);
	}

	String offering(int capacity) {
		return record("offering", tag + "-o", 1, """
				{"schoolCode": "%s", "term": "2026-autumn", "title": "课程%s", "categoryCode": "art", "delivery": "school",
				 "priceFen": 0, "capacity": %d, "weeklySlots": [{"dayOfWeek": 2, "start": "16:30", "end": "17:30"}],
				 "startDate": "2026-09-01", "endDate": "2099-01-15", "instructors": [], "status": "running"}"""
			.formatted(schoolCode, tag, capacity));
	}

	String place(String id, String student, long version) {
		return record("place", tag + "-" + id, version, """
				{"schoolCode": "%s", "offeringId": "%s", "studentPseudonym": "%s", "status": "confirmed",
				 "confirmedAt": "2026-09-01T19:02:11+08:00"}"""
			.formatted(schoolCode, tag + "-o",
					Signatures.sha256Hex((tag + student).getBytes(StandardCharsets.UTF_8))));
	}

	static String record(String type, String id, long version, String data) {
		return """
				{"type": "%s", "id": "%s", "version": %d, "op": "upsert", "data": %s}""".formatted(type, id, version,
				data);
	}

	static String delete(String type, String id) {
		return """
				{"type": "%s", "id": "%s", "version": 2, "op": "delete"}""".formatted(type, id);
	}

	/** Posts the records as one signed batch, as the platform would, and asserts none was rejected. */
	void post(List<String> records) throws Exception {
		byte[] body = ("{\"records\": [" + String.join(",", records) + "]}").getBytes(StandardCharsets.UTF_8);
		long timestamp = Instant.now().getEpochSecond();
		String nonce = Signatures.newNonce();
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/exchange/v1/batches"))
			.header("Content-Type", "application/json")
			.header(Signatures.APP_ID, credential.appId())
			.header(Signatures.TIMESTAMP, String.valueOf(timestamp))
			.header(Signatures.NONCE, nonce)
			.header(Signatures.SIGNATURE,
					Signatures.sign(credential.secret(), "POST", "/exchange/v1/batches", timestamp, nonce, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"rejected\":0");
	}
}
