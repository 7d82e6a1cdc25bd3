package org.kehou.exchange.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoCityTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The published standard, served without signing in: the files of docs/exchange, nothing else. */
@DemoCityTest
class StandardDocumentsWebTests {

	@Autowired
	MockMvc mvc;

	@Test
	void servesTheOpenApiDocument() throws Exception {
		String body = mvc.perform(get("/exchange/v1/openapi.yaml"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/yaml"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).startsWith("openapi: 3.1.0").contains("/exchange/v1/batches", "X-Kehou-Signature");
	}

	@Test
	void servesEverySchemaAndExample() throws Exception {
		for (org.kehou.exchange.RecordType type : org.kehou.exchange.RecordType.values()) {
			mvc.perform(get("/exchange/v1/schemas/" + type.wire() + ".schema.json"))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith("application/schema+json"));
			mvc.perform(get("/exchange/v1/examples/" + type.wire() + ".json"))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith("application/json"));
		}
		String batch = mvc.perform(get("/exchange/v1/schemas/batch.schema.json"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(batch).contains("\"maxItems\": 1000");
	}

	@Test
	void unknownNamesAreNotFound() throws Exception {
		mvc.perform(get("/exchange/v1/schemas/gossip.schema.json")).andExpect(status().isNotFound());
		mvc.perform(get("/exchange/v1/examples/attendance.schema.json")).andExpect(status().isNotFound());
		mvc.perform(get("/exchange/v1/schemas/attendance")).andExpect(status().isNotFound());
	}

	@Test
	void noPathLeadsOutOfThePublishedFiles() throws Exception {
		for (String path : new String[] { "/exchange/v1/schemas/..", "/exchange/v1/schemas/..%2F..%2Fapplication.yml",
				"/exchange/v1/examples/..%2Fopenapi.yaml", "/exchange/v1/schemas/%2e%2e" }) {
			int status = mvc.perform(get(path)).andReturn().getResponse().getStatus();
			assertThat(status).as(path).isBetween(400, 404);
		}
	}
}
