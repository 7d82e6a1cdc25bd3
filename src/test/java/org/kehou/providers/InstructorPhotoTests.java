package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Instructors' photos on the real database and the test directory {@code target/test-documents/instructors}:
 * JPEG/PNG by content, the size limit, nothing stored on refusal, replacement and deletion removing the old file,
 * scope, and the console pages.
 */
@DemoCityTest
class InstructorPhotoTests extends ProviderAccountsTests {

	static final Path DIRECTORY = ProviderDocumentsTests.DIRECTORY.resolve("instructors");

	static final byte[] PNG = ProviderDocumentsTests.PNG;

	/** A real 2×2 JPEG. */
	static final byte[] JPEG = jpeg();

	@Autowired
	MockMvc mvc;

	@Autowired
	InstructorPhotos photos;

	KehouUser provider;

	KehouUser other;

	long instructor;

	@BeforeEach
	void instructor() throws Exception {
		provider = newProvider("照片测试机构");
		other = newProvider("别家照片机构");
		String body = mvc.perform(post("/api/v1/providers/{p}/instructors", id(provider)).with(user(provider))
			.with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content(InstructorTests.json(InstructorTests.idNumber(), Instructors.today())))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		instructor = ((Number) JsonPath.read(body, "$.id")).longValue();
		// each run starts a fresh database whose ids repeat: files of an earlier run under this id go first
		org.springframework.util.FileSystemUtils.deleteRecursively(DIRECTORY.resolve(String.valueOf(instructor)));
	}

	static byte[] jpeg() {
		try {
			BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
			image.setRGB(0, 0, 0xCC3333);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(ImageIO.write(image, "jpg", out)).isTrue();
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	ResultActions put(KehouUser as, String name, String declaredType, byte[] bytes, String locale) throws Exception {
		return mvc.perform(multipart(HttpMethod.PUT, "/api/v1/instructors/{id}/photo", instructor)
			.file(new MockMultipartFile("file", name, declaredType, bytes))
			.param("lang", locale)
			.with(user(as))
			.with(csrf()));
	}

	/** The photo row as stored (empty map when there is none). */
	Map<String, Object> row() {
		return jdbc.sql("SELECT * FROM instructor_photo WHERE instructor_id = :id").param("id", instructor).query()
			.listOfRows().stream().findFirst().orElse(Map.of());
	}

	List<Path> files() throws IOException {
		Path dir = DIRECTORY.resolve(String.valueOf(instructor));
		if (!Files.exists(dir)) {
			return List.of();
		}
		try (Stream<Path> all = Files.walk(dir)) {
			return all.filter(Files::isRegularFile).toList();
		}
	}

	long audited(String action) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = :a AND target_type = 'instructor' AND target_id = :id")
			.param("a", action).param("id", String.valueOf(instructor)).query(Long.class).single();
	}

	@Test
	void aPngAndAJpegAreAcceptedServedBackByteIdenticalAndTheReplacedFileIsRemoved() throws Exception {
		// the declared type and the name are ignored: the content decides
		put(provider, "me.jpg", "image/jpeg", PNG, "en").andExpect(status().isOk())
			.andExpect(jsonPath("$.contentType").value("image/png"))
			.andExpect(jsonPath("$.size").value(PNG.length));
		List<Path> first = files();
		assertThat(first).hasSize(1);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, "image/png"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "private"))
			.andExpect(content().bytes(PNG));
		mvc.perform(get("/api/v1/instructors/{id}", instructor).with(user(provider)))
			.andExpect(jsonPath("$.hasPhoto").value(true));

