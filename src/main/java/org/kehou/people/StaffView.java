package org.kehou.people;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/** A school staff member with the phone number masked. */
public record StaffView(long id, long schoolId, String staffNo, String name, @Nullable String gender,
		@Nullable String phoneMasked, Set<StaffRole> roles, @Nullable String subject, boolean active) {
}
