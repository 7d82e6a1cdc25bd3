package org.kehou.identity.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a form sign-in: on success reset the failure count, audit it and send the user home (or to change the
 * password); on failure say only "wrong name or password" or "locked", never whether the name exists (failures are
 * counted by {@link SignInAttempts}, unknown names like accounts).
 */
@Component
class LoginHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final SignInAttempts attempts;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	LoginHandlers(SignInAttempts attempts, AuditLog audit, TransactionTemplate tx) {
		this.attempts = attempts;
		this.audit = audit;
		this.tx = tx;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		KehouUser user = (KehouUser) authentication.getPrincipal();
		tx.executeWithoutResult(s -> {
			attempts.succeeded(user.id());
			audit.record(AuditLog.Entry.of("login", "user", user.id())
				.in(user.scope().townId(), user.scope().schoolId())
				.detail("password"));
		});
		response.sendRedirect(request.getContextPath() + (user.mustChangePassword() ? "/account/password" : "/home"));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		// the failure was already counted (SignInAttempts listens to the authentication events)
		String login = request.getParameter("username");
		boolean locked = exception instanceof LockedException || (exception instanceof BadCredentialsException
				&& login != null && !login.isBlank() && attempts.isLocked(login));
		response.sendRedirect(request.getContextPath() + "/login?error=" + (locked ? "locked" : "bad"));
	}
}
