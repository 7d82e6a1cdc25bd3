package org.kehou.notification;

/**
 * A way a notice reaches a person outside the application (SMS, a WeChat template message …), called after the
 * sender's transaction committed, on the notification module's own threads. The in-app inbox is not one of them: it
 * is written in the sender's transaction and always receives every notice.
 * <p>
 * A channel is a bean; the module's configuration switches each one on or off
 * ({@code kehou.notification.channels.<name>.enabled}). A gateway adapter plugs in behind the channel (for SMS:
 * a {@code @Primary} {@link SmsChannel} bean).
 */
public interface DeliveryChannel {

	/** The channel's name in configuration, preferences and delivery records: {@code sms}, {@code wechat}. */
	String name();

	/** Whether the channel can reach this recipient at all (e.g. has a phone number); if not, it is skipped. */
	boolean reaches(Recipient recipient);

	/**
	 * Delivers the notice; returns normally once the gateway accepted it.
	 *
	 * @throws RuntimeException when delivery failed (recorded and retried a few times; never reaches the sender)
	 */
	void deliver(Recipient recipient, Notice notice);
}
