/** Internals of the courses module: the scope resolver for {@code courseId}. */
@NullMarked
package org.kehou.courses.internal;

import org.jspecify.annotations.NullMarked;
