/**
 * Courses: the course catalogue (课程) of providers and schools, the town offices' review of providers' courses with
 * the fee cap in force checked on every submission, and each school's term programme (课程遴选) drawn from the
 * courses admitted in its town.
 * <p>
 * Other modules use the services and view records of this package; {@code web} and {@code internal} are private.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
@org.springframework.modulith.ApplicationModule(displayName = "Courses")
package org.kehou.courses;

import org.jspecify.annotations.NullMarked;
