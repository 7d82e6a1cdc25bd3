package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.kehou.identity.KehouUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Provider documents on the real database and the test directory {@code target/test-documents}: type by content,
 * size limit, nothing stored on refusal, download by the town reviewer, other providers refused.
 */
@DemoCityTest
class ProviderDocumentsTests extends ProviderAccountsTests {

	static final Path DIRECTORY = Path.of("target/test-documents");

	/** A minimal but real PDF. */
	static final byte[] PDF = """
			%PDF-1.4
			1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
			2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
			trailer << /Root 1 0 R >>
			%%EOF
			""".getBytes(StandardCharsets.US_ASCII);

	/** A 1×1 PNG. */
	static final byte[] PNG = java.util.Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

	@Autowired
	MockMvc mvc;

	long town1;

	KehouUser provider;

	KehouUser other;

	KehouUser townOffice;

	@BeforeEach
	void accounts() throws IOException {
		town1 = jdbc.sql("SELECT town_id FROM app_user WHERE username = 'town1'").query(Long.class).single();
		provider = newProvider("文档机构");
		other = newProvider("另一机构");
		townOffice = account("TOWN_ADMIN", town1, null);
		// each run starts a fresh database whose ids repeat: files of an earlier run under these ids go first
		org.springframework.util.FileSystemUtils.deleteRecursively(DIRECTORY.resolve(String.valueOf(id(provider))));
		org.springframework.util.FileSystemUtils.deleteRecursively(DIRECTORY.resolve(String.valueOf(id(other))));
	}

	ResultActions upload(KehouUser as, String name, String declaredType, byte[] bytes, String locale) throws Exception {
		return mvc.perform(multipart("/api/v1/providers/" + id(provider) + "/documents")
			.file(new MockMultipartFile("file", name, declaredType, bytes))
			.param("kind", "BUSINESS_LICENCE")
			.param("lang", locale)
			.with(user(as))
			.with(csrf()));
	}

	long rows() {
		return jdbc.sql("SELECT count(*) FROM provider_document WHERE provider_id = :p").param("p", id(provider))
			.query(Long.class).single();
	}

	long files() throws IOException {
		Path dir = DIRECTORY.resolve(String.valueOf(id(provider)));
		if (!Files.exists(dir)) {
			return 0;
		}
		try (Stream<Path> all = Files.walk(dir)) {
			return all.filter(Files::isRegularFile).count();
		}
	}

