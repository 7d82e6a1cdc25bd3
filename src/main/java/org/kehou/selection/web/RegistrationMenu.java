package org.kehou.selection.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.Guardians;
import org.kehou.people.StudentView;
import org.kehou.selection.Registration;
import org.kehou.selection.Registrations;
import org.kehou.selection.SelectionRounds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registration entry of the console menu (the school's current term), and the guardian's home block: each child
 * with its registration status for every open term of its school, a tap away from registering; next to it, each child
 * a tap away from its course page (选课).
 */
@Configuration(proxyBeanMethods = false)
class RegistrationMenu {

	/** One child in one open term, with its registration (null: not registered). */
	record ChildTerm(StudentView student, TermView term, @Nullable Registration registration) {
	}

	/** A child with whether a selection round of one of its school's open terms is open now. */
	record ChildCourses(StudentView student, boolean open) {
	}

	@Bean
	NavigationItem registrationMenuItem() {
		return new NavigationItem("selection.nav.section", "registration.nav.list", "/console/registrations",
				EnumSet.of(Role.SCHOOL_ADMIN), 10);
	}

	@Bean
	HomeSection guardianRegistrationSection(Guardians guardians, Terms terms, Registrations registrations) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.GUARDIAN && user.scope().guardianId() != null;
			}

			@Override
			public String fragment() {
				return "selection/registration-home :: registrations";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				List<ChildTerm> rows = new ArrayList<>();
				Long guardianId = user.scope().guardianId();
				if (guardianId != null) {
					for (StudentView child : guardians.childrenOf(guardianId)) {
						for (TermView term : terms.termsOf(child.schoolId())) {
							if (!term.isClosed()) {
								rows.add(new ChildTerm(child, term,
										registrations.find(child.id(), term.id()).orElse(null)));
							}
						}
					}
				}
				return Map.of("rows", rows);
			}

			@Override
			public int order() {
				return 15;
			}
		};
	}

	/** The guardian's home block next to registration: each child, a tap away from its course page. */
	@Bean
	HomeSection guardianCoursesSection(Guardians guardians, Terms terms, SelectionRounds rounds) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.GUARDIAN && user.scope().guardianId() != null;
			}

			@Override
			public String fragment() {
				return "selection/courses-home :: courses";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				List<ChildCourses> rows = new ArrayList<>();
				Long guardianId = user.scope().guardianId();
				if (guardianId != null) {
					Instant now = Instant.now();
					for (StudentView child : guardians.childrenOf(guardianId)) {
						boolean open = terms.termsOf(child.schoolId())
							.stream()
							.anyMatch(t -> !t.isClosed() && rounds.openAt(t.id(), now).isPresent());
						rows.add(new ChildCourses(child, open));
					}
				}
				return Map.of("rows", rows);
			}

			@Override
			public int order() {
				return 16;
			}
		};
	}
}
