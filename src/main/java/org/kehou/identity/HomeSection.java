package org.kehou.identity;

import java.util.Map;

/**
 * A block on a user's home page, contributed as a bean by the module that owns its data (e.g. a guardian's
 * children, a school's roster summary). The portal renders {@code fragment} with {@code section.model} in scope.
 */
public interface HomeSection {

	boolean appliesTo(KehouUser user);

	/** Thymeleaf fragment, e.g. {@code people/home :: children}. */
	String fragment();

	Map<String, Object> model(KehouUser user);

	default int order() {
		return 100;
	}
}