		// replacing: the JPEG is served, the PNG's file is gone
		put(provider, "me.png", "image/png", JPEG, "en").andExpect(status().isOk())
			.andExpect(jsonPath("$.contentType").value("image/jpeg"));
		assertThat(files()).hasSize(1).doesNotContainAnyElementsOf(first);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, "image/jpeg"))
			.andExpect(content().bytes(JPEG));
		assertThat(audited("instructor.photo.upload")).isEqualTo(2);

		// the offices of the towns the provider applied to and the city see it too
		long town = jdbc.sql("SELECT id FROM town ORDER BY id LIMIT 1").query(Long.class).single();
		jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'PENDING')")
			.param("p", id(provider)).param("t", town).update();
		for (KehouUser viewer : List.of(account("TOWN_ADMIN", town, null), account("CITY_ADMIN", null, null))) {
			mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(viewer)))
				.andExpect(status().isOk())
				.andExpect(content().bytes(JPEG));
		}
		// viewing is not audited, only changes
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action LIKE 'instructor.photo.%' AND target_id = :id")
			.param("id", String.valueOf(instructor)).query(Long.class).single()).isEqualTo(2);

		// deleting: row and file go; then there is nothing to serve or delete
		mvc.perform(delete("/api/v1/instructors/{id}/photo", instructor).with(user(provider)).with(csrf()))
			.andExpect(status().isNoContent());
		assertThat(row()).isEmpty();
		assertThat(files()).isEmpty();
		assertThat(audited("instructor.photo.delete")).isEqualTo(1);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(provider)))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.status").value(404));
		mvc.perform(delete("/api/v1/instructors/{id}/photo", instructor).with(user(provider)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/instructors/{id}", instructor).with(user(provider)))
			.andExpect(jsonPath("$.hasPhoto").value(false));
	}

	@Test
	void aRenamedExecutableAPdfAndAnEmptyFileAreRefusedAndNothingChanges() throws Exception {
		byte[] exe = new byte[64];
		exe[0] = 'M';
		exe[1] = 'Z';
		// without a photo: nothing is stored
		put(provider, "photo.jpg", "image/jpeg", exe, "zh_CN").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("JPG 或 PNG")));
		assertThat(row()).isEmpty();
		assertThat(files()).isEmpty();

		// with a photo: it stays as it was
		put(provider, "photo.png", "image/png", PNG, "en").andExpect(status().isOk());
		Map<String, Object> before = row();
		List<Path> filesBefore = files();
		put(provider, "photo.jpg", "image/jpeg", exe, "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("Only JPG or PNG")));
		put(provider, "photo.png", "image/png", ProviderDocumentsTests.PDF, "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("Only JPG or PNG")));
		put(provider, "photo.png", "image/png", new byte[0], "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("empty")));
		mvc.perform(multipart(HttpMethod.PUT, "/api/v1/instructors/{id}/photo", instructor).with(user(provider))
			.with(csrf())).andExpect(status().isBadRequest());
		assertThat(row()).isEqualTo(before);
		assertThat(files()).isEqualTo(filesBefore);
		assertThat(audited("instructor.photo.upload")).isEqualTo(1);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(provider)))
			.andExpect(content().bytes(PNG));
	}

	@Test
	void anOversizePhotoIsRefusedNamingTheLimit() throws Exception {
		byte[] big = new byte[2 * 1024 * 1024 + 1];
		System.arraycopy(PNG, 0, big, 0, PNG.length);
		put(provider, "big.png", "image/png", big, "zh_CN").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("上限为 2 MB")));
		put(provider, "big.png", "image/png", big, "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("the limit is 2 MB")));
		assertThat(row()).isEmpty();
		assertThat(files()).isEmpty();
		// exactly the limit is fine
		put(provider, "big.png", "image/png", java.util.Arrays.copyOf(big, 2 * 1024 * 1024), "en")
			.andExpect(status().isOk());
		assertThat(files()).hasSize(1);
	}

	@Test
	void whenTheRowCannotBeWrittenTheFileIsDeletedAgain() throws Exception {
		long unknown = 900_000_000L + instructor;
		org.springframework.util.FileSystemUtils.deleteRecursively(DIRECTORY.resolve(String.valueOf(unknown)));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> photos.upload(unknown, PNG));
		assertThat(DIRECTORY.resolve(String.valueOf(unknown))).satisfiesAnyOf(
				dir -> assertThat(dir).doesNotExist(),
				dir -> assertThat(dir).isEmptyDirectory());
		assertThat(photos.find(unknown)).isEmpty();
	}

	@Test
	void anotherProviderGets404AndAnotherTownToo() throws Exception {
		put(provider, "me.png", "image/png", PNG, "en").andExpect(status().isOk());
		Map<String, Object> before = row();
		long otherTown = jdbc.sql("SELECT id FROM town ORDER BY id DESC LIMIT 1").query(Long.class).single();
		KehouUser elsewhere = account("TOWN_ADMIN", otherTown, null);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(other))).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(elsewhere)))
			.andExpect(status().isNotFound());
		put(other, "x.jpg", "image/jpeg", JPEG, "en").andExpect(status().isNotFound());
		mvc.perform(delete("/api/v1/instructors/{id}/photo", instructor).with(user(other)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(multipart("/console/instructors/{id}/photo", instructor)
			.file(new MockMultipartFile("file", "x.jpg", "image/jpeg", JPEG)).with(user(other)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/instructors/{id}/photo/delete", instructor).with(user(other)).with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(row()).isEqualTo(before);
		assertThat(files()).hasSize(1);
		mvc.perform(get("/api/v1/instructors/{id}/photo", instructor).with(user(provider)))
			.andExpect(content().bytes(PNG));
	}

	@Test
	void theConsoleShowsUploadsReplacesAndDeletesThePhoto() throws Exception {
		String src = "/api/v1/instructors/" + instructor + "/photo";
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("avatar initials")))
			.andExpect(content().string(not(containsString(src))));
		mvc.perform(get("/console/instructors/{id}", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("enctype=\"multipart/form-data\"")))
			.andExpect(content().string(containsString("尚未上传照片")))
			.andExpect(content().string(containsString("不超过 2 MB")));

		mvc.perform(multipart("/console/instructors/{id}/photo", instructor)
			.file(new MockMultipartFile("file", "photo.exe.jpg", "image/jpeg", new byte[] { 'M', 'Z', 0 }))
			.with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("error", containsString("JPG 或 PNG")));
		assertThat(row()).isEmpty();
		assertThat(files()).isEmpty();

		mvc.perform(multipart("/console/instructors/{id}/photo", instructor)
			.file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", JPEG)).with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "照片已保存。"));
		mvc.perform(get("/console/instructors/{id}", instructor).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("src=\"" + src + "\"")))
			.andExpect(content().string(containsString("更换照片")))
			.andExpect(content().string(containsString("data-confirm=\"确定删除该教师的照片？\"")));
		mvc.perform(get("/console/providers/{p}/instructors", id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"avatar\"")))
			.andExpect(content().string(containsString("src=\"" + src + "\"")));

		mvc.perform(post("/console/instructors/{id}/photo/delete", instructor).with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flash", "照片已删除。"));
		assertThat(row()).isEmpty();
		assertThat(files()).isEmpty();
	}
}
