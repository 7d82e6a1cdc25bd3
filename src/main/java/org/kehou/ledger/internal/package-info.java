/** Scope owners of ledger records (private to the module). */
@NullMarked
package org.kehou.ledger.internal;

import org.jspecify.annotations.NullMarked;
