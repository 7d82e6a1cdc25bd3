/** The notify endpoint and the sandbox's cashier page (private to the module). */
@NullMarked
package org.kehou.payment.web;

import org.jspecify.annotations.NullMarked;
