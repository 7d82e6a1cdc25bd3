package org.kehou.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kehou.exchange.RecordSchemas;
import org.kehou.exchange.RecordType;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city admin's policy pages: compose (the body cleaned to the standard's safe HTML: scripts and event handlers
 * gone), refused input explained, attachments, publish → a policy record in the down feed (valid against its
 * schema, its attachment served at the feed's link), withdraw → a delete in the feed and the link gone; the list
 * with its filters and empty state; other roles refused.
 */
@SupervisionTest
class PolicyPagesTests {

	static final KehouUser CITY = PlatformRegistryPagesTests.CITY;

	static final KehouUser TOWN = new KehouUser(-2, "test-town", "镇管理员", null, Role.TOWN_ADMIN,
			new Scope(Role.TOWN_ADMIN, 1L, null, null, null), null, false, false, true);

	static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	RecordSchemas schemas;

	String tag = UUID.randomUUID().toString().substring(0, 8);

	long compose(String title, String body) throws Exception {
		MvcResult result = mvc.perform(post("/console/supervision/policies").with(user(CITY)).with(csrf())
			.param("title", title)
			.param("kind", "notice")
			.param("audiences", "all-guardians", "school-admins")
			.param("townCode", "")
			.param("body", body))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String location = result.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/console/supervision/policies/");
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	String page(String path) throws Exception {
		return mvc.perform(get(path).with(user(CITY))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	long feedRows(long id, String op) {
		return jdbc.sql("SELECT count(*) FROM sup_feed WHERE record_type = 'policy' AND record_id = :id AND op = :op")
			.param("id", "pol-" + id).param("op", op).query(Long.class).single();
	}

	@Test
	void composedBodiesAreCleanedToTheSafeSubset() throws Exception {
		long id = compose("关于课后服务的通知" + tag, """
				<p onclick="steal()">各学校：<strong>请</strong>按时<a href="javascript:alert(1)">报名</a>，详见
				<a href="https://city.example/guide">指引</a>。</p><script>alert('x')</script>
				<img src=x onerror=alert(1)><h2 style="color:red">时间</h2><table><tr><td>周一</td></tr></table>""");
		String stored = jdbc.sql("SELECT body_html FROM sup_policy WHERE id = :id").param("id", id)
			.query(String.class).single();
		assertThat(stored).doesNotContain("<script", "onclick", "onerror", "javascript:", "<img", "style=", "alert")
			.contains("<strong>请</strong>", "<a href=\"https://city.example/guide\" rel=\"noopener noreferrer\">指引</a>",
					"<h2>时间</h2>", "<td>周一</td>", "各学校：");
		String shown = page("/console/supervision/policies/" + id);
		assertThat(shown).contains("关于课后服务的通知" + tag, "草稿", "<strong>请</strong>").doesNotContain("steal()");

		// plain text becomes paragraphs, escaped
		long plain = compose("纯文本" + tag, "第一段 <b 不是标签\n\n第二段");
		// a '<' makes it HTML: jsoup keeps the text and drops the unknown tag
		assertThat(jdbc.sql("SELECT body_html FROM sup_policy WHERE id = :id").param("id", plain).query(String.class)
			.single()).doesNotContain("<b");
		long text = compose("纯文本二" + tag, "第一段\n第二行\n\n第二段 & 其他");
		assertThat(jdbc.sql("SELECT body_html FROM sup_policy WHERE id = :id").param("id", text).query(String.class)
			.single()).isEqualTo("<p>第一段<br>第二行</p><p>第二段 &amp; 其他</p>");
	}

	@Test
	void refusedInputIsExplainedAndNothingIsStored() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM sup_policy").query(Long.class).single();
		String page = mvc.perform(post("/console/supervision/policies").with(user(CITY)).with(csrf())
			.param("title", "只有脚本" + tag)
			.param("kind", "notice")
			.param("audiences", "teachers")
			.param("body", "<script>alert(1)</script>"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("请填写正文", "只有脚本" + tag);
		String noAudience = mvc.perform(post("/console/supervision/policies").with(user(CITY)).with(csrf())
			.param("title", "无对象" + tag)
			.param("kind", "notice")
			.param("body", "正文"))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(noAudience).contains("请至少选择一个发布对象");
		assertThat(jdbc.sql("SELECT count(*) FROM sup_policy").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void publishingPutsItInTheFeedAndWithdrawingDeletesIt() throws Exception {
		long id = compose("春季课后服务安排" + tag, "<p>请各校做好安排。</p>");
		// an attachment: only PDF, images and Word documents
		mvc.perform(multipart("/console/supervision/policies/{id}/attachments", id)
			.file(new MockMultipartFile("file", "evil.pdf", "application/pdf", "<html>".getBytes()))
			.with(user(CITY)).with(csrf()))
			.andExpect(flash().attribute("error", "只接受 PDF、PNG/JPEG 图片和 Word（.docx）文档。"));
		mvc.perform(multipart("/console/supervision/policies/{id}/attachments", id)
			.file(new MockMultipartFile("file", "../指引.pdf", "application/pdf", PDF))
			.with(user(CITY)).with(csrf()))
			.andExpect(flash().attribute("flash", "附件已添加。"));
		String token = jdbc.sql("SELECT token FROM sup_policy_attachment WHERE policy_id = :id").param("id", id)
			.query(String.class).single();
		assertThat(jdbc.sql("SELECT name FROM sup_policy_attachment WHERE policy_id = :id").param("id", id)
			.query(String.class).single()).isEqualTo("指引.pdf");
		// a draft is not in the feed and its file is not public
		assertThat(feedRows(id, "upsert")).isZero();
		mvc.perform(get("/exchange/v1/policy-files").param("t", token)).andExpect(status().isNotFound());

		mvc.perform(post("/console/supervision/policies/{id}/publish", id).with(user(CITY)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "已发布，已推送到下行数据。"));
		assertThat(feedRows(id, "upsert")).isEqualTo(1);
		JsonNode data = json.readTree(jdbc.sql("""
				SELECT data::text FROM sup_down_record WHERE record_type = 'policy' AND record_id = :id AND NOT deleted""")
			.param("id", "pol-" + id).query(String.class).single());
		assertThat(schemas.problems(RecordType.POLICY, data)).isEmpty();
		assertThat(data.get("title").asString()).isEqualTo("春季课后服务安排" + tag);
		assertThat(data.get("bodyHtml").asString()).isEqualTo("<p>请各校做好安排。</p>");
		assertThat(data.get("audiences").toString()).isEqualTo("[\"all-guardians\",\"school-admins\"]");
		assertThat(data.get("publishedAt").asString()).endsWith("+08:00");
		String url = data.get("attachments").get(0).get("url").asString();
		assertThat(url).endsWith("/exchange/v1/policy-files?t=" + token);
		byte[] served = mvc.perform(get("/exchange/v1/policy-files").param("t", token))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsByteArray();
		assertThat(served).isEqualTo(PDF);
		// published: no more changes
		mvc.perform(post("/console/supervision/policies/{id}", id).with(user(CITY)).with(csrf())
			.param("title", "改标题").param("kind", "notice").param("audiences", "teachers").param("body", "x"))
			.andExpect(status().isOk());
		assertThat(jdbc.sql("SELECT title FROM sup_policy WHERE id = :id").param("id", id).query(String.class).single())
			.isEqualTo("春季课后服务安排" + tag);

		mvc.perform(post("/console/supervision/policies/{id}/withdraw", id).with(user(CITY)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "已撤回，各平台下次同步时删除。"));
		assertThat(feedRows(id, "delete")).isEqualTo(1);
		mvc.perform(get("/exchange/v1/policy-files").param("t", token)).andExpect(status().isNotFound());
		assertThat(page("/console/supervision/policies/" + id)).contains("已撤回");
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE target_type = 'policy' AND target_id = :id")
			.param("id", String.valueOf(id)).query(Long.class).single()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void theListFiltersAndPagesAndOtherRolesAreRefused() throws Exception {
		long id = compose("筛选用政策" + tag, "正文");
		assertThat(page("/console/supervision/policies")).contains("政策发布", "筛选用政策" + tag, "立即同步");
		assertThat(page("/console/supervision/policies?kind=policy&status=draft")).doesNotContain("筛选用政策" + tag);
		assertThat(page("/console/supervision/policies?kind=notice&status=draft")).contains("筛选用政策" + tag);
		assertThat(page("/console/supervision/policies?status=withdrawn&kind=policy&page=7"))
			.contains("没有符合条件的政策或通知");
		assertThat(page("/console/supervision/policies/new")).contains("保存草稿", "全体家长", "/js/policy-editor.js", "加粗");
		mvc.perform(get("/console/supervision/policies").with(user(TOWN))).andExpect(status().isForbidden());
		mvc.perform(get("/console/supervision/policies/{id}", id).with(user(TOWN))).andExpect(status().isForbidden());
		mvc.perform(post("/console/supervision/policies/{id}/publish", id).with(user(TOWN)).with(csrf()))
			.andExpect(status().isForbidden());
		assertThat(jdbc.sql("SELECT status FROM sup_policy WHERE id = :id").param("id", id).query(String.class)
			.single()).isEqualTo("draft");
		mvc.perform(post("/console/supervision/feed/refresh").with(user(CITY)).with(csrf()))
			.andExpect(status().is3xxRedirection());
	}
}
