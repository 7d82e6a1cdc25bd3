package org.kehou.demo.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.kehou.courses.Programmes;
import org.kehou.organisation.Terms;
import org.kehou.people.Consents;
import org.kehou.selection.OfferingDetails;
import org.kehou.selection.OfferingView;
import org.kehou.selection.Offerings;
import org.kehou.selection.Places;
import org.kehou.selection.Registrations;
import org.kehou.selection.Slot;
import org.kehou.selection.TeacherRef;
import org.kehou.shared.ConditionalOnDeploymentRole;
import org.kehou.shared.DeploymentRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Demo school1's after-school service, set up the way its administrator would through the modules' services (so every
 * rule applies): two courses added to the current term's programme, an offering of each taught every school day, one
 * after the other ({@code teacher1}'s school course, then {@code instructor1}'s provider course with {@code teacher1}
 * as the class's school teacher), published (their sessions are generated
 * from the term calendar), the demo guardians' children and other children registered and placed. Best effort: a
 * step a rule refuses is logged and skipped; the demo city is usable without it. Service platforms only.
 */
@Component
@ConditionalOnDeploymentRole(DeploymentRole.SERVICE)
class DemoDailyService {

	private static final Logger log = LoggerFactory.getLogger(DemoDailyService.class);

	/** Children placed per offering besides the demo guardians' own. */
	static final int CHILDREN = 12;

	/** When the school's own offering starts: the service window's usual start. */
	static final LocalTime STARTS = LocalTime.of(15, 30);

	private final JdbcClient jdbc;

	private final UserDetailsService users;

	private final Terms terms;

	private final Programmes programmes;

	private final Offerings offerings;

	private final Registrations registrations;

	private final Places places;

	DemoDailyService(JdbcClient jdbc, UserDetailsService users, Terms terms, Programmes programmes,
			Offerings offerings, Registrations registrations, Places places) {
		this.jdbc = jdbc;
		this.users = users;
		this.terms = terms;
		this.programmes = programmes;
		this.offerings = offerings;
		this.registrations = registrations;
		this.places = places;
	}

