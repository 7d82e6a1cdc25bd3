/** The exchange module's web endpoints (private). */
@NullMarked
package org.kehou.exchange.web;

import org.jspecify.annotations.NullMarked;
