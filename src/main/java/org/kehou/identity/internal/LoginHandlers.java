package org.kehou.identity.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** After a sign-in attempt: audit it, reset or count failures, send the user home (or to change the password). */
@Component
class LoginHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	LoginHandlers(JdbcClient jdbc, AuditLog audit, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.tx = tx;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		KehouUser user = (KehouUser) authentication.getPrincipal();
		tx.executeWithoutResult(s -> {
			jdbc.sql("UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = now() WHERE id = :id")
				.param("id", user.id())
				.update();
			audit.record(AuditLog.Entry.of("login", "user", user.id()));
		});
		response.sendRedirect(request.getContextPath() + (user.mustChangePassword() ? "/account/password" : "/home"));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String reason = exception instanceof LockedException ? "locked" : "bad";
		response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
	}
}
