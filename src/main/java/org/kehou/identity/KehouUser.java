package org.kehou.identity;

import java.io.Serial;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The signed-in account: its role and the anchors of its scope. Kept in the (JDBC) session. */
public final class KehouUser implements UserDetails, CredentialsContainer {

	@Serial
	private static final long serialVersionUID = 1L;

	private final long id;

	private final String loginName;

	private final String displayName;

	private @Nullable String passwordHash;

	private final Role role;

	private final Scope scope;

	private final @Nullable Long staffId;

	/** The instructor record an INSTRUCTOR account stands for; null for others and unlinked instructor accounts. */
	private final @Nullable Long instructorId;

	private final boolean mustChangePassword;

	private final boolean locked;

	private final boolean enabled;

	public KehouUser(long id, String loginName, String displayName, @Nullable String passwordHash, Role role,
			Scope scope, @Nullable Long staffId, boolean mustChangePassword, boolean locked, boolean enabled) {
		this(id, loginName, displayName, passwordHash, role, scope, staffId, null, mustChangePassword, locked, enabled);
	}

	/** With the instructor record of an INSTRUCTOR account ({@code app_user.instructor_id}). */
	public KehouUser(long id, String loginName, String displayName, @Nullable String passwordHash, Role role,
			Scope scope, @Nullable Long staffId, @Nullable Long instructorId, boolean mustChangePassword, boolean locked,
			boolean enabled) {
		this.id = id;
		this.loginName = loginName;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.role = role;
		this.scope = scope;
		this.staffId = staffId;
		this.instructorId = instructorId;
		this.mustChangePassword = mustChangePassword;
		this.locked = locked;
		this.enabled = enabled;
	}

	public long id() {
		return id;
	}

	public String displayName() {
		return displayName;
	}

	public Role role() {
		return role;
	}

	public Scope scope() {
		return scope;
	}

	public @Nullable Long staffId() {
		return staffId;
	}

	/**
	 * The instructor record an INSTRUCTOR account stands for (null: not linked yet — the provider's administrator links
	 * it). Sessions serialized before the field existed read it as null (same serialVersionUID).
	 */
	public @Nullable Long instructorId() {
		return instructorId;
	}

	public boolean mustChangePassword() {
		return mustChangePassword;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
	}

	@Override
	public @Nullable String getPassword() {
		return passwordHash;
	}

	@Override
	public String getUsername() {
		return loginName;
	}

	@Override
	public boolean isAccountNonLocked() {
		return !locked;
	}

	@Override
	public boolean isEnabled() {
		return enabled;
	}

	@Override
	public void eraseCredentials() {
		passwordHash = null;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof KehouUser other && other.id == id;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(id);
	}

	@Override
	public String toString() {
		return "KehouUser[" + id + ", " + role + "]";
	}
}
