package org.kehou.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sending on the real database with the application's own channels (SMS through the log-only gateway): the inbox
 * gets the notice in the sender's transaction, a rollback sends nothing, a dedup key delivers once (also when two
 * transactions race), the SMS goes out after commit to a guardian's phone only (staff are skipped), and the inbox is the current user's.
 */
@DemoCityTest
class NotificationsTests {

	@Autowired
	Notifications notifications;

	@Autowired
	Inbox inbox;

	@Autowired
	JdbcClient jdbc;


	@Autowired
	PlatformTransactionManager transactions;

	InboxWorld world;

	@BeforeEach
	void world() {
		world = new InboxWorld(jdbc);
	}

	@AfterEach
	void signOut() {
		InboxWorld.signOut();
	}

	@Test
	void aSentNoticeIsInTheRecipientsInboxUnread() {
		KehouUser guardian = world.guardian();
		notifications.send(new Notice(guardian.id(), "attendance.absent", "缺勤提醒", "孩子今天 15:30 的书法课未到。",
				"/m/children/12/attendance", null));

		InboxWorld.signIn(guardian);
		assertThat(inbox.unreadCount()).isOne();
		InboxPage page = inbox.page(1, 20);
		assertThat(page.total()).isOne();
		InboxMessage m = page.items().get(0);
		assertThat(m.topic()).isEqualTo("attendance.absent");
		assertThat(m.title()).isEqualTo("缺勤提醒");
		assertThat(m.body()).isEqualTo("孩子今天 15:30 的书法课未到。");
		assertThat(m.link()).isEqualTo("/m/children/12/attendance");
		assertThat(m.unread()).isTrue();
	}

	@Test
	void aRolledBackTransactionSendsNothing() {
		KehouUser guardian = world.guardian();
		new TransactionTemplate(transactions).executeWithoutResult(tx -> {
			notifications.send(new Notice(guardian.id(), "attendance.absent", "缺勤提醒", "不会发出"));
			assertThat(world.messages(guardian.id())).isOne(); // visible inside the transaction
			tx.setRollbackOnly();
		});
		assertThat(world.messages(guardian.id())).isZero();
		assertThat(jdbc.sql("""
				SELECT count(*) FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u""").param("u", guardian.id()).query(Long.class).single()).isZero();
	}

	@Test
	void theSameDedupKeyReachesARecipientOnceAnotherRecipientStillGetsIt() {
		KehouUser a = world.guardian();
		KehouUser b = world.guardian();
		Notice first = new Notice(a.id(), "attendance.absent", "缺勤提醒", "第一次", null, "absent:session-1:student-1");
		notifications.send(first);
		notifications.send(new Notice(a.id(), "attendance.absent", "缺勤提醒", "重试", null, "absent:session-1:student-1"));
		notifications.sendAll(List.of(
				new Notice(b.id(), "attendance.absent", "缺勤提醒", "给另一位家长", null, "absent:session-1:student-1"),
				new Notice(b.id(), "attendance.absent", "缺勤提醒", "同一批里重复", null, "absent:session-1:student-1")));
		notifications.send(new Notice(a.id(), "attendance.absent", "缺勤提醒", "没有去重键"));

		assertThat(world.messages(a.id())).isEqualTo(2);
		assertThat(world.messages(b.id())).isOne();
		assertThat(jdbc.sql("SELECT body FROM inbox_message WHERE recipient_user_id = :u AND dedup_key IS NOT NULL")
			.param("u", a.id()).query(String.class).single()).isEqualTo("第一次");
	}

