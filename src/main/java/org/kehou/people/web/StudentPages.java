package org.kehou.people.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.Schools;
import org.kehou.people.Consents;
import org.kehou.people.EvidenceStatus;
import org.kehou.people.Guardians;
import org.kehou.people.HardshipCategory;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.people.internal.DataRequests;
import org.kehou.people.internal.GuardianRecords;
import org.kehou.people.internal.PeopleScope;
import org.kehou.people.internal.StudentRecords;
import org.kehou.people.internal.StudentRows;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Console pages: the student list (filters, pagination, masked ID numbers) and a student's page. */
@Controller
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
class StudentPages {

	static final int PAGE_SIZE = 20;

	private final StudentRows rows;

	private final Students students;

	private final StudentRecords records;

	private final Guardians guardians;

	private final GuardianRecords guardianRecords;

	private final Consents consents;

	private final DataRequests requests;

	private final Schools organisation;

	private final MessageSource messages;

	StudentPages(StudentRows rows, Students students, StudentRecords records, Guardians guardians,
			GuardianRecords guardianRecords, Consents consents, DataRequests requests, Schools organisation,
			MessageSource messages) {
		this.rows = rows;
		this.students = students;
		this.records = records;
		this.guardians = guardians;
		this.guardianRecords = guardianRecords;
		this.consents = consents;
		this.requests = requests;
		this.organisation = organisation;
		this.messages = messages;
	}

	@GetMapping("/console/students")
	String list(@RequestParam(required = false) @Nullable Long schoolId,
			@RequestParam(required = false) @Nullable Long gradeId,
			@RequestParam(required = false) @Nullable Long classId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "1") int page,
			Model model) {
		Scope scope = CurrentUser.scope();
		Long school = scope.role() == Role.SCHOOL_ADMIN ? scope.schoolId() : schoolId;
		var filter = new StudentRows.Filter(school, gradeId, classId, name, status);
		model.addAttribute("schools", GuardianPages.schoolFilter(organisation, scope));
		model.addAttribute("classes", school == null ? List.of() : organisation.classesOf(school));
		model.addAttribute("filter", filter);
		model.addAttribute("page", rows.search(PeopleScope.of(scope), filter, page, PAGE_SIZE));
		return "people/students";
	}

	@GetMapping("/console/students/{studentId}")
	String show(@PathVariable long studentId, Model model) {
		return detail(studentId, model);
	}

	/** The "show full" button: the full ID number, once, audited. */
	@PostMapping("/console/students/{studentId}/id-number")
	@Access(Role.SCHOOL_ADMIN)
	String fullIdNumber(@PathVariable long studentId, Model model) {
		String full = records.viewFullIdNumber(studentId);
		model.addAttribute("fullIdNumber", full == null ? "—" : full);
		return detail(studentId, model);
	}

	@PostMapping("/console/students/{studentId}/guardians/{guardianId}/phone")
	@Access(Role.SCHOOL_ADMIN)
	String fullPhone(@PathVariable long studentId, @PathVariable long guardianId, Model model) {
		Map<Long, String> phones = new HashMap<>();
		phones.put(guardianId, guardianRecords.viewFullPhone(guardianId));
		model.addAttribute("fullPhones", phones);
		return detail(studentId, model);
	}

	@PostMapping("/console/students/{studentId}/evidence")
	@Access(Role.SCHOOL_ADMIN)
	String evidence(@PathVariable long studentId, @RequestParam HardshipCategory category,
			@RequestParam EvidenceStatus evidenceStatus, RedirectAttributes redirect) {
		records.setEvidence(studentId, category, evidenceStatus);
		redirect.addFlashAttribute("flash", PeopleProblems.text(messages, "common.saved"));
		return "redirect:/console/students/" + studentId;
	}

	@PostMapping("/console/students/{studentId}/leave")
	@Access(Role.SCHOOL_ADMIN)
	String leave(@PathVariable long studentId, RedirectAttributes redirect) {
		records.markLeft(studentId);
		redirect.addFlashAttribute("flash", PeopleProblems.text(messages, "common.saved"));
		return "redirect:/console/students/" + studentId;
	}

	private String detail(long studentId, Model model) {
		StudentView student = students.find(studentId).orElseThrow();
		model.addAttribute("student", student);
		model.addAttribute("guardians", guardians.ofStudent(studentId));
		model.addAttribute("consents", consents.latest(studentId));
		model.addAttribute("accepted", consents.hasAccepted(studentId));
		model.addAttribute("requests", requests.ofStudent(studentId));
		model.addAttribute("evidenceStatuses", EvidenceStatus.values());
		return "people/student";
	}
}
