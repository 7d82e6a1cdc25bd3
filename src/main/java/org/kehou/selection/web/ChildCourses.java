package org.kehou.selection.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.kehou.people.StudentView;
import org.kehou.people.Students;
import org.kehou.providers.Whitelist;
import org.kehou.selection.OfferingStatus;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.SelectionRefused;
import org.kehou.selection.SelectionRefused.Reason;
import org.kehou.selection.SelectionRound;
import org.kehou.selection.SelectionRounds;
import org.springframework.stereotype.Component;

/**
 * What the guardian's course pages and API share: the child, the term (given as {@code term}, checked to be of the
 * child's school; by default the term with an open round, else the current one) and the offerings of that term the
 * child may take (published, the child's grade and class, optionally one weekday or category).
 */
@Component
class ChildCourses {

	private final Students students;

	private final Terms terms;

	private final Offerings offerings;

	private final SelectionRounds rounds;

	private final Schools schools;

	private final Whitelist whitelist;

	ChildCourses(Students students, Terms terms, Offerings offerings, SelectionRounds rounds, Schools schools,
			Whitelist whitelist) {
		this.students = students;
		this.terms = terms;
		this.offerings = offerings;
		this.rounds = rounds;
		this.schools = schools;
		this.whitelist = whitelist;
	}

	/**
	 * The providers of these offerings that are not on the whitelist of the child's school's town today (suspended by
	 * the town or the city, expired): their offerings take no places, so the page shows them as not selectable.
	 */
	Set<Long> notAdmitted(StudentView student, Collection<OfferingView> shown) {
		Long town = schools.findSchool(student.schoolId()).map(SchoolView::townId).orElse(null);
		LocalDate today = Offerings.today();
		return shown.stream()
			.map(OfferingView::providerId)
			.filter(Objects::nonNull)
			.distinct()
			.filter(p -> town == null ? !whitelist.isAdmittedAnywhere(p, today) : !whitelist.isAdmitted(p, town, today))
			.collect(Collectors.toSet());
	}

	StudentView student(long studentId) {
		return students.find(studentId)
			.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no student " + studentId));
	}

	/** The term asked for (of the child's school, else NOT_FOUND) or the default one; empty when the school has none. */
	Optional<TermView> term(StudentView student, @Nullable Long termId) {
		if (termId != null) {
			return Optional.of(terms.findTerm(termId)
				.filter(t -> t.schoolId() == student.schoolId())
				.orElseThrow(() -> new SelectionRefused(Reason.NOT_FOUND, "no term " + termId + " of the school")));
		}
		List<TermView> open = openTerms(student);
		Instant now = Instant.now();
		for (TermView t : open) {
			if (rounds.openAt(t.id(), now).isPresent()) {
				return Optional.of(t);
			}
		}
		Optional<TermView> current = terms.currentTerm(student.schoolId()).filter(t -> !t.isClosed());
		return current.isPresent() ? current : open.stream().findFirst();
	}

	/** The school's terms that are not closed, latest start first. */
	List<TermView> openTerms(StudentView student) {
		return terms.termsOf(student.schoolId())
			.stream()
			.filter(t -> !t.isClosed())
			.sorted(Comparator.comparing(TermView::startsOn).reversed())
			.toList();
	}

	/** Every not cancelled offering of the term (for names and times of the child's places). */
	List<OfferingView> all(long termId) {
		return offerings.timetable(termId);
	}

	/** The published offerings of the term the child may take, by name. */
	List<OfferingView> takeable(StudentView student, List<OfferingView> all, @Nullable Integer weekday,
			@Nullable String category) {
		return all.stream()
			.filter(o -> o.status() == OfferingStatus.PUBLISHED)
			.filter(o -> o.grades().contains(student.gradeLevel()))
			.filter(o -> o.classIds().isEmpty() || o.classIds().contains(student.classId()))
			.filter(o -> weekday == null || o.slots().stream().anyMatch(s -> s.weekday() == weekday))
			.filter(o -> category == null || category.isBlank() || o.categoryCode().equals(category))
			.toList();
	}

	Optional<SelectionRound> openRound(long termId) {
		return rounds.openAt(termId, Instant.now());
	}

	/** The next round of the term still to open, if any. */
	Optional<SelectionRound> nextRound(long termId) {
		Instant now = Instant.now();
		return rounds.ofTerm(termId)
			.stream()
			.filter(r -> r.phase(now) == SelectionRound.Phase.UPCOMING)
			.findFirst();
	}

	Optional<SelectionRound> round(@Nullable Long roundId) {
		return roundId == null ? Optional.empty() : rounds.find(roundId);
	}
}
