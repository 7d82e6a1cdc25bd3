package org.kehou.people.internal;

import org.kehou.identity.CurrentUser;
import org.kehou.identity.Owner;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Checks a {@code schoolId} of a people endpoint against the caller's scope (404 when outside or unknown). The
 * central interceptor does the same once the organisation module contributes its {@code schoolId} resolver; this
 * keeps people's school-level endpoints safe on their own.
 */
@Component
public class SchoolScope {

	private final Schools schools;

	SchoolScope(Schools schools) {
		this.schools = schools;
	}

	public SchoolView require(long schoolId) {
		var school = schools.findSchool(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "schoolId " + schoolId + " not found"));
		if (!CurrentUser.scope().covers(Owner.school(school.townId(), schoolId))) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "schoolId " + schoolId + " not found");
		}
		return school;
	}
}
