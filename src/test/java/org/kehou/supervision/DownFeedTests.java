package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.NewSchool;
import org.kehou.organisation.Schools;
import org.kehou.organisation.Stage;
import org.kehou.organisation.Towns;
import org.kehou.providers.Providers;
import org.kehou.providers.ReviewAction;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher of the down feed on the real database: only changes are appended (a second refresh appends
 * nothing; two at once append each change once), and the sources follow their modules: a new school appears, a
 * provider the city suspends comes again with status suspended, the catalogue's categories and caps are there —
 * every record valid against the standard's schema.
 */
@SupervisionTest
class DownFeedTests {

	@Autowired
	DownFeed feed;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	Providers providers;

	@Autowired
	RecordSchemas schemas;

	@Autowired
	JsonMapper json;

	String tag = UUID.randomUUID().toString().substring(0, 8);

	long town() {
		towns.defineCity("TESTCITY", "测试市");
		return towns.registerTown("FT-" + tag, "下行镇" + tag, "TOWN").id();
	}

	long feedRows(String type, String id) {
		return jdbc.sql("SELECT count(*) FROM sup_feed WHERE record_type = :t AND record_id = :id").param("t", type)
			.param("id", id).query(Long.class).single();
	}

	JsonNode current(String type, String id) {
		String data = jdbc.sql("SELECT data::text FROM sup_down_record WHERE record_type = :t AND record_id = :id")
			.param("t", type).param("id", id).query(String.class).single();
		return json.readTree(data);
	}

	long version(String type, String id) {
		return jdbc.sql("SELECT version FROM sup_down_record WHERE record_type = :t AND record_id = :id")
			.param("t", type).param("id", id).query(Long.class).single();
	}

	@Test
	void aSecondRefreshWithNothingChangedAppendsNothing() {
		feed.refresh();
		long before = jdbc.sql("SELECT count(*) FROM sup_feed").query(Long.class).single();
		assertThat(feed.refresh()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM sup_feed").query(Long.class).single()).isEqualTo(before);
		assertThat(feed.publishedTypes()).contains(RecordType.SCHOOL, RecordType.PROVIDER, RecordType.CATEGORY,
				RecordType.CAP, RecordType.POLICY);
	}

	@Test
	void twoRefreshesAtOnceAppendEachChangeOnce() throws Exception {
		feed.refresh();
		long town = town();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String code = "FC" + i + "-" + tag;
			schools.register(new NewSchool(code, "并发小学" + i + tag, town, Stage.PRIMARY, null));
			codes.add(code);
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> refresh = () -> {
				start.await();
				return feed.refresh();
			};
			Future<Integer> a = pool.submit(refresh);
			Future<Integer> b = pool.submit(refresh);
			start.countDown();
			assertThat(a.get() + b.get()).isEqualTo(3);
		}
		finally {
			pool.shutdownNow();
		}
		for (String code : codes) {
			assertThat(feedRows("school", code)).as(code).isEqualTo(1);
		}
		// seq order = commit order: the feed's seqs have no row committed behind a later one
		Long gaps = jdbc.sql("""
				SELECT count(*) FROM sup_down_record d WHERE d.version <> (SELECT max(seq) FROM sup_feed f
				  WHERE f.record_type = d.record_type AND f.record_id = d.record_id)""").query(Long.class).single();
		assertThat(gaps).isZero();
	}

	@Test
	void aNewSchoolAppearsAndAChangedOneComesAgainWithANewVersion() {
		long town = town();
		String code = "FN-" + tag;
		schools.register(new NewSchool(code, "新建小学" + tag, town, Stage.NINE_YEAR, null));
		feed.refresh();
		JsonNode school = current("school", code);
		assertThat(school.get("name").asString()).isEqualTo("新建小学" + tag);
		assertThat(school.get("townCode").asString()).isEqualTo("FT-" + tag);
		assertThat(school.get("stage").asString()).isEqualTo("nine-year");
		assertThat(school.get("active").asBoolean()).isTrue();
		assertThat(schemas.problems(RecordType.SCHOOL, school)).isEmpty();
		long v1 = version("school", code);

		jdbc.sql("UPDATE school SET service_ends = '18:00' WHERE code = :c").param("c", code).update();
		feed.refresh();
		assertThat(current("school", code).get("serviceEndsNoEarlierThan").asString()).isEqualTo("18:00");
		assertThat(version("school", code)).isGreaterThan(v1);
		assertThat(feedRows("school", code)).isEqualTo(2);
	}

	@Test
	void aProviderTheCitySuspendsComesAgainWithStatusSuspended() {
		long town = town();
		String first17 = "91442000MA" + String.format("%07d", Math.abs(tag.hashCode()) % 10_000_000);
		String credit = first17 + UnifiedSocialCreditCode.checkCharacter(first17);
		long id = jdbc.sql("""
				INSERT INTO provider (legal_name, credit_code, status, categories)
				VALUES (:n, :c, 'APPROVED', '{ARTS,SPORTS}') RETURNING id""")
			.param("n", "下行测试机构" + tag).param("c", credit).query(Long.class).single();
		jdbc.sql("""
				INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until)
				VALUES (:p, :t, 'APPROVED', DATE '2099-08-31')""").param("p", id).param("t", town).update();
		feed.refresh();
		JsonNode admitted = current("provider", credit);
		assertThat(admitted.get("status").asString()).isEqualTo("admitted");
		assertThat(admitted.get("validUntil").asString()).isEqualTo("2099-08-31");
		assertThat(admitted.get("categoryCodes").toString()).isEqualTo("[\"ARTS\",\"SPORTS\"]");
		assertThat(schemas.problems(RecordType.PROVIDER, admitted)).isEmpty();
		long v1 = version("provider", credit);

		providers.review(id, ReviewAction.SUSPEND, "下行测试暂停", new Scope(Role.CITY_ADMIN, null, null, null, null));
		feed.refresh();
		assertThat(current("provider", credit).get("status").asString()).isEqualTo("suspended");
		assertThat(version("provider", credit)).isGreaterThan(v1);
		assertThat(feedRows("provider", credit)).isEqualTo(2);
	}

	@Test
	void theCataloguesCategoriesAndCapsArePublished() {
		feed.refresh();
		JsonNode care = current("category", "BASIC_CARE");
		assertThat(care.get("name").asString()).isEqualTo("托管");
		String capId = "cap-" + jdbc.sql("SELECT min(id) FROM fee_cap WHERE category_code = 'BASIC_CARE' AND town_id IS NULL")
			.query(Long.class).single();
		JsonNode cap = current("cap", capId);
		assertThat(cap.get("unit").asString()).isEqualTo("session");
		assertThat(cap.get("capFen").asLong()).isPositive();
		assertThat(schemas.problems(RecordType.CAP, cap)).isEmpty();
		assertThat(schemas.problems(RecordType.CATEGORY, care)).isEmpty();
	}
}
