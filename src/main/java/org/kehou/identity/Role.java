package org.kehou.identity;

import java.util.EnumSet;
import java.util.Set;

/** The roles of PRODUCT.md. Each account has exactly one. */
public enum Role {
	CITY_ADMIN, TOWN_ADMIN, SCHOOL_ADMIN, TEACHER, INSPECTOR, PROVIDER_ADMIN, INSTRUCTOR, GUARDIAN;

	/** Roles whose home is the desktop console; the others get the mobile pages. */
	public static final Set<Role> CONSOLE = EnumSet.of(CITY_ADMIN, TOWN_ADMIN, SCHOOL_ADMIN, PROVIDER_ADMIN);

	/** City, town and school administrators. */
	public static final Role[] ADMINS = { CITY_ADMIN, TOWN_ADMIN, SCHOOL_ADMIN };

	public boolean usesConsole() {
		return CONSOLE.contains(this);
	}
}
