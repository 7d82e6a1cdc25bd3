package org.kehou.identity.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.OwnerResolver;
import org.kehou.identity.PublicEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one place where scopes are enforced (invariant 5). For every request to a Kehou handler:
 * <ol>
 * <li>the handler must declare {@link Access} or {@link PublicEndpoint}, otherwise 403 (deny by default);</li>
 * <li>the caller's role must be one the declaration lists;</li>
 * <li>every path variable or request parameter named like a registered {@link OwnerResolver} (schoolId,
 * studentId, …) must name an existing record inside the caller's scope, otherwise 404 — the same answer as for
 * a record that does not exist, so ids cannot be probed.</li>
 * </ol>
 */
public class AccessInterceptor implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(AccessInterceptor.class);

	private final Map<String, OwnerResolver> resolvers;

	private final AuditLog audit;

	public AccessInterceptor(List<OwnerResolver> resolvers, AuditLog audit) {
		this.resolvers = resolvers.stream().collect(Collectors.toMap(OwnerResolver::parameter, Function.identity()));
		this.audit = audit;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || !isKehouHandler(method)) {
			return true;
		}
		if (declared(method, PublicEndpoint.class) != null) {
			return true;
		}
		Access access = declared(method, Access.class);
		if (access == null) {
			log.error("Endpoint {} declares neither @Access nor @PublicEndpoint: refused", method);
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "endpoint without an access declaration");
		}
		KehouUser user = CurrentUser.require();
		if (access.value().length > 0 && Arrays.stream(access.value()).noneMatch(r -> r == user.role())) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "your role may not use this function");
		}
		checkScopedIds(request, user);
		return true;
	}

	private void checkScopedIds(HttpServletRequest request, KehouUser user) {
		@SuppressWarnings("unchecked")
		Map<String, String> pathVariables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		for (OwnerResolver resolver : resolvers.values()) {
			String name = resolver.parameter();
			String fromPath = pathVariables == null ? null : pathVariables.get(name);
			if (fromPath != null) {
				check(resolver, fromPath, user, request);
			}
			String[] fromParameters = request.getParameterValues(name);
			if (fromParameters != null) {
				for (String value : fromParameters) {
					if (!value.isBlank()) {
						check(resolver, value, user, request);
					}
				}
			}
		}
	}

	private void check(OwnerResolver resolver, String value, KehouUser user, HttpServletRequest request) {
		long id;
		try {
			id = Long.parseLong(value.trim());
		}
		catch (NumberFormatException e) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, resolver.parameter() + " not found");
		}
		Optional<Owner> owner = resolver.ownerOf(id);
		if (owner.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, resolver.parameter() + " " + id + " not found");
		}
		if (!user.scope().covers(owner.get())) {
			audit.record(AuditLog.Entry.of("access.out-of-scope", resolver.parameter(), id)
				.detail(request.getMethod() + " " + request.getRequestURI())
				.outcome(AuditLog.Outcome.DENIED));
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, resolver.parameter() + " " + id + " not found");
		}
	}

	static boolean isKehouHandler(HandlerMethod method) {
		return method.getBeanType().getName().startsWith("org.kehou.");
	}

	static <A extends java.lang.annotation.Annotation> @Nullable A declared(HandlerMethod method, Class<A> type) {
		A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
		return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type);
	}
}
