package org.kehou.identity.internal;

import java.util.List;

import org.kehou.identity.AuditLog;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebAccessConfiguration implements WebMvcConfigurer {

	private final List<OwnerResolver> resolvers;

	private final AuditLog audit;

	WebAccessConfiguration(List<OwnerResolver> resolvers, AuditLog audit) {
		this.resolvers = resolvers;
		this.audit = audit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AccessInterceptor(resolvers, audit));
	}
}
