package org.kehou.statistics.web;

import static org.kehou.shared.dashboard.DashboardFormat.percent;
import static org.kehou.shared.dashboard.DashboardFormat.satisfactionTone;
import static org.kehou.shared.dashboard.DashboardFormat.yuan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Owner;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.kehou.shared.dashboard.Chart;
import org.kehou.shared.dashboard.DashboardFormat;
import org.kehou.shared.dashboard.Dashboard;
import org.kehou.shared.dashboard.DashboardTable;
import org.kehou.statistics.Figures;
import org.kehou.statistics.StatisticsFigures;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Fills the shared dashboard view-model ({@link Dashboard}) for one level of the service platform's drill-down —
 * the platform, a town (or the city-direct schools, town 0), a school, an offering — from {@link StatisticsFigures}.
 * Without a town or school the level is the user's own: the platform for the city admin, the town for a town admin,
 * the school for a school admin. Every town and school named by a query parameter is checked against the user's
 * scope (403 outside it, 404 unknown); an offering must belong to the school named with it (else 404).
 */
@Component
class StatisticsViews {

	static final String PATH = "/console/statistics";

	/** The town parameter's value for the city-direct schools (市直属). */
	static final long CITY_DIRECT = 0;

	private final StatisticsFigures figures;

	private final Towns towns;

	private final Schools schools;

	private final MessageSource messages;

	StatisticsViews(StatisticsFigures figures, Towns towns, Schools schools, MessageSource messages) {
		this.figures = figures;
		this.towns = towns;
		this.schools = schools;
		this.messages = messages;
	}

	/** What the query parameters select. */
	record Selection(@Nullable Long town, @Nullable Long school, @Nullable Long offering,
			StatisticsFigures.Period period) {
	}

