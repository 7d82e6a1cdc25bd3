package org.kehou.identity;

/**
 * A demo account shown on the login page in demo mode (contributed as beans by the demo module).
 *
 * @param roleLabel message key of the role's name
 */
public record DemoAccount(Role role, String login, String password, String description) {
}
