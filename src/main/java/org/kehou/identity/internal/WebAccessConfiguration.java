package org.kehou.identity.internal;

import java.util.List;

import org.kehou.identity.AuditLog;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebAccessConfiguration implements WebMvcConfigurer {

	private final List<OwnerResolver> resolvers;

	private final AuditLog audit;

	private final JsonMapper json;

	WebAccessConfiguration(List<OwnerResolver> resolvers, AuditLog audit, JsonMapper json) {
		this.resolvers = resolvers;
		this.audit = audit;
		this.json = json;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new PasswordChangeRequired(json)).order(-10);
		registry.addInterceptor(new AccessInterceptor(resolvers, audit));
	}
}
