/** The exchange module's implementation (private). */
@NullMarked
package org.kehou.exchange.internal;

import org.jspecify.annotations.NullMarked;
