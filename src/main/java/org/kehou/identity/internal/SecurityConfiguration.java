package org.kehou.identity.internal;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kehou.identity.IdentityProperties;
import org.kehou.identity.PersonalDataProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Authentication, sessions, CSRF and security headers. Which role and scope may use an endpoint is decided by the
 * {@link AccessInterceptor}; here everything except the public pages needs a signed-in user.
 */
@EnableConfigurationProperties({ PersonalDataProperties.class, IdentityProperties.class })
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PUBLIC_PATHS = { "/login", "/login/**", "/privacy", "/fees", "/public/**", "/register/provider",
			"/register/provider/**", "/css/**", "/js/**", "/img/**",
			"/webjars/**", "/favicon.ico", "/error", "/actuator/health", "/actuator/health/**", "/actuator/info",
			"/actuator/prometheus", "/api/v1/payment/notify/**", "/exchange/v1/**" };

	/**
	 * Gateways' notifications and the exchange standard (/exchange/v1): no session, no CSRF token; the request's
	 * signature is the authentication.
	 */
	static final String[] CSRF_EXEMPT_PATHS = { "/api/v1/payment/notify/**", "/exchange/v1/**" };

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** Sessions stay in PostgreSQL; each node keeps a copy for a few seconds (see {@link SessionCache}). */
	@Bean
	static SessionCache sessionCache(Environment environment) {
		Binder binder = Binder.get(environment);
		return new SessionCache(binder.bind("kehou.session.cache-ttl", Duration.class).orElse(Duration.ofSeconds(5)),
				binder.bind("kehou.session.touch-interval", Duration.class).orElse(Duration.ofSeconds(60)));
	}

	/** Where the signed-in account is kept between requests: the HTTP session (Spring Session JDBC). */
	@Bean
	SecurityContextRepository securityContextRepository() {
		return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
				new HttpSessionSecurityContextRepository());
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json, LoginHandlers loginHandlers,
			SecurityContextRepository contextRepository) throws Exception {
		RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
		http.securityContext(context -> context.securityContextRepository(contextRepository))
			.authorizeHttpRequests(auth -> auth.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().authenticated())
			.formLogin(form -> form.loginPage("/login")
				.loginProcessingUrl("/login")
				.successHandler(loginHandlers)
				.failureHandler(loginHandlers)
				.permitAll())
			.httpBasic(basic -> basic.authenticationEntryPoint(problem(json, HttpStatus.UNAUTHORIZED)))
			.logout(logout -> logout.logoutUrl("/logout")
				.logoutSuccessUrl("/login?logout")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.permitAll())
			.exceptionHandling(ex -> ex
				.defaultAuthenticationEntryPointFor(problem(json, HttpStatus.UNAUTHORIZED), api)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
				.defaultAccessDeniedHandlerFor(deniedProblem(json), api))
			// API clients that authenticate per request (HTTP Basic) need no CSRF token; cookie sessions do.
			.csrf(csrf -> csrf.ignoringRequestMatchers(request -> request.getHeader("Authorization") != null)
				.ignoringRequestMatchers(CSRF_EXEMPT_PATHS))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"))
				.referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
				.frameOptions(frame -> frame.deny()));
		return http.build();
	}

	private static AuthenticationEntryPoint problem(JsonMapper json, HttpStatus status) {
		return (request, response, e) -> writeProblem(json, request, response, status, "请先登录 / sign-in required");
	}

	private static AccessDeniedHandler deniedProblem(JsonMapper json) {
		return (request, response, e) -> writeProblem(json, request, response, HttpStatus.FORBIDDEN,
				"没有权限 / access denied");
	}

	static void writeProblem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), problem);
	}
}
