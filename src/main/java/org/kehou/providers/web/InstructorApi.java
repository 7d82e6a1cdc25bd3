package org.kehou.providers.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.jspecify.annotations.Nullable;
import org.kehou.providers.InstructorPhoto;
import org.kehou.providers.InstructorPhotos;
import org.kehou.providers.InstructorView;
import org.kehou.providers.Instructors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "instructors", description = "Providers' instructors (机构教师) and whether they may be assigned to teach")
class InstructorApi {

	record IdNumberResponse(String idNumber) {
	}

	private final Instructors instructors;

	private final InstructorPhotos photos;

	InstructorApi(Instructors instructors, InstructorPhotos photos) {
		this.instructors = instructors;
		this.photos = photos;
	}

	@GetMapping("/api/v1/providers/{providerId}/instructors")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "A provider's instructors with masked ID numbers and whether each is assignable today")
	List<InstructorView> list(@PathVariable long providerId) {
		return instructors.list(providerId);
	}

	@PostMapping("/api/v1/providers/{providerId}/instructors")
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register an instructor with their certificates and labour contract")
	InstructorView register(@PathVariable long providerId, @Valid @RequestBody InstructorForm form) {
		return instructors.register(providerId, form.details());
	}

	@GetMapping("/api/v1/instructors/{instructorId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "An instructor (masked ID number) and whether they are assignable today, with the reasons")
	InstructorView get(@PathVariable long instructorId) {
		return instructors.find(instructorId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PutMapping("/api/v1/instructors/{instructorId}")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Edit an instructor, e.g. a renewed no-criminal-record certificate")
	InstructorView update(@PathVariable long instructorId, @Valid @RequestBody InstructorForm form) {
		return instructors.update(instructorId, form.details());
	}

	@GetMapping("/api/v1/instructors/{instructorId}/id-number")
	@Access({ Role.CITY_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The instructor's full ID number (audited)")
	IdNumberResponse idNumber(@PathVariable long instructorId) {
		return new IdNumberResponse(instructors.idNumber(instructorId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@PutMapping(path = "/api/v1/instructors/{instructorId}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Upload or replace the instructor's photo (multipart `file`: JPEG or PNG by content, "
			+ "at most kehou.providers.documents.max-photo-size)")
	InstructorPhoto uploadPhoto(@PathVariable long instructorId,
			@RequestParam(required = false) @Nullable MultipartFile file) throws java.io.IOException {
		return photos.upload(instructorId, file == null ? new byte[0] : file.getBytes());
	}

	@GetMapping("/api/v1/instructors/{instructorId}/photo")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "The instructor's photo, with the type detected on upload (404 when there is none)")
	ResponseEntity<byte[]> photo(@PathVariable long instructorId) {
		return photo(photos, instructorId);
	}

	@DeleteMapping("/api/v1/instructors/{instructorId}/photo")
	@Access(Role.PROVIDER_ADMIN)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete the instructor's photo (404 when there is none)")
	void deletePhoto(@PathVariable long instructorId) {
		if (!photos.delete(instructorId)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	/** The photo as an image response: the detected type, never sniffed, cached by the browser only. */
	static ResponseEntity<byte[]> photo(InstructorPhotos photos, long instructorId) {
		InstructorPhoto photo = photos.find(instructorId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		byte[] content = photos.content(photo);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(photo.contentType()))
			.contentLength(content.length)
			.cacheControl(CacheControl.empty().cachePrivate())
			.eTag(photo.sha256())
			.header("X-Content-Type-Options", "nosniff")
			.body(content);
	}
}
