package org.kehou.providers.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.providers.DocumentKind;
import org.kehou.providers.ProviderDocument;
import org.kehou.providers.ProviderDocuments;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "provider documents", description = "A provider's qualification documents (PDF, JPEG, PNG)")
class DocumentApi {

	private final ProviderDocuments documents;

	DocumentApi(ProviderDocuments documents) {
		this.documents = documents;
	}

	@PostMapping(path = "/api/v1/providers/{providerId}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload a document (PDF/JPEG/PNG by content) while the application is drafted or corrected")
	ProviderDocument upload(@PathVariable long providerId, @RequestParam("file") MultipartFile file,
			@RequestParam(required = false) @Nullable DocumentKind kind) throws IOException {
		if (kind == null) {
			throw new IllegalArgumentException("kind is required");
		}
		return documents.upload(providerId, kind, nameOf(file), file.getBytes());
	}

	@GetMapping("/api/v1/providers/{providerId}/documents")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "A provider's documents, newest first")
	List<ProviderDocument> list(@PathVariable long providerId) {
		return documents.list(providerId);
	}

	@GetMapping("/api/v1/documents/{documentId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "Download a document (as an attachment, with the type detected on upload)")
	ResponseEntity<InputStreamResource> download(@PathVariable long documentId) {
		return download(documents, documentId);
	}

	@DeleteMapping("/api/v1/documents/{documentId}")
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a document while the application is drafted or corrected")
	void delete(@PathVariable long documentId) {
		documents.delete(documentId);
	}

	static ResponseEntity<InputStreamResource> download(ProviderDocuments documents, long documentId) {
		ProviderDocument document = documents.find(documentId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(document.contentType()))
			.contentLength(document.size())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(document.originalName(), StandardCharsets.UTF_8).build()
						.toString())
			.header("X-Content-Type-Options", "nosniff")
			.body(new InputStreamResource(documents.content(document)));
	}

	static String nameOf(MultipartFile file) {
		String name = file.getOriginalFilename();
		return name == null ? "document" : name;
	}
}
