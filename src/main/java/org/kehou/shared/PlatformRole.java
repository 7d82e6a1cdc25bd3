package org.kehou.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a module's {@code package-info}: the module belongs to that deployment role only. Modules without it run
 * in every role.
 */
@Target(ElementType.PACKAGE)
@Retention(RetentionPolicy.RUNTIME)
public @interface PlatformRole {
	DeploymentRole value();
}