	/** @return the offerings published */
	List<OfferingView> run() {
		var previous = SecurityContextHolder.getContext();
		try {
			signInAs(DemoLogins.SCHOOL1);
			return seed();
		}
		catch (RuntimeException e) {
			log.warn("Demo service: school1's daily service not set up", e);
			return List.of();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	private List<OfferingView> seed() {
		long school = jdbc.sql("SELECT school_id FROM app_user WHERE username = :u").param("u", DemoLogins.SCHOOL1)
			.query(Long.class).single();
		LocalDate today = Programmes.today();
		Optional<Long> term = terms.currentTerm(school, today).map(t -> t.id());
		if (term.isEmpty()) {
			log.info("Demo service: school1 has no current term on {}; nothing set up", today);
			return List.of();
		}
		List<OfferingView> published = new ArrayList<>();
		TeacherRef teacher1 = TeacherRef.staff(staffOf(DemoLogins.TEACHER1));
		Optional<OfferingView> own = ownCourse(school)
			.flatMap(course -> offer(term.get(), course, "一楼活动室", STARTS, List.of(teacher1)));
		own.ifPresent(published::add);
		// the institution's course right after, with teacher1 as the class's school teacher (who shows the check-in
		// code); alone at the same time as the first when the two do not fit the service window one after the other
		LocalTime next = own.map(o -> o.slots().get(0).ends()).orElse(STARTS);
		instructorCourse(term.get()).flatMap(course -> {
			TeacherRef instructor = TeacherRef.instructor(course.instructor());
			return offer(term.get(), course.course(), "多功能室", next, List.of(instructor, teacher1))
				.or(() -> offer(term.get(), course.course(), "多功能室", STARTS, List.of(instructor)));
		}).ifPresent(published::add);
		int placed = 0;
		for (OfferingView offering : published) {
			placed += place(offering);
		}
		log.info("Demo service: school1 runs {} offerings every school day ({}), {} places confirmed", published.size(),
				published.stream().map(OfferingView::name).toList(), placed);
		return published;
	}

	private Optional<OfferingView> offer(long term, long course, String venue, LocalTime starts,
			List<TeacherRef> teachers) {
		try {
			record Size(int minutes, int min, int max) {
			}
			Size size = jdbc.sql("SELECT lesson_minutes, min_size, max_size FROM course WHERE id = :c").param("c", course)
				.query((rs, i) -> new Size(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
				.single();
			List<Integer> grades = jdbc.sql("SELECT unnest(grades) FROM course WHERE id = :c").param("c", course)
				.query(Integer.class).list();
			List<Slot> slots = IntStream.rangeClosed(1, 5)
				.mapToObj(d -> new Slot(d, starts, starts.plusMinutes(size.minutes())))
				.toList();
			if (!jdbc.sql("SELECT EXISTS (SELECT 1 FROM programme_course WHERE term_id = :t AND course_id = :c)")
				.param("t", term).param("c", course).query(Boolean.class).single()) {
				programmes.add(term, course);
			}
			OfferingView draft = offerings.create(term, course, new OfferingDetails(null, venue, size.min(),
					Math.min(size.max(), 30), grades, List.of(), false, slots, teachers));
			return Optional.of(offerings.publish(draft.id()));
		}
		catch (RuntimeException e) {
			log.warn("Demo service: course {} not offered at {}: {}", course, starts, e.toString());
			return Optional.empty();
		}
	}

	/**
	 * The demo guardians' children first (they sign in with a password; they attend both offerings, one after the
	 * other, so that they have an institution's course to pay for), then others of the offering's grades who have no
	 * place yet; the guardian has accepted the privacy notice, registers the child (voluntary participation
	 * confirmed) and the school places it.
	 */
	private int place(OfferingView offering) {
		List<Long[]> children = jdbc.sql("""
				SELECT s.id, sg.guardian_id FROM student s
				JOIN LATERAL (SELECT guardian_id FROM student_guardian WHERE student_id = s.id
				  ORDER BY is_primary DESC, guardian_id LIMIT 1) sg ON TRUE
				JOIN school_class c ON c.id = s.class_id JOIN grade g ON g.id = c.grade_id
				WHERE s.school_id = :school AND s.status = 'ACTIVE' AND g.level = ANY(CAST(:grades AS SMALLINT[]))
				  AND NOT EXISTS (SELECT 1 FROM place p WHERE p.student_id = s.id AND p.offering_id = :offering
				    AND p.status = 'CONFIRMED')
				ORDER BY EXISTS (SELECT 1 FROM student_guardian x JOIN app_user u ON u.guardian_id = x.guardian_id
				    WHERE x.student_id = s.id AND u.password_hash IS NOT NULL) DESC,
				  EXISTS (SELECT 1 FROM place p WHERE p.student_id = s.id AND p.term_id = :term AND p.status = 'CONFIRMED'),
				  s.id
				LIMIT :n""")
			.param("term", offering.termId())
			.param("offering", offering.id())
			.param("school", offering.schoolId())
			.param("grades", offering.grades().toArray(Integer[]::new))
			.param("n", CHILDREN)
			.query((rs, i) -> new Long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		int placed = 0;
		for (Long[] child : children) {
			try {
				if (!registrations.isRegistered(child[0], offering.termId())) {
					// seed data, like the rest of the demo: this guardian accepted the privacy notice
					jdbc.sql("""
							INSERT INTO consent (guardian_id, student_id, notice_version, decision)
							VALUES (:g, :s, :v, 'ACCEPTED')""")
						.param("g", child[1]).param("s", child[0]).param("v", Consents.NOTICE_VERSION).update();
					registrations.register(child[1], child[0], offering.termId(), true, null);
				}
				places.place(offering.id(), child[0], null, "演示数据");
				placed++;
			}
			catch (RuntimeException e) {
				log.debug("Demo service: child {} not placed in {}: {}", child[0], offering.id(), e.toString());
			}
		}
		return placed;
	}

	private Optional<Long> ownCourse(long school) {
		return jdbc.sql("""
				SELECT id FROM course WHERE school_id = :s AND provider_id IS NULL AND status = 'APPROVED'
				ORDER BY id LIMIT 1""").param("s", school).query(Long.class).optional();
	}

	record InstructorCourse(long course, long instructor) {
	}

	/** A course of instructor1's provider that the instructor may teach and the term may pick. */
	private Optional<InstructorCourse> instructorCourse(long term) {
		Optional<Long> instructor = jdbc.sql("SELECT instructor_id FROM app_user WHERE username = :u AND instructor_id IS NOT NULL")
			.param("u", DemoLogins.INSTRUCTOR1).query(Long.class).optional();
		if (instructor.isEmpty()) {
			return Optional.empty();
		}
		return jdbc.sql("""
				SELECT c.id FROM course c JOIN instructor i ON i.provider_id = c.provider_id
				WHERE i.id = :i AND c.status = 'APPROVED' ORDER BY c.id""")
			.param("i", instructor.get())
			.query(Long.class)
			.list()
			.stream()
			.filter(course -> programmes.selectability(term, course).selectable())
			.findFirst()
			.map(course -> new InstructorCourse(course, instructor.get()));
	}

	private long staffOf(String login) {
		return jdbc.sql("SELECT staff_id FROM app_user WHERE username = :u").param("u", login).query(Long.class).single();
	}

	private void signInAs(String login) {
		UserDetails user = users.loadUserByUsername(login);
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
		SecurityContextHolder.setContext(context);
	}
}
