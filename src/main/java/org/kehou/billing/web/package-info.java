/** Billing's pages and API. */
@NullMarked
package org.kehou.billing.web;

import org.jspecify.annotations.NullMarked;
