package org.kehou.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kehou.identity.Owner;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.notification.Notice;
import org.kehou.notification.Recipient;

/** What the SMS and WeChat channels hand to their gateways, and whose scope an inbox message lies in. */
class ChannelsTests {

	Notice notice = new Notice(7, "attendance.absent", "缺勤提醒", "孩子未到", "/m/children/3/attendance", null);

	@Test
	void smsUsesTheNoticeTemplateWithTitleAndBodyAndReachesOnlyAccountsWithAPhone() {
		List<String> sent = new ArrayList<>();
		var sms = new SmsDeliveryChannel((phone, template, params) -> sent.add(phone + " " + template + " " + params.get("title")
				+ " " + params.get("body")));
		assertThat(sms.name()).isEqualTo("sms");
		assertThat(sms.reaches(new Recipient(7, Role.TEACHER, null))).isFalse();
		Recipient guardian = new Recipient(7, Role.GUARDIAN, "13500000001");
		assertThat(sms.reaches(guardian)).isTrue();
		sms.deliver(guardian, notice);
		assertThat(sent).containsExactly("13500000001 notice 缺勤提醒 孩子未到");
		assertThat(guardian.toString()).doesNotContain("13500000001").contains("135****0001");
	}

	@Test
	void weChatSendsTheConfiguredTemplateWithTheLink() {
		List<String> sent = new ArrayList<>();
		var wechat = new WeChatDeliveryChannel((userId, templateId, data, link) -> sent.add(userId + " " + templateId + " "
				+ data.get("title") + " " + data.get("body") + " " + data.get("topic") + " " + link),
				new NotificationProperties(new NotificationProperties.WeChat("tpl-1"), 1, 1, 1, Duration.ZERO));
		assertThat(wechat.name()).isEqualTo("wechat");
		wechat.deliver(new Recipient(7, Role.GUARDIAN, null), notice);
		assertThat(sent).containsExactly("7 tpl-1 缺勤提醒 孩子未到 attendance.absent /m/children/3/attendance");
	}

	@Test
	void aMessageLiesInItsRecipientsScope() {
		Owner guardians = NotificationConfiguration.ownerOf(new Scope(Role.GUARDIAN, null, null, 5L, null));
		assertThat(new Scope(Role.GUARDIAN, null, null, 5L, null).covers(guardians)).isTrue();
		assertThat(new Scope(Role.GUARDIAN, null, null, 6L, null).covers(guardians)).isFalse();
		Owner teacher = NotificationConfiguration.ownerOf(new Scope(Role.TEACHER, 1L, 2L, null, null));
		assertThat(teacher.schoolIds()).isEqualTo(Set.of(2L));
		assertThat(new Scope(Role.SCHOOL_ADMIN, 1L, 3L, null, null).covers(teacher)).isFalse();
		assertThat(NotificationConfiguration.ownerOf(new Scope(Role.PROVIDER_ADMIN, null, null, null, 9L)).providerIds())
			.isEqualTo(Set.of(9L));
		assertThat(new Scope(Role.TOWN_ADMIN, 1L, null, null, null)
			.covers(NotificationConfiguration.ownerOf(new Scope(Role.CITY_ADMIN, null, null, null, null)))).isFalse();
	}
}
