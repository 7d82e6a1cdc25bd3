package org.kehou.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.kehou.notification.DeliveryChannel;
import org.kehou.notification.InboxWorld;
import org.kehou.notification.Notice;
import org.kehou.notification.Notifications;
import org.kehou.notification.Recipient;
import org.kehou.notification.TopicGroup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * External delivery with test channels on the real database: after commit only, on other threads (a channel that
 * hangs does not hold up the sender), a throwing channel fails neither the sender nor the other channels and is
 * recorded and retried, and a guardian's preference switches a channel off for a topic group.
 */
@DemoCityTest
class DeliveriesTests {

	/** Records what it delivers; can be held at a latch or made to fail a number of times. */
	static class TestChannel implements DeliveryChannel {

		final String name;

		final List<Notice> delivered = new CopyOnWriteArrayList<>();

		final AtomicInteger failuresLeft = new AtomicInteger();

		volatile CountDownLatch hold = new CountDownLatch(0);

		TestChannel(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public boolean reaches(Recipient recipient) {
			return recipient.phone() != null;
		}

		@Override
		public void deliver(Recipient recipient, Notice notice) {
			try {
				hold.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			if (failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("gateway down");
			}
			delivered.add(notice);
		}
	}

	@Autowired
	JdbcClient jdbc;


	@Autowired
	Recipients recipients;

	@Autowired
	Preferences preferences;

	@Autowired
	PlatformTransactionManager transactions;

	TestChannel good = new TestChannel("test-good");

	TestChannel bad = new TestChannel("test-bad");

	Deliveries deliveries;

	Notifications notifications;

	InboxWorld world;

	@BeforeEach
	void channels() {
		deliveries = new Deliveries(jdbc, recipients, preferences, List.of(good, bad),
				new NotificationProperties(new NotificationProperties.WeChat("t"), 2, 100, 3, Duration.ZERO));
		notifications = new Notifications(jdbc, deliveries);
		world = new InboxWorld(jdbc);
	}

	@AfterEach
	void stop() {
		deliveries.destroy();
	}

	@Test
	void channelsAreCalledAfterCommitOnAnotherThreadAndAHangingOneDoesNotHoldUpTheSender() {
		KehouUser guardian = world.guardian();
		good.hold = new CountDownLatch(1);
		long started = System.nanoTime();
		new TransactionTemplate(transactions).executeWithoutResult(tx -> {
			notifications.send(new Notice(guardian.id(), "attendance.absent", "缺勤提醒", "孩子未到"));
			sleep(300);
			assertThat(good.delivered).as("nothing leaves before commit").isEmpty();
			assertThat(status(guardian.id(), "test-good")).isNull();
		});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the sender did not wait for the channel")
			.isLessThan(Duration.ofSeconds(3));
		assertThat(good.delivered).isEmpty();
		good.hold.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> good.delivered.size() == 1);
		assertThat(good.delivered.get(0).body()).isEqualTo("孩子未到");
		await().atMost(Duration.ofSeconds(5)).until(() -> "SENT".equals(status(guardian.id(), "test-good")));
	}

	@Test
	void aThrowingChannelFailsNeitherTheSenderNorTheOtherChannelAndIsRetried() {
		KehouUser guardian = world.guardian();
		bad.failuresLeft.set(1);
		notifications.send(new Notice(guardian.id(), "selection.place", "选课结果", "已选上"));

		await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(guardian.id(), "test-bad")));
		assertThat(status(guardian.id(), "test-good")).isEqualTo("SENT");
		assertThat(jdbc.sql("""
				SELECT d.attempts || ' ' || d.detail FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u AND d.channel = 'test-bad'""").param("u", guardian.id())
			.query(String.class).single()).startsWith("1 ").contains("gateway down");

		deliveries.sweep(); // retryAfter is zero here: due at once
		assertThat(status(guardian.id(), "test-bad")).isEqualTo("SENT");
		assertThat(bad.delivered).hasSize(1);
		assertThat(good.delivered).as("the good channel was not called again").hasSize(1);
		assertThat(attempts(guardian.id(), "test-bad")).isEqualTo(2);
	}

	@Test
	void aFailingChannelIsGivenUpAfterTheMaximumAttempts() {
		KehouUser guardian = world.guardian();
		bad.failuresLeft.set(10);
		notifications.send(new Notice(guardian.id(), "selection.place", "选课结果", "已选上"));
		await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(guardian.id(), "test-bad")));
		deliveries.sweep();
		deliveries.sweep();
		deliveries.sweep();
		assertThat(attempts(guardian.id(), "test-bad")).isEqualTo(3);
		assertThat(status(guardian.id(), "test-bad")).isEqualTo("FAILED");
		assertThat(bad.delivered).isEmpty();
	}

	@Test
	void aGuardianWhoSwitchedAChannelOffForAGroupIsNotReachedThereButStillInTheInbox() {
		KehouUser guardian = world.guardian();
		preferences.set(guardian.id(), TopicGroup.ATTENDANCE, "test-good", false);
		notifications.sendAll(List.of(new Notice(guardian.id(), "attendance.absent", "缺勤提醒", "孩子未到"),
				new Notice(guardian.id(), "selection.place", "选课结果", "已选上")));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id = :u AND dispatched_at IS NOT NULL")
				.param("u", guardian.id()).query(Long.class).single() == 2);
		assertThat(good.delivered).extracting(Notice::topic).containsExactly("selection.place");
		assertThat(bad.delivered).extracting(Notice::topic).containsExactlyInAnyOrder("attendance.absent", "selection.place");
		assertThat(jdbc.sql("""
				SELECT d.status || ' ' || d.detail FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u AND d.channel = 'test-good' AND m.topic = 'attendance.absent'""")
			.param("u", guardian.id()).query(String.class).single()).isEqualTo("SKIPPED opted out");
		assertThat(world.messages(guardian.id())).isEqualTo(2);
		assertThat(preferences.of(guardian.id(), List.of("test-good")).get(TopicGroup.ATTENDANCE))
			.containsEntry("test-good", false);
		assertThat(preferences.of(guardian.id(), List.of("test-good")).get(TopicGroup.SELECTION))
			.containsEntry("test-good", true);
	}

	@Test
	void theSweepDeliversWhatAStoppedNodeLeft() {
		KehouUser guardian = world.guardian();
		// stored by a node that stopped before its after-commit hand-off
		jdbc.sql("""
				INSERT INTO inbox_message (recipient_user_id, topic, title, body, created_at)
				VALUES (:u, 'attendance.absent', '缺勤提醒', '节点停机前写入', now() - interval '5 minutes')""")
			.param("u", guardian.id()).update();
		deliveries.sweep();
		assertThat(good.delivered).extracting(Notice::body).contains("节点停机前写入");
		assertThat(status(guardian.id(), "test-good")).isEqualTo("SENT");
		deliveries.sweep();
		assertThat(good.delivered).extracting(Notice::body).containsOnlyOnce("节点停机前写入");
	}

	private String status(long userId, String channel) {
		return jdbc.sql("""
				SELECT d.status FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u AND d.channel = :c""")
			.param("u", userId).param("c", channel).query(String.class).optional().orElse(null);
	}

	private int attempts(long userId, String channel) {
		return jdbc.sql("""
				SELECT d.attempts FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u AND d.channel = :c""")
			.param("u", userId).param("c", channel).query(Integer.class).single();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
