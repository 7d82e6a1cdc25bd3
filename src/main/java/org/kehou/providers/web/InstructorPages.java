package org.kehou.providers.web;

import java.io.IOException;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.providers.CertificateType;
import org.kehou.providers.InstructorPhotos;
import org.kehou.providers.InstructorView;
import org.kehou.providers.Instructors;
import org.kehou.providers.Providers;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provider console's instructors: the list with masked ID numbers and who may be assigned today (and why not),
 * the provider's registration form, and one instructor's edit form (e.g. a renewed no-criminal-record certificate)
 * with their photo (upload, replace, delete; the image itself comes from the API).
 */
@Controller
class InstructorPages {

	private final Instructors instructors;

	private final Providers providers;

	private final InstructorPhotos photos;

	private final MessageSource messages;

	InstructorPages(Instructors instructors, Providers providers, InstructorPhotos photos, MessageSource messages) {
		this.instructors = instructors;
		this.providers = providers;
		this.photos = photos;
		this.messages = messages;
	}

	@GetMapping("/console/providers/{providerId}/instructors")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	String list(@PathVariable long providerId, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", empty());
		}
		return listPage(providerId, model);
	}

	@PostMapping("/console/providers/{providerId}/instructors")
	@Access(Role.PROVIDER_ADMIN)
	String register(@PathVariable long providerId, @Valid @ModelAttribute("form") InstructorForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				instructors.register(providerId, form.details());
				redirect.addFlashAttribute("flash", text("common.saved"));
				return "redirect:/console/providers/" + providerId + "/instructors";
			}
			catch (IllegalStateException | IllegalArgumentException e) {
				model.addAttribute("error", text("providers.error.invalid", e.getMessage()));
			}
		}
		return listPage(providerId, model);
	}

	@GetMapping("/console/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	String edit(@PathVariable long instructorId, Model model) {
		InstructorView instructor = find(instructorId);
		model.addAttribute("form", new InstructorForm(instructor.name(), instructor.gender(), null, null,
				instructor.certificateType(), instructor.certificateNo(), instructor.certificateValidUntil(),
				instructor.noCriminalRecordIssuedOn(), instructor.labourContract(), instructor.contractStart(),
				instructor.contractEnd(), instructor.active()));
		return editPage(instructor, model);
	}

	@PostMapping("/console/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	String save(@PathVariable long instructorId, @Valid @ModelAttribute("form") InstructorForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		InstructorView instructor = find(instructorId);
		if (!errors.hasErrors()) {
			try {
				instructors.update(instructorId, form.details());
				redirect.addFlashAttribute("flash", text("common.saved"));
				return "redirect:/console/providers/" + instructor.providerId() + "/instructors";
			}
			catch (IllegalStateException | IllegalArgumentException e) {
				model.addAttribute("error", text("providers.error.invalid", e.getMessage()));
			}
		}
		return editPage(instructor, model);
	}

	@PostMapping(path = "/console/instructors/{instructorId}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.PROVIDER_ADMIN)
	String uploadPhoto(@PathVariable long instructorId, @RequestParam(required = false) @Nullable MultipartFile file,
			RedirectAttributes redirect) throws IOException {
		find(instructorId);
		try {
			photos.upload(instructorId, file == null ? new byte[0] : file.getBytes());
			redirect.addFlashAttribute("flash", text("providers.photo.uploaded"));
		}
		catch (IllegalArgumentException e) {
			redirect.addFlashAttribute("error", e.getMessage());
		}
		return "redirect:/console/instructors/" + instructorId;
	}

	@PostMapping("/console/instructors/{instructorId}/photo/delete")
	@Access(Role.PROVIDER_ADMIN)
	String deletePhoto(@PathVariable long instructorId, RedirectAttributes redirect) {
		find(instructorId);
		if (photos.delete(instructorId)) {
			redirect.addFlashAttribute("flash", text("providers.photo.deleted"));
		}
		return "redirect:/console/instructors/" + instructorId;
	}

	private InstructorForm empty() {
		return new InstructorForm(null, null, null, null, CertificateType.TEACHER, null, null, null, true, null, null,
				true);
	}

	private InstructorView find(long instructorId) {
		return instructors.find(instructorId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String listPage(long providerId, Model model) {
		model.addAttribute("provider",
				providers.find(providerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("instructors", instructors.list(providerId));
		model.addAttribute("own", CurrentUser.scope().role() == Role.PROVIDER_ADMIN);
		model.addAttribute("certificateTypes", CertificateType.values());
		return "providers/instructors";
	}

	private String editPage(InstructorView instructor, Model model) {
		model.addAttribute("instructor", instructor);
		model.addAttribute("certificateTypes", CertificateType.values());
		model.addAttribute("photoLimit", photos.limit());
		return "providers/instructor";
	}

	private String text(String key, Object... arguments) {
		return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
	}
}