	/** The period asked for; by default the last 120 days up to today (the same default as the city's dashboard). */
	StatisticsFigures.Period period(@Nullable LocalDate from, @Nullable LocalDate to) {
		LocalDate end = to != null ? to : figures.today();
		LocalDate start = from != null ? from : end.minusDays(119);
		if (end.isBefore(start) || start.plusYears(2).isBefore(end)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, text("statistics.error.period"));
		}
		return new StatisticsFigures.Period(start, end);
	}

	Dashboard build(Scope scope, Selection s) {
		if (s.offering() != null) {
			if (s.school() == null) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, text("statistics.error.offeringNeedsSchool"));
			}
			return offering(scope, s, school(scope, s.school()), s.offering());
		}
		if (s.school() != null) {
			return school(scope, s, school(scope, s.school()));
		}
		if (s.town() != null) {
			return town(scope, s, s.town());
		}
		// the user's own level
		if (scope.isCity()) {
			return platform(scope, s);
		}
		if (scope.schoolId() != null) {
			return school(scope, s, school(scope, scope.schoolId()));
		}
		if (scope.townId() != null) {
			return town(scope, s, scope.townId());
		}
		throw new ResponseStatusException(HttpStatus.FORBIDDEN);
	}

	// ---- levels --------------------------------------------------------------------------------------------------

	private Dashboard platform(Scope scope, Selection s) {
		List<SchoolView> all = schools.schoolsIn(scope);
		StatisticsFigures.UnitFigures unit = figures.of(all.stream().map(SchoolView::id).toList(), s.period());
		Map<Long, List<SchoolView>> byTown = new LinkedHashMap<>();
		for (SchoolView school : all) {
			byTown.computeIfAbsent(townOf(school), t -> new ArrayList<>()).add(school);
		}
		Map<Long, String> names = new LinkedHashMap<>();
		towns.listAll().forEach(t -> names.put(t.id(), t.name()));
		List<DashboardTable.Row> rows = new ArrayList<>();
		byTown.forEach((town, list) -> {
			Figures sum = Figures.NONE;
			for (SchoolView x : list) {
				sum = sum.plus(unit.of(x.id()));
			}
			rows.add(new DashboardTable.Row(town == CITY_DIRECT ? text("statistics.cityDirect") : names.get(town),
					url(s, town, null, null), cells(sum, true)));
		});
		String platform = text("statistics.platform");
		List<Long> ids = all.stream().map(SchoolView::id).toList();
		return dashboard(platform, List.of(new Dashboard.Crumb(platform, null)), unit.total(), ids, s,
				new DashboardTable(text("statistics.table.towns"), headers("statistics.col.town", true), rows),
				xlsx(s, null, null, null));
	}

	private Dashboard town(Scope scope, Selection s, long town) {
		String name;
		if (town == CITY_DIRECT) {
			if (!scope.isCity()) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN, text("statistics.error.scope"));
			}
			name = text("statistics.cityDirect");
		}
		else {
			TownView view = towns.findTown(town)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, text("statistics.error.unknown")));
			if (!scope.covers(Owner.town(view.id()))) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN, text("statistics.error.scope"));
			}
			name = view.name();
		}
		List<SchoolView> list = schools.schoolsIn(scope)
			.stream()
			.filter(x -> townOf(x) == town)
			.toList();
		List<Long> ids = list.stream().map(SchoolView::id).toList();
		StatisticsFigures.UnitFigures unit = figures.of(ids, s.period());
		List<DashboardTable.Row> rows = list.stream()
			.map(x -> new DashboardTable.Row(x.name(), url(s, town, x.id(), null), cells(unit.of(x.id()), false)))
			.toList();
		return dashboard(name,
				List.of(new Dashboard.Crumb(text("statistics.platform"), scope.isCity() ? url(s, null, null, null) : null),
						new Dashboard.Crumb(name, null)),
				unit.total(), ids, s,
				new DashboardTable(text("statistics.table.schools"), headers("statistics.col.school", false), rows),
				xlsx(s, town, null, null));
	}

	private Dashboard school(Scope scope, Selection s, SchoolView school) {
		List<Long> ids = List.of(school.id());
		StatisticsFigures.UnitFigures unit = figures.of(ids, s.period());
		long town = townOf(school);
		List<DashboardTable.Row> rows = figures.offeringsOf(school.id(), s.period())
			.stream()
			.map(o -> new DashboardTable.Row(o.name(), url(s, town, school.id(), o.id()),
					List.of(o.categoryName(locale()), o.provider() == null ? text("statistics.ownCourse") : o.provider(),
							o.places() + " / " + o.capacity(), percent(o.fill()), percent(o.attendance()),
							percent(o.punctuality()), percent(o.satisfaction()), yuan(o.chargedFen()))))
			.toList();
		List<String> headers = List.of(text("statistics.col.offering"), text("statistics.col.category"),
				text("statistics.col.provider"), text("statistics.col.places"), text("statistics.col.fill"),
				text("statistics.col.attendance"), text("statistics.col.punctuality"),
				text("statistics.col.satisfaction"), text("statistics.col.charged"));
		return dashboard(school.name(), crumbs(scope, s, school, null), unit.total(), ids, s,
				new DashboardTable(text("statistics.table.offerings"), headers, rows),
				xlsx(s, town, school.id(), null));
	}

	private Dashboard offering(Scope scope, Selection s, SchoolView school, long offeringId) {
		StatisticsFigures.OfferingFigures o = figures.offering(offeringId, s.period())
			.filter(x -> x.schoolId() == school.id())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, text("statistics.error.unknown")));
		List<Dashboard.Tile> tiles = List.of(
				tile("places", "statistics.tile.places", o.places() + " / " + o.capacity(),
						text("statistics.hint.fillOf", percent(o.fill())), null),
				tile("attendance", "statistics.tile.attendance", percent(o.attendance()),
						text("statistics.hint.marks", o.present() + o.late(), o.present() + o.late() + o.absent()), null),
				tile("punctuality", "statistics.tile.punctuality", percent(o.punctuality()),
						text("statistics.hint.checkins", o.onTime(), o.checkins()), null),
				tile("satisfaction", "statistics.tile.satisfaction", percent(o.satisfaction()),
						text("statistics.hint.ratings", o.ratings()), satisfactionTone(o.satisfaction())),
				tile("charged", "statistics.tile.charged", yuan(o.chargedFen()),
						text("statistics.hint.exempted", yuan(o.exemptedFen())), null),
				tile("price", "statistics.tile.price", yuan(o.feePerLessonFen() * o.lessons()),
						text("statistics.hint.price", yuan(o.feePerLessonFen()), o.lessons(), o.categoryName(locale()),
								o.provider() == null ? text("statistics.ownCourse") : o.provider(), o.term()),
						null));
		List<StatisticsFigures.DayAttendance> days = figures.attendanceByDay(o.id(), s.period());
		return new Dashboard(o.name(), crumbs(scope, s, school, o.name()), tiles, List.of(attendanceChart(days)),
				DashboardTable.none(), xlsx(s, townOf(school), school.id(), o.id()), !o.hasServiceData());
	}

	// ---- pieces --------------------------------------------------------------------------------------------------

	private Dashboard dashboard(String title, List<Dashboard.Crumb> crumbs, Figures f, List<Long> schoolIds,
			Selection s, DashboardTable table, String exportUrl) {
		List<Dashboard.Tile> tiles = List.of(
				tile("coverage", "statistics.tile.coverage", percent(f.coverage()),
						text("statistics.hint.schools", f.schoolsOffering(), f.schools()), null),
				tile("participation", "statistics.tile.participation", percent(f.participation()),
						text("statistics.hint.students", f.participants(), f.students()), null),
				tile("places", "statistics.tile.places", String.valueOf(f.places()),
						text("statistics.hint.offerings", f.offerings()), null),
				tile("fill", "statistics.tile.fill", percent(f.fill()),
						text("statistics.hint.capacity", f.places(), f.capacity()), null),
				tile("providers", "statistics.tile.providers", String.valueOf(f.providers()),
						text("statistics.hint.instructors", f.instructors()), null),
				tile("attendance", "statistics.tile.attendance", percent(f.attendance()),
						text("statistics.hint.marks", f.present() + f.late(), f.present() + f.late() + f.absent()), null),
				tile("punctuality", "statistics.tile.punctuality", percent(f.punctuality()),
						text("statistics.hint.checkins", f.onTime(), f.checkins()), null),
				tile("satisfaction", "statistics.tile.satisfaction", percent(f.satisfaction()),
						text("statistics.hint.ratings", f.ratings()), satisfactionTone(f.satisfaction())),
				tile("charged", "statistics.tile.charged", yuan(f.chargedFen()),
						text("statistics.hint.exempted", yuan(f.exemptedFen())), null),
				tile("collected", "statistics.tile.collected", yuan(f.collectedFen()),
						text("statistics.hint.refunded", yuan(f.refundedFen())), null),
				tile("complaints", "statistics.tile.complaints", String.valueOf(f.complaints()),
						text("statistics.hint.overdue", f.overdue()), f.overdue() > 0 ? "err" : "ok"));
		List<StatisticsFigures.CategoryPlaces> categories = figures.placesByCategory(schoolIds, s.period());
		Chart places = new Chart("places-by-category", text("statistics.chart.places"), "bar", "",
				categories.stream().map(c -> c.name(locale())).toList(),
				categories.stream().map(c -> (Number) c.places()).toList());
		return new Dashboard(title, crumbs, tiles,
				List.of(places, attendanceChart(figures.attendanceByDay(schoolIds, s.period()))), table, exportUrl,
				!f.hasServiceData());
	}

	private Chart attendanceChart(List<StatisticsFigures.DayAttendance> days) {
		return DashboardFormat.attendanceByDay(text("statistics.chart.attendance"), days, StatisticsFigures.DayAttendance::day,
				StatisticsFigures.DayAttendance::rate);
	}

	private List<Dashboard.Crumb> crumbs(Scope scope, Selection s, SchoolView school, @Nullable String offering) {
		List<Dashboard.Crumb> crumbs = new ArrayList<>();
		long town = townOf(school);
		crumbs.add(new Dashboard.Crumb(text("statistics.platform"), scope.isCity() ? url(s, null, null, null) : null));
		boolean townVisible = town == CITY_DIRECT ? scope.isCity() : scope.covers(Owner.town(town));
		crumbs.add(new Dashboard.Crumb(school.townName() == null ? text("statistics.cityDirect") : school.townName(),
				townVisible ? url(s, town, null, null) : null));
		crumbs.add(new Dashboard.Crumb(school.name(), offering == null ? null : url(s, town, school.id(), null)));
		if (offering != null) {
			crumbs.add(new Dashboard.Crumb(offering, null));
		}
		return crumbs;
	}

	private List<String> headers(String first, boolean towns) {
		List<String> headers = new ArrayList<>(List.of(text(first)));
		if (towns) {
			headers.add(text("statistics.col.schools"));
		}
		headers.addAll(List.of(text("statistics.col.coverage"), text("statistics.col.students"),
				text("statistics.col.participation"), text("statistics.col.places"), text("statistics.col.fill"),
				text("statistics.col.attendance"), text("statistics.col.punctuality"),
				text("statistics.col.satisfaction"), text("statistics.col.charged"), text("statistics.col.collected"),
				text("statistics.col.complaints")));
		return headers;
	}

	private List<String> cells(Figures f, boolean towns) {
		List<String> cells = new ArrayList<>();
		if (towns) {
			cells.add(String.valueOf(f.schools()));
		}
		cells.addAll(List.of(percent(f.coverage()), String.valueOf(f.students()), percent(f.participation()),
				String.valueOf(f.places()), percent(f.fill()), percent(f.attendance()), percent(f.punctuality()),
				percent(f.satisfaction()), yuan(f.chargedFen()), yuan(f.collectedFen()),
				String.valueOf(f.complaints())));
		return cells;
	}

	private SchoolView school(Scope scope, long schoolId) {
		SchoolView school = schools.findSchool(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, text("statistics.error.unknown")));
		if (!scope.covers(school.owner())) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, text("statistics.error.scope"));
		}
		return school;
	}

	private static long townOf(SchoolView school) {
		return school.townId() == null ? CITY_DIRECT : Objects.requireNonNull(school.townId());
	}

	static String url(Selection s, @Nullable Long town, @Nullable Long school, @Nullable Long offering) {
		return link(PATH, s, town, school, offering);
	}

	static String xlsx(Selection s, @Nullable Long town, @Nullable Long school, @Nullable Long offering) {
		return link(PATH + ".xlsx", s, town, school, offering);
	}

	private static String link(String path, Selection s, @Nullable Long town, @Nullable Long school,
			@Nullable Long offering) {
		UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
		Optional.ofNullable(town).ifPresent(v -> b.queryParam("town", v));
		Optional.ofNullable(school).ifPresent(v -> b.queryParam("school", v));
		Optional.ofNullable(offering).ifPresent(v -> b.queryParam("offering", v));
		b.queryParam("from", s.period().from()).queryParam("to", s.period().to());
		return b.encode().build().toUriString();
	}

	private Dashboard.Tile tile(String id, String label, String value, @Nullable String hint, @Nullable String tone) {
		return new Dashboard.Tile(id, text(label), value, hint, tone);
	}




	private static java.util.Locale locale() {
		return LocaleContextHolder.getLocale();
	}

	String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
