package org.kehou.people.web;

import java.io.IOException;

import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.people.internal.RosterImport;
import org.kehou.people.internal.RosterReport;
import org.kehou.people.internal.RosterTemplate;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Roster import in the JSON API: POST the .xlsx as multipart field {@code file}. 200 with the report when imported;
 * 422 with the report (every bad row) when nothing was imported.
 */
@RestController
@RequestMapping("/api/v1/schools/{schoolId}/roster")
@Access(Role.SCHOOL_ADMIN)
class RosterApi {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final RosterImport rosterImport;

	private final RosterTemplate template;

	RosterApi(RosterImport rosterImport, RosterTemplate template) {
		this.rosterImport = rosterImport;
		this.template = template;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<RosterReport> upload(@PathVariable long schoolId, @RequestParam("file") MultipartFile file)
			throws IOException {
		RosterReport report = rosterImport.importFile(schoolId, fileName(file), file.getBytes());
		return ResponseEntity.status(report.imported() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
	}

	@GetMapping("/template")
	ResponseEntity<byte[]> template(@PathVariable long schoolId) {
		return xlsx(template.forSchool(schoolId));
	}

	static ResponseEntity<byte[]> xlsx(byte[] content) {
		return ResponseEntity.ok()
			.contentType(XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("学生名单导入模板.xlsx", java.nio.charset.StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(content);
	}

	static String fileName(MultipartFile file) {
		String name = file.getOriginalFilename();
		return name == null || name.isBlank() ? "roster.xlsx" : name;
	}
}
