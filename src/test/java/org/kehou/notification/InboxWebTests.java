package org.kehou.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The inbox API and pages, the bell and the preferences, through MockMvc on the real database. */
@DemoCityTest
class InboxWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Notifications notifications;

	@Autowired
	JdbcClient jdbc;


	InboxWorld world;

	@BeforeEach
	void world() {
		world = new InboxWorld(jdbc);
	}

	@Test
	void theApiCountsListsAndMarksReadTheCallersMessagesOnly() throws Exception {
		KehouUser me = world.guardian();
		KehouUser other = world.guardian();
		notifications.sendAll(List.of(new Notice(me.id(), "attendance.absent", "缺勤提醒", "孩子未到", "/m/children", null),
				new Notice(me.id(), "selection.place", "选课结果", "已选上"),
				new Notice(other.id(), "selection.place", "别人的消息", "不可见")));
		long othersMessage = jdbc.sql("SELECT id FROM inbox_message WHERE recipient_user_id = :u").param("u", other.id())
			.query(Long.class).single();

		mvc.perform(get("/api/v1/inbox/unread-count").with(user(me))).andExpect(status().isOk())
			.andExpect(jsonPath("$.unread").value(2));
		mvc.perform(get("/api/v1/inbox?page=1&size=1").with(user(me))).andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.totalPages").value(2))
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].title").value("选课结果"));
		String body = mvc.perform(get("/api/v1/inbox").with(user(me))).andReturn().getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(body).contains("缺勤提醒").doesNotContain("别人的消息");

		// another's message: 404, and it stays unread
		mvc.perform(post("/api/v1/inbox/{id}/read", othersMessage).with(user(me)).with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT read_at IS NULL FROM inbox_message WHERE id = :id").param("id", othersMessage)
			.query(Boolean.class).single()).isTrue();

		long mine = jdbc.sql("SELECT id FROM inbox_message WHERE recipient_user_id = :u AND topic = 'attendance.absent'")
			.param("u", me.id()).query(Long.class).single();
		mvc.perform(post("/api/v1/inbox/{id}/read", mine).with(user(me)).with(csrf())).andExpect(status().isOk())
			.andExpect(jsonPath("$.readAt").isNotEmpty());
		mvc.perform(get("/api/v1/inbox/unread-count").with(user(me))).andExpect(jsonPath("$.unread").value(1));
		mvc.perform(post("/api/v1/inbox/read-all").with(user(me)).with(csrf())).andExpect(status().isOk())
			.andExpect(jsonPath("$.marked").value(1));
		mvc.perform(get("/api/v1/inbox/unread-count").with(user(me))).andExpect(jsonPath("$.unread").value(0));
		mvc.perform(get("/api/v1/inbox/unread-count").with(user(other))).andExpect(jsonPath("$.unread").value(1));
	}

	@Test
	void badPagingIsAProblemDetail() throws Exception {
		KehouUser me = world.staff();
		mvc.perform(get("/api/v1/inbox?size=101").with(user(me)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("100")));
		mvc.perform(get("/api/v1/inbox?page=0").with(user(me))).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(get("/api/v1/inbox?page=x").with(user(me))).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(post("/api/v1/inbox/not-a-number/read").with(user(me)).with(csrf()))
			.andExpect(status().isNotFound());
	}

	@Test
	void theInboxPageShowsAnEmptyStateThenMessagesAndOpeningOneFollowsItsLink() throws Exception {
		KehouUser me = world.staff();
		mvc.perform(get("/m/inbox").with(user(me))).andExpect(status().isOk())
			.andExpect(content().string(containsString("暂无消息")));
		mvc.perform(get("/m/inbox?lang=en").with(user(me))).andExpect(content().string(containsString("No messages")));

		notifications.send(new Notice(me.id(), "attendance.roll-overdue", "未点名提醒", "书法课仍未点名", "/console", null));
		long id = jdbc.sql("SELECT id FROM inbox_message WHERE recipient_user_id = :u").param("u", me.id())
			.query(Long.class).single();
		mvc.perform(get("/m/inbox").with(user(me))).andExpect(status().isOk())
			.andExpect(content().string(containsString("未点名提醒")))
			.andExpect(content().string(containsString("全部标为已读")));
		mvc.perform(get("/m/inbox").with(user(me))).andExpect(content().string(containsString("<span class=\"count\">1</span>")));

		mvc.perform(post("/m/inbox/{id}/read", id).param("open", "true").with(user(me)).with(csrf()))
			.andExpect(redirectedUrl("/console"));
		mvc.perform(get("/m/inbox").with(user(me))).andExpect(content().string(not(containsString("class=\"count\""))));
		mvc.perform(post("/m/inbox/read-all").with(user(me)).with(csrf())).andExpect(redirectedUrl("/m/inbox"));
	}

	@Test
	void bothLayoutsCarryTheBellWithTheUnreadCount() throws Exception {
		KehouUser staff = world.staff();
		mvc.perform(get("/console").with(user(staff))).andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"bell\" href=\"/m/inbox\"")))
			.andExpect(content().string(not(containsString("class=\"count\""))));
		notifications.sendAll(List.of(new Notice(staff.id(), "selection.place", "一", "一"),
				new Notice(staff.id(), "selection.place", "二", "二")));
		mvc.perform(get("/console").with(user(staff)))
			.andExpect(content().string(containsString("<span class=\"count\">2</span>")));
		mvc.perform(get("/m").with(user(world.guardian()))).andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"bell\" href=\"/m/inbox\"")));
		mvc.perform(get("/api/v1/inbox/unread-count").with(user(staff)))
			.andExpect(content().string(not(containsString("bell"))));
	}

	@Test
	void aGuardianSwitchesSmsOffForAttendanceAlertsOthersMayNot() throws Exception {
		KehouUser guardian = world.guardian();
		mvc.perform(get("/api/v1/notification-preferences").with(user(guardian))).andExpect(status().isOk())
			.andExpect(jsonPath("$.channels[0]").value("sms"))
			.andExpect(jsonPath("$.groups[0].group").value("SESSIONS"))
			.andExpect(jsonPath("$.groups[1].name").value("考勤提醒"))
			.andExpect(jsonPath("$.groups[1].channels.sms").value(true));
		mvc.perform(put("/api/v1/notification-preferences").with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"preferences\":[{\"group\":\"ATTENDANCE\",\"channel\":\"sms\",\"enabled\":false}]}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.groups[1].channels.sms").value(false))
			.andExpect(jsonPath("$.groups[2].channels.sms").value(true));

		mvc.perform(put("/api/v1/notification-preferences").with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"preferences\":[{\"group\":\"ATTENDANCE\",\"channel\":\"pigeon\",\"enabled\":true}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(put("/api/v1/notification-preferences").with(user(guardian)).with(csrf())
			.contentType(MediaType.APPLICATION_JSON).content("{\"preferences\":[{\"group\":\"ATTENDANCE\"}]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors").isNotEmpty());

		// the page: ticked boxes are on; saving without the box switches it off
		mvc.perform(get("/m/notification-preferences").with(user(guardian))).andExpect(status().isOk())
			.andExpect(content().string(containsString("考勤提醒")));
		mvc.perform(post("/m/notification-preferences").param("sms.SELECTION", "on").with(user(guardian)).with(csrf()))
			.andExpect(redirectedUrl("/m/notification-preferences"));
		mvc.perform(get("/api/v1/notification-preferences").with(user(guardian)))
			.andExpect(jsonPath("$.groups[2].channels.sms").value(true))
			.andExpect(jsonPath("$.groups[0].channels.sms").value(false));

		mvc.perform(get("/api/v1/notification-preferences").with(user(world.staff()))).andExpect(status().isForbidden());
	}
}
