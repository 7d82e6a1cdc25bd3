/**
 * People: students, guardians and school staff; the roster import; consent to the privacy notice and guardians'
 * data rights; protection of personal data (invariant 6).
 * <p>
 * Other modules use the services of this package ({@link org.kehou.people.Students}, {@link org.kehou.people.Guardians},
 * {@link org.kehou.people.Staff}, {@link org.kehou.people.Consents}) and their view records; {@code web} and
 * {@code internal} are private. ID numbers and phone numbers leave this module only in masked form.
 */
@NullMarked
@org.kehou.shared.PlatformRole(org.kehou.shared.DeploymentRole.SERVICE)
package org.kehou.people;

import org.jspecify.annotations.NullMarked;