	@Test
	void twoTransactionsSendingTheSameDedupKeyAtOnceStoreOneMessage() throws Exception {
		KehouUser guardian = world.guardian();
		TransactionTemplate tx = new TransactionTemplate(transactions);
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int n = i;
				done.add(pool.submit(() -> {
					start.await();
					tx.executeWithoutResult(s -> notifications.send(new Notice(guardian.id(), "attendance.absent",
							"缺勤提醒", "并发 " + n, null, "absent:session-9:student-9")));
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : done) {
				f.get(); // none failed
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(world.messages(guardian.id())).isOne();
	}

	@Test
	void theSmsGoesToAGuardiansPhoneAfterCommitAndAnAccountWithoutPhoneIsSkipped() {
		KehouUser guardian = world.guardian();
		KehouUser staff = world.staff();
		notifications.sendAll(List.of(new Notice(guardian.id(), "selection.place", "选课结果", "已选上书法。"),
				new Notice(staff.id(), "attendance.roll-overdue", "未点名提醒", "书法课 15:45 仍未点名。")));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(delivery(guardian.id())).containsEntry("status", "SENT").containsEntry("attempts", 1);
			assertThat(delivery(staff.id())).containsEntry("status", "SKIPPED");
		});
		assertThat(jdbc.sql("SELECT count(*) FROM inbox_message WHERE recipient_user_id IN (:a, :b) AND dispatched_at IS NULL")
			.param("a", guardian.id()).param("b", staff.id()).query(Long.class).single()).isZero();
	}

	@Test
	void aNoticeToAnUnknownAccountIsDroppedWithoutFailingTheSender() {
		long before = jdbc.sql("SELECT count(*) FROM inbox_message").query(Long.class).single();
		notifications.send(new Notice(Long.MAX_VALUE, "attendance.absent", "缺勤提醒", "无人接收"));
		assertThat(jdbc.sql("SELECT count(*) FROM inbox_message").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void markingReadIsTheCurrentUsersOwnAffair() {
		KehouUser mine = world.staff();
		KehouUser other = world.staff();
		notifications.sendAll(List.of(new Notice(mine.id(), "selection.place", "一", "一"),
				new Notice(mine.id(), "selection.place", "二", "二"), new Notice(other.id(), "selection.place", "三", "三")));
		long othersMessage = jdbc.sql("SELECT id FROM inbox_message WHERE recipient_user_id = :u").param("u", other.id())
			.query(Long.class).single();

		InboxWorld.signIn(mine);
		assertThat(inbox.unreadCount()).isEqualTo(2);
		assertThat(inbox.find(othersMessage)).isEmpty();
		assertThat(inbox.markRead(othersMessage)).isEmpty();
		long newest = inbox.page(1, 1).items().get(0).id();
		assertThat(inbox.markRead(newest)).get().extracting(InboxMessage::unread).isEqualTo(false);
		assertThat(inbox.markRead(newest)).isPresent(); // again: harmless
		assertThat(inbox.unreadCount()).isOne();
		assertThat(inbox.markAllRead()).isOne();
		assertThat(inbox.unreadCount()).isZero();

		InboxWorld.signIn(other);
		assertThat(inbox.unreadCount()).as("the other user's message stayed unread").isOne();
	}

	@Test
	void pagesAreNewestFirstAndBounded() {
		KehouUser user = world.staff();
		for (int i = 1; i <= 5; i++) {
			notifications.send(new Notice(user.id(), "selection.place", "第 " + i + " 条", "正文"));
		}
		InboxWorld.signIn(user);
		InboxPage first = inbox.page(1, 2);
		assertThat(first.items()).extracting(InboxMessage::title).containsExactly("第 5 条", "第 4 条");
		assertThat(first.totalPages()).isEqualTo(3);
		assertThat(first.hasNext()).isTrue();
		assertThat(inbox.page(3, 2).items()).extracting(InboxMessage::title).containsExactly("第 1 条");
		assertThatThrownBy(() -> inbox.page(1, Inbox.MAX_PAGE_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> inbox.page(0, 20)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aNoticeIsValidated() {
		assertThatThrownBy(() -> new Notice(1, "Attendance Absent", "t", "b")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(1, "attendance.absent", " ", "b")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(1, "attendance.absent", "t", "长".repeat(Notice.BODY_MAX + 1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(1, "attendance.absent", "t", "b", "https://evil.example/x", null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(1, "attendance.absent", "t", "b", "//evil.example/x", null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(1, "attendance.absent", "t", "b", null, " "))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice(0, "attendance.absent", "t", "b")).isInstanceOf(IllegalArgumentException.class);
		Notice ok = new Notice(1, "attendance.session-cancelled", " 课程取消 ", "明天停课", "/m/children/3/attendance", "k");
		assertThat(ok.title()).isEqualTo("课程取消");
		assertThat(ok.group()).isEqualTo(TopicGroup.SESSIONS);
		assertThat(TopicGroup.of("attendance.absent")).isEqualTo(TopicGroup.ATTENDANCE);
		assertThat(TopicGroup.of("selection.place")).isEqualTo(TopicGroup.SELECTION);
		assertThat(TopicGroup.of("billing.due")).isEqualTo(TopicGroup.OTHER);
	}

	private Map<String, Object> delivery(long userId) {
		return jdbc.sql("""
				SELECT d.status, d.attempts FROM notification_delivery d JOIN inbox_message m ON m.id = d.message_id
				WHERE m.recipient_user_id = :u AND d.channel = 'sms'""")
			.param("u", userId)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElse(Map.of());
	}
}
