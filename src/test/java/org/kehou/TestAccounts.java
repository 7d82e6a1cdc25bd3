package org.kehou;

import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The signed-in user of a demo account, by login name or (a guardian's) mobile number, as tests act as it. */
public final class TestAccounts {

	private TestAccounts() {
	}

	public static KehouUser account(JdbcClient jdbc, PersonalDataCipher cipher, String login) {
		return jdbc.sql("""
				SELECT u.id, u.role, u.town_id, u.school_id, u.guardian_id, u.provider_id, u.staff_id, u.display_name,
				  u.instructor_id
				FROM app_user u WHERE u.username = :login OR u.phone_hash = :hash""")
			.param("login", login)
			.param("hash", cipher.phoneHash(Masking.isMobile(login) ? login : "0"))
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				return new KehouUser(rs.getLong("id"), login, rs.getString("display_name"), null, role,
						new Scope(role, rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class),
								rs.getObject("guardian_id", Long.class), rs.getObject("provider_id", Long.class)),
						rs.getObject("staff_id", Long.class), rs.getObject("instructor_id", Long.class), false, false, true);
			})
			.single();
	}
}
