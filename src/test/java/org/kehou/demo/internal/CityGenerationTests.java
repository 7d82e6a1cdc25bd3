package org.kehou.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kehou.demo.DemoScale;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Masking;

/** The generator without a database: deterministic, valid ID numbers and phones, the right shapes per scale. */
class CityGenerationTests {

	static List<Roster> city(DemoScale scale, long seed) {
		CityBlueprint city = CityBlueprint.create(scale, seed, IdBases.EMPTY);
		RosterGenerator generator = new RosterGenerator(seed, IdBases.EMPTY, city.schools().get(0).id(),
				city.schools().stream().filter(s -> s.townIndex() == 1).findFirst().orElseThrow().id());
		List<Roster> rosters = new ArrayList<>();
		city.schools().forEach(s -> rosters.add(generator.generate(s)));
		return rosters;
	}

	static List<String> fingerprint(List<Roster> rosters) {
		List<String> lines = new ArrayList<>();
		for (Roster r : rosters) {
			lines.add(r.school().name());
			r.students().forEach(s -> lines.add(s.id() + s.name() + s.idNumber().plain + s.classId()));
			r.guardians().forEach(g -> lines.add(g.id() + g.name() + g.phone().plain));
			r.links().forEach(l -> lines.add(l.toString()));
			r.hardships().forEach(h -> lines.add(h.toString()));
		}
		return lines;
	}

	@Test
	void theSameSeedGivesTheSameCity() {
		assertThat(fingerprint(city(DemoScale.TINY, 7))).isEqualTo(fingerprint(city(DemoScale.TINY, 7)));
		assertThat(fingerprint(city(DemoScale.SMALL, 7))).isEqualTo(fingerprint(city(DemoScale.SMALL, 7)));
		assertThat(fingerprint(city(DemoScale.TINY, 8))).isNotEqualTo(fingerprint(city(DemoScale.TINY, 7)));
	}

	@Test
	void smallCityHasRealisticPeople() {
		List<Roster> rosters = city(DemoScale.SMALL, 20260901);
		assertThat(rosters).hasSize(12);
		long students = rosters.stream().mapToLong(r -> r.students().size()).sum();
		long guardians = rosters.stream().mapToLong(r -> r.guardians().size()).sum();
		long links = rosters.stream().mapToLong(r -> r.links().size()).sum();
		long hardships = rosters.stream().mapToLong(r -> r.hardships().size()).sum();
		assertThat(students).isBetween(5_700L, 6_300L);
		assertThat((double) links / students).isBetween(1.35, 1.65);
		assertThat(guardians).isLessThan(links); // siblings share guardians
		assertThat((double) hardships / students).isBetween(0.03, 0.07);
		Set<String> ids = new HashSet<>();
		Set<String> phones = new HashSet<>();
		for (Roster r : rosters) {
			for (Rows.Student s : r.students()) {
				String id = s.idNumber().plain;
				assertThat(ChineseIdNumber.isValid(id)).as(id).isTrue();
				assertThat(ChineseIdNumber.birthDate(id)).isEqualTo(s.birthDate());
				assertThat(ChineseIdNumber.gender(id)).isEqualTo(s.gender());
				assertThat(s.birthDate()).isBetween(RosterGenerator.earliestBirthDate(s.level()),
						RosterGenerator.earliestBirthDate(s.level()).plusYears(1).minusDays(1));
				assertThat(s.name()).hasSizeBetween(2, 3);
				assertThat(ids.add(id)).isTrue();
			}
			r.guardians().forEach(g -> assertThat(phones.add(g.phone().plain)).isTrue());
			r.staff().forEach(s -> assertThat(phones.add(s.phone().plain)).isTrue());
		}
		assertThat(phones).allMatch(Masking::isMobile);
		// the commonest surnames come first
		long wang = rosters.stream().flatMap(r -> r.students().stream()).filter(s -> s.name().startsWith("王")).count();
		long tang = rosters.stream().flatMap(r -> r.students().stream()).filter(s -> s.name().startsWith("汤")).count();
		assertThat(wang).isGreaterThan(tang * 5);
	}

	@Test
	void zhongshanBlueprintHasTheReferenceShape() {
		CityBlueprint city = CityBlueprint.create(DemoScale.ZHONGSHAN, 20260901, IdBases.EMPTY);
		assertThat(city.towns()).hasSize(23);
		assertThat(city.schools()).hasSize(293);
		assertThat(city.schools().stream().filter(CityBlueprint.School::cityDirect)).hasSize(13);
		assertThat(city.platforms()).hasSize(6);
		assertThat(city.plannedStudents()).isBetween(450_000, 470_000);
		assertThat(city.schools().stream().map(CityBlueprint.School::name).distinct()).hasSize(293);
		assertThat(city.schools().get(0).name()).isEqualTo("香山市岐江街道第一小学");
	}

	@Test
	void theTermCalendarHasHolidaysOnWeekdaysAndASwappedSaturday() {
		for (DemoCityWriter.TermDay day : DemoCityWriter.TERM_DAYS) {
			boolean weekend = day.day().getDayOfWeek() == DayOfWeek.SATURDAY
					|| day.day().getDayOfWeek() == DayOfWeek.SUNDAY;
			assertThat(weekend).as(day.toString()).isEqualTo(day.kind().equals("SWAPPED_DAY"));
			assertThat(day.day()).isBetween(DemoCityWriter.TERM_STARTS, DemoCityWriter.TERM_ENDS);
		}
		assertThat(DemoCityWriter.TERM_DAYS).anyMatch(d -> d.day().getDayOfWeek() == DayOfWeek.SATURDAY);
	}

	@Test
	void chineseNumerals() {
		assertThat(CityBlueprint.chinese(1)).isEqualTo("一");
		assertThat(CityBlueprint.chinese(10)).isEqualTo("十");
		assertThat(CityBlueprint.chinese(12)).isEqualTo("十二");
		assertThat(CityBlueprint.chinese(20)).isEqualTo("二十");
		assertThat(CityBlueprint.chinese(23)).isEqualTo("二十三");
		assertThat(CityBlueprint.gradeName(9)).isEqualTo("九年级");
	}
}
