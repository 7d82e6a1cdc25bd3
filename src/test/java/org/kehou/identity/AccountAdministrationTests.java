package org.kehou.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Administrators manage the accounts of their scope, and only those. */
class AccountAdministrationTests extends IdentityTestSupport {

	@Test
	void schoolAdminManagesOwnSchoolOnly() throws Exception {
		long town = town();
		long school = school(town);
		long otherSchool = school(town);
		String admin = username("sa");
		account(admin, Role.SCHOOL_ADMIN, null, school, null, false);
		String teacher = username("teach");
		long teacherId = account(teacher, Role.TEACHER, null, school, phone(), false);
		String foreign = username("foreign");
		long foreignId = account(foreign, Role.TEACHER, null, otherSchool, null, false);
		KehouUser me = load(admin);

		mvc.perform(get("/console/accounts").with(user(me)))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString(teacher)))
			.andExpect(content().string(Matchers.not(Matchers.containsString(foreign))));

		// out of scope: the same answer as for an account that does not exist
		mvc.perform(post("/console/accounts/{userId}/disable", foreignId).with(user(me)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/accounts/{userId}/disable", 999_999_999L).with(user(me)).with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT enabled FROM app_user WHERE id = :id").param("id", foreignId).query(Boolean.class).single())
			.isTrue();

		mvc.perform(post("/console/accounts/{userId}/disable", teacherId).with(user(me)).with(csrf()))
			.andExpect(redirectedUrl("/console/accounts"));
		mvc.perform(formLogin("/login").user(teacher).password(PASSWORD)).andExpect(redirectedUrl("/login?error=bad"));
		assertThat(auditCount("account.disable", teacherId)).isOne();
		mvc.perform(post("/console/accounts/{userId}/enable", teacherId).with(user(me)).with(csrf()))
			.andExpect(redirectedUrl("/console/accounts"));
		mvc.perform(formLogin("/login").user(teacher).password(PASSWORD)).andExpect(redirectedUrl("/home"));
	}

	@Test
	void resetSetsATemporaryPasswordThatMustBeChanged() throws Exception {
		long town = town();
		String admin = username("ta");
		account(admin, Role.TOWN_ADMIN, town, null, null, false);
		String teacher = username("forgot");
		long teacherId = account(teacher, Role.TEACHER, null, school(town), null, false);

		String page = mvc.perform(post("/console/accounts/{userId}/reset-password", teacherId)
			.with(user(load(admin)))
			.with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		Matcher m = Pattern.compile("id=\"temporary-password\">.*?<code>([A-Za-z0-9]{10})</code>", Pattern.DOTALL).matcher(page);
		assertThat(m.find()).isTrue();
		String temporary = m.group(1);

		assertThat(auditCount("account.password-reset", teacherId)).isOne();
		mvc.perform(formLogin("/login").user(teacher).password(PASSWORD)).andExpect(redirectedUrl("/login?error=bad"));
		mvc.perform(formLogin("/login").user(teacher).password(temporary)).andExpect(redirectedUrl("/account/password"));
	}

	@Test
	void guardiansBelongToTheSchoolsOfTheirChildren() throws Exception {
		long town = town();
		long school = school(town);
		long grade = jdbc.sql("INSERT INTO grade (school_id, level, name) VALUES (:s, 1, '一年级') RETURNING id")
			.param("s", school).query(Long.class).single();
		long klass = jdbc.sql("INSERT INTO school_class (school_id, grade_id, name) VALUES (:s, :g, '1班') RETURNING id")
			.param("s", school).param("g", grade).query(Long.class).single();
		long student = jdbc.sql("""
				INSERT INTO student (school_id, class_id, student_no, name, gender) VALUES (:s, :c, :no, '小明', 'M')
				RETURNING id""").param("s", school).param("c", klass).param("no", "N" + next()).query(Long.class).single();
		String phone = phone();
		long guardian = jdbc.sql("""
				INSERT INTO guardian (name, phone_enc, phone_hash, phone_masked) VALUES ('王家长', :enc, :hash, '139****0000')
				RETURNING id""").param("enc", cipher.encrypt(phone)).param("hash", cipher.phoneHash(phone))
			.query(Long.class).single();
		jdbc.sql("INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (:s, :g, 'FATHER')")
			.param("s", student).param("g", guardian).update();
		long guardianUser = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, guardian_id, failed_attempts, locked_until)
				VALUES (:h, '王家长', 'GUARDIAN', :g, 5, now() + INTERVAL '10 minutes') RETURNING id""")
			.param("h", cipher.phoneHash(phone)).param("g", guardian).query(Long.class).single();

		String admin = username("sa");
		account(admin, Role.SCHOOL_ADMIN, null, school, null, false);
		String stranger = username("sb");
		account(stranger, Role.SCHOOL_ADMIN, null, school(town()), null, false);

		mvc.perform(post("/console/accounts/{userId}/unlock", guardianUser).with(user(load(stranger))).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/console/accounts").with(user(load(admin))))
			.andExpect(content().string(Matchers.containsString("王家长")));
		mvc.perform(post("/console/accounts/{userId}/unlock", guardianUser).with(user(load(admin))).with(csrf()))
			.andExpect(redirectedUrl("/console/accounts"));
		assertThat(jdbc.sql("SELECT locked_until IS NULL FROM app_user WHERE id = :id").param("id", guardianUser)
			.query(Boolean.class).single()).isTrue();
	}

	@Test
	void teachersHaveNoAccountAdministration() throws Exception {
		String teacher = username("t");
		account(teacher, Role.TEACHER, null, school(town()), null, false);
		mvc.perform(get("/console/accounts").with(user(load(teacher)))).andExpect(status().isForbidden());
	}
}
