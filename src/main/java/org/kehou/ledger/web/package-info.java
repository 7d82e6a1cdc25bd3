/** The ledger's console page and JSON API (private to the module). */
@NullMarked
package org.kehou.ledger.web;

import org.jspecify.annotations.NullMarked;
