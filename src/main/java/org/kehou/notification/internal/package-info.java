/** Delivery to the external channels, preferences, settings (private to the module). */
@NullMarked
package org.kehou.notification.internal;

import org.jspecify.annotations.NullMarked;
