package org.kehou.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a web endpoint (on the method, or on the controller for all its methods). An empty list means any
 * signed-in user. Beyond the role, every scoped id the request names (path variables and parameters such as
 * {@code schoolId}, {@code studentId}) is checked against the caller's scope by the central access interceptor.
 * Endpoints with neither this nor {@link PublicEndpoint} are refused.
 */
@Documented
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Access {
	Role[] value() default {};
}
