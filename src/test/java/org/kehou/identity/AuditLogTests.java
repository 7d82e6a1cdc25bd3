package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The audit log is append-only, town administrators see their town only, and reading it leaves no trace. */
class AuditLogTests extends IdentityTestSupport {

	@Autowired
	AuditLog audit;

	@Test
	void entriesCannotBeChangedOrDeleted() {
		String type = "probe" + next();
		audit.record(AuditLog.Entry.of("test.append", type, 1));
		long id = jdbc.sql("SELECT id FROM audit_event WHERE target_type = :t").param("t", type).query(Long.class).single();

		assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET outcome = 'DENIED' WHERE id = :id").param("id", id).update())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE id = :id").param("id", id).update())
			.hasMessageContaining("append-only");
		assertThat(jdbc.sql("SELECT outcome FROM audit_event WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo("SUCCESS");
	}

	@Test
	void aMobileNumberAsLoginNameIsKeptMaskedOnly() {
		String type = "phone" + next();
		KehouUser guardian = new KehouUser(-1, "13912345678", "家长", null, Role.GUARDIAN,
				new Scope(Role.GUARDIAN, null, null, 1L, null), null, false, false, true);
		var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
		context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken
			.authenticated(guardian, null, guardian.getAuthorities()));
		org.springframework.security.core.context.SecurityContextHolder.setContext(context);
		try {
			audit.record(AuditLog.Entry.of("test.phone", type, 1));
		}
		finally {
			org.springframework.security.core.context.SecurityContextHolder.clearContext();
		}
		assertThat(jdbc.sql("SELECT actor_name FROM audit_event WHERE target_type = :t").param("t", type)
			.query(String.class).single()).isEqualTo("139****5678");
	}

	@Test
	void townAdministratorsSeeTheirTownOnly() throws Exception {
		long townA = town();
		long townB = town();
		long schoolA = school(townA);
		String type = "scoped" + next();
		audit.record(AuditLog.Entry.of("test.scoped", type, "town-a").in(townA, null));
		audit.record(AuditLog.Entry.of("test.scoped", type, "school-a").in(townA, schoolA));
		audit.record(AuditLog.Entry.of("test.scoped", type, "town-b").in(townB, null));
		audit.record(AuditLog.Entry.of("test.scoped", type, "city"));
		String teacherA = username("ta");
		account(teacherA, Role.TEACHER, null, schoolA, null, false);
		// an entry made by a user of town A's school, about nothing in particular
		jdbc.sql("""
				INSERT INTO audit_event (actor_id, actor_name, actor_role, action, target_type, target_id, outcome)
				VALUES (:actor, :name, 'TEACHER', 'test.scoped', :type, 'by-a-user', 'SUCCESS')""")
			.param("actor", load(teacherA).id())
			.param("name", teacherA)
			.param("type", type)
			.update();

		String townAdmin = username("townadmin");
		account(townAdmin, Role.TOWN_ADMIN, townA, null, null, false);
		String cityAdmin = username("cityadmin");
		account(cityAdmin, Role.CITY_ADMIN, null, null, null, false);
		long before = jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single();

		mvc.perform(get("/api/v1/audit").param("targetType", type).with(user(load(townAdmin))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(3))
			.andExpect(jsonPath("$.items[*].targetId",
					Matchers.containsInAnyOrder("town-a", "school-a", "by-a-user")));
		mvc.perform(get("/api/v1/audit").param("targetType", type).with(user(load(cityAdmin))))
			.andExpect(jsonPath("$.total").value(5));
		mvc.perform(get("/api/v1/audit").param("targetType", type).param("targetId", "city").with(user(load(cityAdmin))))
			.andExpect(jsonPath("$.total").value(1));
		mvc.perform(get("/console/audit").param("targetType", type).with(user(load(townAdmin))))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("school-a")))
			.andExpect(content().string(Matchers.not(Matchers.containsString("town-b"))));
		// viewing the log is not itself logged
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void filtersAndEmptyState() throws Exception {
		String cityAdmin = username("cityadmin");
		account(cityAdmin, Role.CITY_ADMIN, null, null, null, false);
		String type = "filtered" + next();
		audit.record(AuditLog.Entry.of("account.unlock", type, 7));
		audit.record(AuditLog.Entry.of("account.disable", type, 8).outcome(AuditLog.Outcome.DENIED));

		mvc.perform(get("/api/v1/audit").param("targetType", type).param("action", "account").with(user(load(cityAdmin))))
			.andExpect(jsonPath("$.total").value(2));
		mvc.perform(get("/api/v1/audit").param("targetType", type).param("outcome", "DENIED").with(user(load(cityAdmin))))
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].action").value("account.disable"));
		mvc.perform(get("/api/v1/audit").param("targetType", type).param("from", "2000-01-01").param("to", "2000-01-02")
			.with(user(load(cityAdmin)))).andExpect(jsonPath("$.total").value(0));
		mvc.perform(get("/console/audit").param("targetType", "nothing-" + next()).with(user(load(cityAdmin))))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("没有符合条件的记录")));
	}

	@Test
	void otherRolesMayNotReadTheLog() throws Exception {
		String admin = username("sa");
		account(admin, Role.SCHOOL_ADMIN, null, school(town()), null, false);
		mvc.perform(get("/api/v1/audit").with(user(load(admin)))).andExpect(status().isForbidden());
		mvc.perform(get("/console/audit").with(user(load(admin)))).andExpect(status().isForbidden());
	}
}
