package org.kehou.notification;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One notice to one account: what the inbox shows and what the external channels (SMS, WeChat) carry.
 *
 * @param recipientUserId the account ({@code app_user.id}) it is for
 * @param topic what it is about, lower-case dotted, e.g. {@code attendance.absent}, {@code selection.place}; decides
 * the {@link TopicGroup} whose preferences apply
 * @param title a short headline, already rendered (Chinese), at most {@value #TITLE_MAX} characters
 * @param body the text, already rendered, at most {@value #BODY_MAX} characters
 * @param link where the notice leads inside the application, a relative path such as
 * {@code /m/children/12/attendance}; null for none
 * @param dedupKey the same recipient gets a notice with the same key once only (e.g. a retried absence alert:
 * {@code absent:session-88:student-12}); null for no de-duplication
 */
public record Notice(long recipientUserId, String topic, String title, String body, @Nullable String link,
		@Nullable String dedupKey) {

	public static final int TOPIC_MAX = 64;

	public static final int TITLE_MAX = 100;

	public static final int BODY_MAX = 1000;

	public static final int LINK_MAX = 300;

	public static final int DEDUP_KEY_MAX = 200;

	private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+");

	/** A path of this application: starts with one slash, no scheme, host or white space. */
	private static final Pattern LINK = Pattern.compile("/(?![/\\\\])[^\\s]*");

	/** @throws IllegalArgumentException when a part is missing, too long or malformed */
	public Notice {
		if (recipientUserId <= 0) {
			throw new IllegalArgumentException("recipientUserId must be positive");
		}
		if (topic == null || topic.length() > TOPIC_MAX || !TOPIC.matcher(topic).matches()) {
			throw new IllegalArgumentException("topic must be lower-case dotted words (e.g. attendance.absent), at most "
					+ TOPIC_MAX + " characters: " + topic);
		}
		title = required("title", title, TITLE_MAX);
		body = required("body", body, BODY_MAX);
		if (link != null && (link.length() > LINK_MAX || !LINK.matcher(link).matches())) {
			throw new IllegalArgumentException("link must be a relative path of the application (e.g. /m/inbox), at most "
					+ LINK_MAX + " characters");
		}
		if (dedupKey != null && (dedupKey.isBlank() || dedupKey.length() > DEDUP_KEY_MAX)) {
			throw new IllegalArgumentException("dedupKey must be null or 1 to " + DEDUP_KEY_MAX + " characters");
		}
	}

	/** A notice without link and de-duplication. */
	public Notice(long recipientUserId, String topic, String title, String body) {
		this(recipientUserId, topic, title, body, null, null);
	}

	public TopicGroup group() {
		return TopicGroup.of(topic);
	}

	private static String required(String name, @Nullable String value, int max) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " is required");
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new IllegalArgumentException(name + " is longer than " + max + " characters");
		}
		return trimmed;
	}
}
