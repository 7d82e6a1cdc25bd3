/**
 * Notification: every account's in-app inbox and the external delivery channels.
 * <p>
 * Other modules send with {@link org.kehou.notification.Notifications} ({@code send(Notice)}, {@code sendAll}): the
 * inbox message is stored in the sender's transaction, the external channels ({@link
 * org.kehou.notification.DeliveryChannel}: SMS, WeChat template messages, switched on by configuration) are called
 * after commit on the module's own threads, as each guardian chose per {@link org.kehou.notification.TopicGroup}.
 * {@link org.kehou.notification.Inbox} is the signed-in user's read side. The gateways are ports with log-only
 * implementations: {@link org.kehou.notification.SmsChannel} (also used directly for one-time codes and a few
 * templated texts) and {@link org.kehou.notification.WeChatTemplateMessages}; an adapter replaces one by
 * contributing a {@code @Primary} bean. See docs/notification.md.
 */
@NullMarked
package org.kehou.notification;

import org.jspecify.annotations.NullMarked;
