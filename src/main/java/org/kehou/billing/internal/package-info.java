/** Billing's internals: owner resolvers, configuration, PDF drawing. */
@NullMarked
package org.kehou.billing.internal;

import org.jspecify.annotations.NullMarked;
