package org.kehou.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.KehouUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Puts an account into the session outside the form login: after a one-time code was verified, and after a
 * password change (so the session no longer carries "must change password"). Uses the same
 * {@link SecurityContextRepository} as the filter chain, so the context lands in the (JDBC) session.
 */
@Component
public class SessionSignIn {

	private final SecurityContextRepository repository;

	private final Accounts accounts;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	SessionSignIn(SecurityContextRepository repository, Accounts accounts) {
		this.repository = repository;
		this.accounts = accounts;
	}

	/** Signs the account in with a fresh session id (no session fixation). */
	void signIn(KehouUser user, HttpServletRequest request, HttpServletResponse response) {
		request.getSession(true);
		request.changeSessionId();
		store(user, request, response);
	}

	/** Reloads the signed-in account from the database into the session. */
	public void refresh(long userId, HttpServletRequest request, HttpServletResponse response) {
		accounts.findById(userId).ifPresent(user -> store(user, request, response));
	}

	private void store(KehouUser user, HttpServletRequest request, HttpServletResponse response) {
		user.eraseCredentials();
		SecurityContext context = holder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
		holder.setContext(context);
		repository.saveContext(context, request, response);
	}
}
