/**
 * The web shell: the two layouts (desktop console for administrators, phone pages for guardians and teachers),
 * role-specific home pages assembled from the {@link org.kehou.identity.NavigationItem}s and
 * {@link org.kehou.identity.HomeSection}s other modules contribute.
 */
@NullMarked
package org.kehou.portal;

import org.jspecify.annotations.NullMarked;
