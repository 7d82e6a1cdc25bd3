/**
 * Selection: a school's offerings (开班) for a term with their weekly timetable and capacity, guardians'
 * registration (报名) for the after-school service, and — later — the selection rounds (first-come, lottery) and
 * waitlists that allocate places.
 * <p>
 * Other modules use the services and view records of this package; {@code web} and {@code internal} are private.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Selection")
package org.kehou.selection;

import org.jspecify.annotations.NullMarked;
