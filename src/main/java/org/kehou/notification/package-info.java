/**
 * Notification: delivery channels to people's phones. For now one channel, {@link org.kehou.notification.SmsChannel};
 * the default implementation only writes the message to the log ({@link org.kehou.notification.LoggingSmsChannel}),
 * a real SMS gateway adapter replaces it by contributing its own {@code SmsChannel} bean.
 */
@NullMarked
package org.kehou.notification;

import org.jspecify.annotations.NullMarked;
