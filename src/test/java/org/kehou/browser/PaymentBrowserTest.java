package org.kehou.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.billing.Orders;
import org.kehou.identity.PersonalDataCipher;
import org.openqa.selenium.Alert;
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
 * Fees end to end on a phone (390×844) and the school's console, over real HTTP: demo guardian 13800000001 opens the
 * child's order, pays it at the sandbox gateway's cashier, whose signed notification reaches the platform by itself;
 * back on the order the payment shows and the receipt downloads as a PDF; the school admin cancels one session on
 * the sessions page; the guardian then sees the lesson credited and the refund made through the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901",
				"kehou.billing.sweep-every=PT1S" })
@ActiveProfiles("test")
class PaymentBrowserTest {

	static final String PASSWORD = "Kehou@2026";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalDataCipher cipher;

	@Autowired
	Orders orders;

	WebDriver guardian;

	WebDriver school;

	BrowserWorld world;

	long child;

	long orderId;

	List<Long> sessions;

	@BeforeEach
	void prepare() {
		world = new BrowserWorld(jdbc, "P");
		long term = world.futureTerm();
		child = world.children(1, cipher).get(0);
		long offering = world.offering(term, 30);
		java.time.LocalDate first = jdbc.sql("SELECT starts_on FROM term WHERE id = :t").param("t", term)
			.query(java.time.LocalDate.class).single();
		for (int week = 0; week < 4; week++) {
			jdbc.sql("""
					INSERT INTO class_session (offering_id, term_id, school_id, session_date, starts_at, ends_at, timetable_weekday)
					VALUES (:o, :t, :s, :d, :a, :b, 1)""")
				.param("o", offering).param("t", term).param("s", world.school).param("d", first.plusWeeks(week))
				.param("a", LocalTime.of(15, 30)).param("b", LocalTime.of(16, 30)).update();
		}
		sessions = jdbc.sql("SELECT id FROM class_session WHERE offering_id = :o ORDER BY session_date")
			.param("o", offering).query(Long.class).list();
		long place = jdbc.sql("""
				INSERT INTO place (offering_id, student_id, term_id, status, source, busy, confirmed_at)
				VALUES (:o, :s, :t, 'CONFIRMED', 'MANUAL', '{}', now()) RETURNING id""")
			.param("o", offering).param("s", child).param("t", term).query(Long.class).single();
		jdbc.sql("UPDATE offering SET taken = taken + 1 WHERE id = :o").param("o", offering).update();
		orderId = orders.bill(place).orElseThrow(); // 4 lessons × ¥20.00
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
		}
	}

	String base() {
		return "http://localhost:" + port;
	}

	@Test
	void aGuardianPaysDownloadsTheReceiptAndSeesTheRefundOfACancelledSession() throws Exception {
		assumeTrue(BrowserSupport.available(), "Chromium is not installed");
		guardian = BrowserSupport.start(true);
		BrowserSupport.signIn(guardian, base(), "13800000001", PASSWORD);
		WebDriverWait wait = new WebDriverWait(guardian, Duration.ofSeconds(30));

		// the child's page → fees → the order
		guardian.get(base() + "/m/children/" + child);
		guardian.findElement(By.cssSelector("#fees a")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#orders li[data-order='" + orderId + "'] a"))).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order-summary")));
		assertThat(guardian.findElement(By.id("owed")).getText()).isEqualTo("¥80.00");
		assertThat(guardian.findElement(By.id("lines")).getText()).contains("书法 " + world.tag, "4 课次 × ¥20.00 = ¥80.00");

		// pay at the sandbox's cashier, then back to the order
		guardian.findElement(By.id("pay")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cashier")));
		assertThat(guardian.findElement(By.id("amount")).getText()).isEqualTo("¥80.00");
		guardian.findElement(By.cssSelector("#cashier button#pay")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("transaction-id")));
		guardian.findElement(By.id("back")).click();
		wait.ignoring(StaleElementReferenceException.class).until(driver -> {
			driver.get(base() + "/m/orders/" + orderId);
			return driver.findElement(By.id("order-status")).getText().equals("已缴费");
		});
		assertThat(guardian.findElement(By.id("paid")).getText()).isEqualTo("¥80.00");
		assertThat(guardian.findElements(By.id("pay"))).isEmpty();

		// the receipt, with the guardian's own session
		String receipt = guardian.findElement(By.cssSelector("#payments a.receipt")).getAttribute("href");
		String cookies = guardian.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
			.collect(Collectors.joining("; "));
		HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receipt))
			.header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(pdf.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/pdf"));
		assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
		String text = new com.lowagie.text.pdf.parser.PdfTextExtractor(new com.lowagie.text.pdf.PdfReader(pdf.body()))
			.getTextFromPage(1);
		assertThat(text).contains("80.00");

		// the school cancels the second session on its sessions page (desktop)
		school = BrowserSupport.start(false);
		BrowserSupport.signIn(school, base(), "school1", PASSWORD);
		WebDriverWait schoolWait = new WebDriverWait(school, Duration.ofSeconds(30));
		long session = sessions.get(1);
		String date = jdbc.sql("SELECT session_date::text FROM class_session WHERE id = :s").param("s", session)
			.query(String.class).single();
		school.get(base() + "/console/sessions?date=" + date);
		school.findElement(By.cssSelector("#session-" + session + " details summary")).click();
		school.findElement(By.cssSelector("#session-" + session + " input[name=reason]")).sendKeys("场地维修");
		school.findElement(By.cssSelector("#session-" + session + " button.danger")).click();
		Alert confirm = schoolWait.until(ExpectedConditions.alertIsPresent());
		confirm.accept();
		schoolWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-" + session), "场地维修"));

		// the guardian sees the lesson credited and the refund made through the gateway
		wait.ignoring(StaleElementReferenceException.class).until(driver -> {
			driver.get(base() + "/m/orders/" + orderId);
			List<org.openqa.selenium.WebElement> refunds = driver.findElements(By.cssSelector("#refunds li.refund"));
			return !refunds.isEmpty() && refunds.get(0).getText().contains("已退回");
		});
		assertThat(guardian.findElement(By.id("refunds")).getText()).contains("¥20.00", "课次取消退费");
		assertThat(guardian.findElement(By.id("lines")).getText()).contains("课次取消", date);
		assertThat(guardian.findElement(By.id("refunded")).getText()).isEqualTo("¥20.00");
		Object fits = ((org.openqa.selenium.JavascriptExecutor) guardian)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
		assertThat(fits).isEqualTo(Boolean.TRUE);
	}
}
