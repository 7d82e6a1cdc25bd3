/** The reporting module's implementation (private). */
@NullMarked
package org.kehou.reporting.internal;

import org.jspecify.annotations.NullMarked;
