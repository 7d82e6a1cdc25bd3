package org.kehou.identity;

import java.util.Set;

/**
 * An entry of the console's side menu or the phone's home grid, contributed as a bean by the module that serves
 * the page. Shown to the listed roles only.
 *
 * @param section message key of the menu group
 * @param label message key of the entry
 * @param path where it goes
 * @param roles who sees it
 * @param order position within its section
 */
public record NavigationItem(String section, String label, String path, Set<Role> roles, int order) {
}
