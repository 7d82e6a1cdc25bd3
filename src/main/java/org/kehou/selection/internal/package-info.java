/** The selection module's wiring: scope resolvers and configuration. */
@NullMarked
package org.kehou.selection.internal;

import org.jspecify.annotations.NullMarked;
