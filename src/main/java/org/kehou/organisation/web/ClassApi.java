package org.kehou.organisation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.GradeView;
import org.kehou.organisation.SchoolClassView;
import org.kehou.organisation.Schools;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Grades and classes by their own ids (their school decides the scope). */
@RestController
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER, Role.INSPECTOR })
@Tag(name = "organisation")
class ClassApi {

	private final Schools schools;

	ClassApi(Schools schools) {
		this.schools = schools;
	}

	@GetMapping("/api/v1/classes/{classId}")
	@Operation(summary = "One class")
	SchoolClassView schoolClass(@PathVariable long classId) {
		return schools.findClass(classId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@GetMapping("/api/v1/grades/{gradeId}")
	@Operation(summary = "One grade with its class count")
	GradeView grade(@PathVariable long gradeId) {
		return schools.findGrade(gradeId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}
}
