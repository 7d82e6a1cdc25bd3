/** The supervision module's implementation (private). */
@NullMarked
package org.kehou.supervision.internal;

import org.jspecify.annotations.NullMarked;
