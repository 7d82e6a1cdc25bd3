package org.kehou.identity;

/**
 * Whether a one-time sign-in code may also be shown on the page instead of only being sent by SMS. Only the demo
 * module contributes one (in demo mode); without such a bean codes are never shown.
 */
@FunctionalInterface
public interface OneTimeCodeDisplay {

	boolean showOnPage();
}
