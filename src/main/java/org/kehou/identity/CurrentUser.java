package org.kehou.identity;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The account of the current request. */
public final class CurrentUser {

	private CurrentUser() {
	}

	public static Optional<KehouUser> find() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		return auth != null && auth.getPrincipal() instanceof KehouUser user ? Optional.of(user) : Optional.empty();
	}

	/** @throws org.springframework.security.access.AccessDeniedException when nobody is signed in */
	public static KehouUser require() {
		return find().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not signed in"));
	}

	public static Scope scope() {
		return require().scope();
	}
}
