/** Scope resolution and other internals of the organisation module. */
@NullMarked
package org.kehou.organisation.internal;

import org.jspecify.annotations.NullMarked;
