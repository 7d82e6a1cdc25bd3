package org.kehou.exchange.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kehou.exchange.RecordType;
import org.kehou.exchange.internal.JsonSchemaRecordSchemas;
import org.kehou.identity.PublicEndpoint;
import org.kehou.shared.ConditionalOnDeploymentRole;
import org.kehou.shared.DeploymentRole;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The published exchange standard v1, served by the supervision platform for vendors: the OpenAPI document, the JSON
 * Schemas and the example batches — exactly the files of {@code docs/exchange/}, packaged onto the classpath. Only
 * published names are served (a fixed list, read once at start): anything else is 404, so no path leads elsewhere.
 */
@RestController
@ConditionalOnDeploymentRole(DeploymentRole.SUPERVISION)
@Tag(name = "exchange", description = "The 1+N data-exchange standard v1 (数据交换标准)")
class StandardDocumentsController {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

	private final byte[] openApi;

	private final Map<String, byte[]> schemas = new HashMap<>();

	private final Map<String, byte[]> examples = new HashMap<>();

	StandardDocumentsController() {
		this.openApi = read("openapi.yaml");
		schemas.put("batch.schema.json", read("schemas/batch.schema.json"));
		for (RecordType type : RecordType.values()) {
			schemas.put(type.wire() + ".schema.json", read("schemas/" + type.wire() + ".schema.json"));
			examples.put(type.wire() + ".json", read("examples/" + type.wire() + ".json"));
		}
	}

	@GetMapping("/exchange/v1/openapi.yaml")
	@PublicEndpoint
	@Operation(summary = "The OpenAPI 3.1 document of the exchange standard v1")
	ResponseEntity<byte[]> openApi() {
		return file(openApi, YAML);
	}

	@GetMapping("/exchange/v1/schemas/{name}")
	@PublicEndpoint
	@Operation(summary = "A JSON Schema (2020-12) of the standard, e.g. attendance.schema.json or batch.schema.json")
	ResponseEntity<byte[]> schema(@PathVariable String name) {
		return file(published(schemas, name), SCHEMA_JSON);
	}

	@GetMapping("/exchange/v1/examples/{name}")
	@PublicEndpoint
	@Operation(summary = "An example batch of one record type, e.g. attendance.json")
	ResponseEntity<byte[]> example(@PathVariable String name) {
		return file(published(examples, name), MediaType.APPLICATION_JSON);
	}

	private static byte[] published(Map<String, byte[]> files, String name) {
		byte[] body = files.get(name);
		if (body == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such document of the exchange standard v1");
		}
		return body;
	}

	private static ResponseEntity<byte[]> file(byte[] body, MediaType type) {
		return ResponseEntity.ok()
			.contentType(new MediaType(type, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic())
			.body(body);
	}

	private static byte[] read(String file) {
		String path = JsonSchemaRecordSchemas.CLASSPATH_ROOT + file;
		try (InputStream in = StandardDocumentsController.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("The exchange standard's " + path + " is not on the classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
