package org.kehou.providers.web;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.providers.DocumentKind;
import org.kehou.providers.ProviderDocument;
import org.kehou.providers.ProviderDocuments;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The document form and delete button on the provider's application page (the list is rendered there). */
@Controller
class DocumentPages {

	private final ProviderDocuments documents;

	private final MessageSource messages;

	DocumentPages(ProviderDocuments documents, MessageSource messages) {
		this.documents = documents;
		this.messages = messages;
	}

	@PostMapping(path = "/console/providers/{providerId}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.PROVIDER_ADMIN)
	String upload(@PathVariable long providerId, @RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable DocumentKind kind, RedirectAttributes redirect) throws IOException {
		try {
			if (file == null || file.isEmpty()) {
				throw new IllegalArgumentException(text("providers.documents.empty"));
			}
			documents.upload(providerId, kind == null ? DocumentKind.OTHER : kind, DocumentApi.nameOf(file),
					file.getBytes());
			redirect.addFlashAttribute("flash", text("providers.documents.uploaded"));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", e.getMessage());
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("error", text("providers.error.conflict", e.getMessage()));
		}
		return "redirect:/console/providers/" + providerId;
	}

	@PostMapping("/console/documents/{documentId}/delete")
	@Access(Role.PROVIDER_ADMIN)
	String delete(@PathVariable long documentId, RedirectAttributes redirect) {
		ProviderDocument document = documents.find(documentId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try {
			documents.delete(documentId);
			redirect.addFlashAttribute("flash", text("providers.documents.deleted"));
		}
		catch (IllegalStateException e) {
			redirect.addFlashAttribute("error", text("providers.error.conflict", e.getMessage()));
		}
		return "redirect:/console/providers/" + document.providerId();
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
