package org.kehou.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A bean of a module that runs everywhere but needs a role's modules, e.g. the demo's daily service, which uses the
 * service platform's selection: created only when the running {@code kehou.role} includes {@link #value()}. Whole
 * modules use {@link PlatformRole} instead.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnDeploymentRole.OnRole.class)
public @interface ConditionalOnDeploymentRole {

	DeploymentRole value();

	/** Matches when the running role runs a module of the annotation's role. */
	class OnRole implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDeploymentRole.class.getName());
			DeploymentRole needed = attributes == null ? DeploymentRole.ALL : (DeploymentRole) attributes.get("value");
			return DeploymentRole.parse(context.getEnvironment().getProperty(DeploymentRole.PROPERTY, "all")).runs(needed);
		}
	}
}
