package org.kehou.people.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.people.internal.RosterImport;
import org.kehou.people.internal.RosterReport;
import org.kehou.people.internal.RosterTemplate;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The roster import page: template download, upload, the report of the last import, earlier imports. */
@Controller
@Access(Role.SCHOOL_ADMIN)
class RosterPages {

	record PastImport(String fileName, Instant importedAt, int rowsTotal, int studentsCreated, int studentsUpdated,
			int guardiansCreated) {
	}

	private final RosterImport rosterImport;

	private final RosterTemplate template;

	private final Schools schools;

	private final JdbcClient jdbc;

	private final MessageSource messages;

	RosterPages(RosterImport rosterImport, RosterTemplate template, Schools schools, JdbcClient jdbc,
			MessageSource messages) {
		this.messages = messages;
		this.rosterImport = rosterImport;
		this.template = template;
		this.schools = schools;
		this.jdbc = jdbc;
	}

	@GetMapping("/console/roster")
	String mine() {
		return "redirect:/console/schools/" + CurrentUser.scope().schoolId() + "/roster";
	}

	@GetMapping("/console/schools/{schoolId}/roster")
	String page(@PathVariable long schoolId, Model model) {
		model.addAttribute("school", school(schoolId));
		model.addAttribute("imports", imports(schoolId));
		return "people/roster";
	}

	@PostMapping("/console/schools/{schoolId}/roster")
	String upload(@PathVariable long schoolId, @RequestParam("file") MultipartFile file, Model model)
			throws IOException {
		model.addAttribute("school", school(schoolId));
		RosterReport report = file.isEmpty()
				? new RosterReport(false, RosterApi.fileName(file), 0,
						List.of(new RosterReport.RowError(0,
						PeopleProblems.text(messages, "people.roster.file.none"))), 0, 0, 0, 0, null)
				: rosterImport.importFile(schoolId, RosterApi.fileName(file), file.getBytes());
		model.addAttribute("report", report);
		model.addAttribute("imports", imports(schoolId));
		return "people/roster";
	}

	@GetMapping("/console/schools/{schoolId}/roster/template")
	ResponseEntity<byte[]> template(@PathVariable long schoolId) {
		return RosterApi.xlsx(template.forSchool(schoolId));
	}

	/** The school named in the path (the access interceptor has checked it is in the caller's scope). */
	private SchoolView school(long schoolId) {
		return schools.findSchool(schoolId).orElseThrow();
	}

	private List<PastImport> imports(long schoolId) {
		return jdbc.sql("""
				SELECT file_name, imported_at, rows_total, students_created, students_updated, guardians_created
				FROM roster_import WHERE school_id = :s ORDER BY imported_at DESC LIMIT 20""")
			.param("s", schoolId)
			.query((rs, i) -> new PastImport(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3),
					rs.getInt(4), rs.getInt(5), rs.getInt(6)))
			.list();
	}
}
