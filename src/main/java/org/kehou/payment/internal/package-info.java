/** The sandbox gateway (its "bank side"), settings and access rules (private to the module). */
@NullMarked
package org.kehou.payment.internal;

import org.jspecify.annotations.NullMarked;
