package org.kehou.demo.internal;

import java.util.List;

import org.kehou.identity.DemoAccount;
import org.kehou.identity.Role;

/**
 * The fixed demo accounts, one or more for every role. All share one documented demo password; they exist only
 * in demo mode (see docs/demo.md).
 */
public final class DemoLogins {

	/** The demo password of every demo account. A documented demo credential, not a secret. */
	public static final String PASSWORD = "Kehou@2026";

	public static final String CITY = "city";

	public static final String TOWN1 = "town1";

	public static final String SCHOOL1 = "school1";

	public static final String SCHOOL2 = "school2";

	public static final String TEACHER1 = "teacher1";

	public static final String INSPECTOR1 = "inspector1";

	public static final String PROVIDER1 = "provider1";

	public static final String INSTRUCTOR1 = "instructor1";

	public static final String GUARDIAN1 = RosterGenerator.DEMO_GUARDIAN_1;

	public static final String GUARDIAN2 = RosterGenerator.DEMO_GUARDIAN_2;

	/** The provider the provider demo accounts belong to: a draft application, written before the accounts. */
	public static final long PROVIDER_ID = 1;

	static final String PROVIDER_NAME = "香山市青少年艺术培训中心";

	/** A valid unified social credit code (check character computed, not invented). */
	static final String PROVIDER_CREDIT_CODE = "91442000MA4W12345"
			+ org.kehou.shared.UnifiedSocialCreditCode.checkCharacter("91442000MA4W12345");

	private DemoLogins() {
	}

	/** In the order the login page lists them; descriptions are message keys of the demo bundle. */
	public static List<DemoAccount> all() {
		return List.of(new DemoAccount(Role.CITY_ADMIN, CITY, PASSWORD, "demo.account.city"),
				new DemoAccount(Role.TOWN_ADMIN, TOWN1, PASSWORD, "demo.account.town1"),
				new DemoAccount(Role.SCHOOL_ADMIN, SCHOOL1, PASSWORD, "demo.account.school1"),
				new DemoAccount(Role.SCHOOL_ADMIN, SCHOOL2, PASSWORD, "demo.account.school2"),
				new DemoAccount(Role.TEACHER, TEACHER1, PASSWORD, "demo.account.teacher1"),
				new DemoAccount(Role.INSPECTOR, INSPECTOR1, PASSWORD, "demo.account.inspector1"),
				new DemoAccount(Role.PROVIDER_ADMIN, PROVIDER1, PASSWORD, "demo.account.provider1"),
				new DemoAccount(Role.INSTRUCTOR, INSTRUCTOR1, PASSWORD, "demo.account.instructor1"),
				new DemoAccount(Role.GUARDIAN, GUARDIAN1, PASSWORD, "demo.account.guardian1"),
				new DemoAccount(Role.GUARDIAN, GUARDIAN2, PASSWORD, "demo.account.guardian2"));
	}
}
