package org.kehou.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PublicEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account that must change its password (imported or reset by an administrator) gets nothing but the password
 * page until it has: pages redirect to {@code /account/password}, API calls get 403 Problem Details "password
 * change required". Public endpoints and static resources stay reachable; signing out is a filter and always is.
 */
class PasswordChangeRequired implements HandlerInterceptor {

	static final String PASSWORD_PAGE = "/account/password";

	private final JsonMapper json;

	PasswordChangeRequired(JsonMapper json) {
		this.json = json;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method) || !AccessInterceptor.isKehouHandler(method)
				|| AccessInterceptor.declared(method, PublicEndpoint.class) != null) {
			return true;
		}
		KehouUser user = CurrentUser.find().orElse(null);
		if (user == null || !user.mustChangePassword()) {
			return true;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals(PASSWORD_PAGE)) {
			return true;
		}
		if (path.startsWith("/api/")) {
			SecurityConfiguration.writeProblem(json, request, response, HttpStatus.FORBIDDEN,
					"password change required / 请先修改密码");
		}
		else {
			response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
		}
		return false;
	}
}