	@Test
	void aRenamedExecutableIsRefusedAndNothingIsStored() throws Exception {
		byte[] exe = new byte[64];
		exe[0] = 'M';
		exe[1] = 'Z';
		upload(provider, "licence.pdf", "application/pdf", exe, "zh_CN").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("PDF")));
		upload(provider, "empty.pdf", "application/pdf", new byte[0], "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("empty")));
		assertThat(rows()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void anOversizeFileIsRefusedNamingTheLimit() throws Exception {
		byte[] big = new byte[10 * 1024 * 1024 + 1];
		System.arraycopy(PDF, 0, big, 0, PDF.length);
		upload(provider, "big.pdf", "application/pdf", big, "zh_CN").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("上限为 10 MB")));
		upload(provider, "big.pdf", "application/pdf", big, "en").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("the limit is 10 MB")));
		assertThat(rows()).isZero();
		assertThat(files()).isZero();
	}

	@Test
	void aPdfAndAPngAreAcceptedAndTheTownReviewerDownloadsThem() throws Exception {
		// declared types are ignored: the content decides
		upload(provider, "licence.pdf", "application/octet-stream", PDF, "en").andExpect(status().isCreated())
			.andExpect(jsonPath("$.contentType").value("application/pdf"));
		upload(provider, "C:\\scans\\permit.png", "image/jpeg", PNG, "en").andExpect(status().isCreated())
			.andExpect(jsonPath("$.contentType").value("image/png"))
			.andExpect(jsonPath("$.originalName").value("permit.png"));
		assertThat(rows()).isEqualTo(2);
		assertThat(files()).isEqualTo(2);
		long pdf = jdbc.sql("SELECT id FROM provider_document WHERE provider_id = :p AND content_type = 'application/pdf'")
			.param("p", id(provider)).query(Long.class).single();
		long png = jdbc.sql("SELECT id FROM provider_document WHERE provider_id = :p AND content_type = 'image/png'")
			.param("p", id(provider)).query(Long.class).single();

		// before applying, the town office does not see the provider at all
		mvc.perform(get("/api/v1/documents/" + pdf).with(user(townOffice))).andExpect(status().isNotFound());
		jdbc.sql("UPDATE provider SET status = 'SUBMITTED' WHERE id = :p").param("p", id(provider)).update();
		jdbc.sql("INSERT INTO provider_town_admission (provider_id, town_id, status) VALUES (:p, :t, 'PENDING')")
			.param("p", id(provider)).param("t", town1).update();

		mvc.perform(get("/api/v1/providers/" + id(provider) + "/documents").with(user(townOffice)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2));
		mvc.perform(get("/api/v1/documents/" + pdf).with(user(townOffice)))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, "application/pdf"))
			.andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION, containsString("attachment")))
			.andExpect(content().bytes(PDF));
		mvc.perform(get("/api/v1/documents/" + png).with(user(townOffice)))
			.andExpect(status().isOk())
			.andExpect(header().string(HttpHeaders.CONTENT_TYPE, "image/png"))
			.andExpect(content().bytes(PNG));
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action LIKE 'provider.document.%' AND target_id IN (:ids)")
			.param("ids", java.util.List.of(String.valueOf(pdf), String.valueOf(png))).query(Long.class).single())
			.isEqualTo(4);

		// under review the documents are frozen
		mvc.perform(delete("/api/v1/documents/" + pdf).with(user(provider)).with(csrf()))
			.andExpect(status().isConflict());

		// another provider reaches neither the list nor a document
		mvc.perform(get("/api/v1/providers/" + id(provider) + "/documents").with(user(other)))
			.andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/documents/" + pdf).with(user(other))).andExpect(status().isNotFound());
		mvc.perform(delete("/api/v1/documents/" + pdf).with(user(other)).with(csrf())).andExpect(status().isNotFound());
		upload(other, "x.pdf", "application/pdf", PDF, "en").andExpect(status().isNotFound());
		assertThat(rows()).isEqualTo(2);

		// returned for correction: the provider deletes one, row and file go
		jdbc.sql("UPDATE provider SET status = 'RETURNED' WHERE id = :p").param("p", id(provider)).update();
		mvc.perform(delete("/api/v1/documents/" + pdf).with(user(provider)).with(csrf()))
			.andExpect(status().isNoContent());
		assertThat(rows()).isEqualTo(1);
		assertThat(files()).isEqualTo(1);
	}

	@Test
	void typesAreRecognisedByContent() {
		assertThat(ProviderDocuments.detectType(PDF)).contains("application/pdf");
		assertThat(ProviderDocuments.detectType(PNG)).contains("image/png");
		assertThat(ProviderDocuments.detectType(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0 }))
			.contains("image/jpeg");
		assertThat(ProviderDocuments.detectType("%PDF".getBytes(StandardCharsets.US_ASCII))).isEmpty();
		assertThat(ProviderDocuments.detectType(new byte[] { 'M', 'Z' })).isEmpty();
	}

	@Test
	void theConsolePageUploadsListsAndDeletes() throws Exception {
		mvc.perform(get("/console/providers/" + id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("enctype=\"multipart/form-data\"")))
			.andExpect(content().string(containsString("尚未上传资质材料")));
		mvc.perform(multipart("/console/providers/" + id(provider) + "/documents")
			.file(new MockMultipartFile("file", "licence.exe.pdf", "application/pdf", new byte[] { 'M', 'Z', 0 }))
			.param("kind", "OTHER").with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("error", containsString("PDF")));
		assertThat(rows()).isZero();
		mvc.perform(multipart("/console/providers/" + id(provider) + "/documents")
			.file(new MockMultipartFile("file", "licence.pdf", "application/pdf", PDF))
			.param("kind", "BUSINESS_LICENCE").with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attributeExists("flash"));
		long document = jdbc.sql("SELECT id FROM provider_document WHERE provider_id = :p").param("p", id(provider))
			.query(Long.class).single();
		mvc.perform(get("/console/providers/" + id(provider)).with(user(provider)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("licence.pdf")))
			.andExpect(content().string(containsString("/api/v1/documents/" + document)))
			.andExpect(content().string(containsString("data-confirm")));
		mvc.perform(post("/console/documents/" + document + "/delete").with(user(other)).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/console/documents/" + document + "/delete").with(user(provider)).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(rows()).isZero();
		assertThat(files()).isZero();
	}
}
