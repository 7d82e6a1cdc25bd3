package org.kehou.supervision.web;

import static org.kehou.shared.dashboard.DashboardFormat.percent;
import static org.kehou.shared.dashboard.DashboardFormat.satisfactionTone;
import static org.kehou.shared.dashboard.DashboardFormat.yuan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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
import org.kehou.supervision.CityFigures;
import org.kehou.supervision.UnitFigures;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Fills the shared dashboard view-model ({@link Dashboard}) for one level of the city's drill-down — city, town
 * (or the city-direct schools, town 0), school, offering — from {@link CityFigures} and the city's registry of towns
 * and schools. Every school and town named by a query parameter is checked against the user's scope.
 */
@Component
class DashboardViews {

	static final String PATH = "/console/supervision/dashboard";

	/** The town parameter's value for the city-direct schools (市直属). */
	static final long CITY_DIRECT = 0;

	private final CityFigures figures;

	private final Towns towns;

	private final Schools schools;

	private final MessageSource messages;

	DashboardViews(CityFigures figures, Towns towns, Schools schools, MessageSource messages) {
		this.figures = figures;
		this.towns = towns;
		this.schools = schools;
		this.messages = messages;
	}

	/** What the query parameters select. */
	record Selection(@Nullable Long town, @Nullable Long school, @Nullable Long platform, @Nullable String offering,
			CityFigures.Period period) {
	}

	CityFigures.Period period(@Nullable LocalDate from, @Nullable LocalDate to) {
		LocalDate end = to != null ? to : figures.today();
		LocalDate start = from != null ? from : end.minusDays(119);
		if (end.isBefore(start) || start.plusYears(2).isBefore(end)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "bad period");
		}
		return new CityFigures.Period(start, end);
	}

	Dashboard build(Scope scope, Selection s) {
		List<SchoolView> all = schools.schoolsIn(scope);
		if (s.offering() != null || s.platform() != null) {
			if (s.offering() == null || s.platform() == null || s.school() == null) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "offering needs platform and school");
			}
			return offering(scope, s, school(scope, s.school()));
		}
		if (s.school() != null) {
			return school(scope, s, school(scope, s.school()));
		}
		if (s.town() != null) {
			return town(scope, s, all);
		}
		return city(s, all);
	}

	// ---- levels --------------------------------------------------------------------------------------------------

	private Dashboard city(Selection s, List<SchoolView> all) {
		List<String> codes = all.stream().map(SchoolView::code).toList();
		CityFigures.Level level = figures.level(null, codes, s.period());
		Map<String, UnitFigures> bySchool = level.bySchool();
		UnitFigures total = level.total();
		List<DashboardTable.Row> rows = new ArrayList<>();
		Map<Long, List<SchoolView>> byTown = new LinkedHashMap<>();
		for (SchoolView school : all) {
			byTown.computeIfAbsent(school.townId() == null ? CITY_DIRECT : school.townId(), t -> new ArrayList<>())
				.add(school);
		}
		Map<Long, String> names = new LinkedHashMap<>();
		towns.listAll().forEach(t -> names.put(t.id(), t.name()));
		byTown.forEach((town, list) -> {
			UnitFigures f = sum(list, bySchool);
			rows.add(new DashboardTable.Row(town == CITY_DIRECT ? text("dashboard.cityDirect") : names.get(town),
					url(s, town, null, null, null), cells(f, true)));
		});
		String city = text("dashboard.city");
		return dashboard(city, List.of(new Dashboard.Crumb(city, null)), total,
				level.categories(), level.days(),
				new DashboardTable(text("dashboard.table.towns"), headers("dashboard.col.town", true), rows),
				xlsx(s, null, null, null, null));
	}

	private Dashboard town(Scope scope, Selection s, List<SchoolView> all) {
		long town = Objects.requireNonNull(s.town());
		String name;
		if (town == CITY_DIRECT) {
			if (!scope.isCity()) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN);
			}
			name = text("dashboard.cityDirect");
		}
		else {
			TownView view = towns.findTown(town).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
			if (!scope.covers(Owner.town(view.id()))) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN);
			}
			name = view.name();
		}
		List<SchoolView> list = all.stream()
			.filter(x -> town == CITY_DIRECT ? x.townId() == null : Objects.equals(x.townId(), town))
			.toList();
		List<String> codes = list.stream().map(SchoolView::code).toList();
		CityFigures.Level level = figures.level(codes, codes, s.period());
		Map<String, UnitFigures> bySchool = level.bySchool();
		UnitFigures total = level.total();
		List<DashboardTable.Row> rows = list.stream()
			.map(x -> new DashboardTable.Row(x.name(), url(s, town, x.id(), null, null),
					cells(bySchool.getOrDefault(x.code(), UnitFigures.NONE).withSchools(1), false)))
			.toList();
		return dashboard(name, List.of(new Dashboard.Crumb(text("dashboard.city"), url(s, null, null, null, null)),
				new Dashboard.Crumb(name, null)), total, level.categories(), level.days(),
				new DashboardTable(text("dashboard.table.schools"), headers("dashboard.col.school", false), rows),
				xlsx(s, town, null, null, null));
	}

	private Dashboard school(Scope scope, Selection s, SchoolView school) {
		List<String> codes = List.of(school.code());
		CityFigures.Level level = figures.level(codes, codes, s.period());
		UnitFigures total = level.total();
		long town = townOf(school);
		List<DashboardTable.Row> rows = figures.offeringsOf(school.code(), s.period())
			.stream()
			.map(o -> new DashboardTable.Row(o.title(), url(s, town, school.id(), o.platformId(), o.offeringId()),
					List.of(o.categoryCode(), o.providerCode() == null ? "—" : o.providerCode(),
							o.places() + " / " + o.capacity(), percent(o.fill()), percent(o.attendance()),
							percent(o.punctuality()), percent(o.satisfaction()), yuan(o.collectedFen()))))
			.toList();
		List<String> headers = List.of(text("dashboard.col.offering"), text("dashboard.col.category"),
				text("dashboard.col.provider"), text("dashboard.col.places"), text("dashboard.col.fill"),
				text("dashboard.col.attendance"), text("dashboard.col.punctuality"), text("dashboard.col.satisfaction"),
				text("dashboard.col.collected"));
		return dashboard(school.name(), crumbs(s, school, null), total, level.categories(), level.days(),
				new DashboardTable(text("dashboard.table.offerings"), headers, rows),
				xlsx(s, town, school.id(), null, null));
	}

	private Dashboard offering(Scope scope, Selection s, SchoolView school) {
		CityFigures.OfferingFigures o = figures
			.offering(Objects.requireNonNull(s.platform()), Objects.requireNonNull(s.offering()), s.period())
			.filter(x -> x.schoolCode().equals(school.code()))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		List<Dashboard.Tile> tiles = List.of(
				tile("places", "dashboard.tile.places", o.places() + " / " + o.capacity(),
						text("dashboard.hint.fill", percent(o.fill())), null),
				tile("attendance", "dashboard.tile.attendance", percent(o.attendance()),
						text("dashboard.hint.marks", o.present() + o.late(), o.present() + o.late() + o.absent()), null),
				tile("punctuality", "dashboard.tile.punctuality", percent(o.punctuality()),
						text("dashboard.hint.checkins", o.onTime(), o.checkins()), null),
				tile("satisfaction", "dashboard.tile.satisfaction", percent(o.satisfaction()),
						text("dashboard.hint.ratings", o.ratings()), satisfactionTone(o.satisfaction())),
				tile("collected", "dashboard.tile.collected", yuan(o.collectedFen()),
						text("dashboard.hint.fees", yuan(o.exemptedFen()), yuan(o.refundedFen())), null),
				tile("price", "dashboard.tile.price", yuan(o.priceFen()),
						o.categoryCode() + " · " + (o.providerCode() == null ? "—" : o.providerCode()) + " · " + o.term(),
						null));
		List<CityFigures.DayAttendance> days = figures.attendanceByDay(o.platformId(), o.offeringId(), s.period());
		boolean empty = o.places() == 0 && days.isEmpty() && o.checkins() == 0 && o.ratings() == 0;
		return new Dashboard(o.title(), crumbs(s, school, o.title()), tiles, List.of(attendanceChart(days)),
				DashboardTable.none(), xlsx(s, townOf(school), school.id(), o.platformId(), o.offeringId()), empty);
	}

	// ---- pieces --------------------------------------------------------------------------------------------------

	private Dashboard dashboard(String title, List<Dashboard.Crumb> crumbs, UnitFigures f,
			List<CityFigures.CategoryPlaces> categories, List<CityFigures.DayAttendance> days, DashboardTable table,
			String exportUrl) {
		List<Dashboard.Tile> tiles = List.of(
				tile("coverage", "dashboard.tile.coverage", percent(f.coverage()),
						text("dashboard.hint.schools", f.schoolsOffering(), f.schools()), null),
				tile("participation", "dashboard.tile.participation", percent(f.participation()),
						text("dashboard.hint.students", f.participants(), f.students()), null),
				tile("places", "dashboard.tile.places", String.valueOf(f.places()),
						text("dashboard.hint.offerings", f.offerings()), null),
				tile("providers", "dashboard.tile.providers", String.valueOf(f.providers()),
						text("dashboard.hint.instructors", f.instructors()), null),
				tile("attendance", "dashboard.tile.attendance", percent(f.attendance()),
						text("dashboard.hint.marks", f.present() + f.late(), f.present() + f.late() + f.absent()), null),
				tile("punctuality", "dashboard.tile.punctuality", percent(f.punctuality()),
						text("dashboard.hint.checkins", f.onTime(), f.checkins()), null),
				tile("satisfaction", "dashboard.tile.satisfaction", percent(f.satisfaction()),
						text("dashboard.hint.ratings", f.ratings()), satisfactionTone(f.satisfaction())),
				tile("collected", "dashboard.tile.collected", yuan(f.collectedFen()),
						text("dashboard.hint.fees", yuan(f.exemptedFen()), yuan(f.refundedFen())), null),
				tile("complaints", "dashboard.tile.complaints", String.valueOf(f.complaints()),
						text("dashboard.hint.overdue", f.overdue()), f.overdue() > 0 ? "err" : "ok"));
		Chart places = new Chart("places-by-category", text("dashboard.chart.places"), "bar", "",
				categories.stream().map(CityFigures.CategoryPlaces::categoryCode).toList(),
				categories.stream().map(c -> (Number) c.places()).toList());
		return new Dashboard(title, crumbs, tiles, List.of(places, attendanceChart(days)), table, exportUrl,
				!f.reported());
	}

	private Chart attendanceChart(List<CityFigures.DayAttendance> days) {
		return DashboardFormat.attendanceByDay(text("dashboard.chart.attendance"), days, CityFigures.DayAttendance::day,
				CityFigures.DayAttendance::rate);
	}

	private List<Dashboard.Crumb> crumbs(Selection s, SchoolView school, @Nullable String offering) {
		List<Dashboard.Crumb> crumbs = new ArrayList<>();
		crumbs.add(new Dashboard.Crumb(text("dashboard.city"), url(s, null, null, null, null)));
		long town = townOf(school);
		crumbs.add(new Dashboard.Crumb(school.townName() == null ? text("dashboard.cityDirect") : school.townName(),
				url(s, town, null, null, null)));
		crumbs.add(new Dashboard.Crumb(school.name(), offering == null ? null : url(s, town, school.id(), null, null)));
		if (offering != null) {
			crumbs.add(new Dashboard.Crumb(offering, null));
		}
		return crumbs;
	}

	private List<String> headers(String first, boolean towns) {
		List<String> headers = new ArrayList<>(List.of(text(first)));
		if (towns) {
			headers.add(text("dashboard.col.schools"));
		}
		headers.addAll(List.of(text("dashboard.col.coverage"), text("dashboard.col.students"),
				text("dashboard.col.participation"), text("dashboard.col.places"), text("dashboard.col.attendance"),
				text("dashboard.col.punctuality"), text("dashboard.col.satisfaction"), text("dashboard.col.collected"),
				text("dashboard.col.overdue")));
		return headers;
	}

	private List<String> cells(UnitFigures f, boolean towns) {
		List<String> cells = new ArrayList<>();
		if (towns) {
			cells.add(String.valueOf(f.schools()));
		}
		cells.addAll(List.of(percent(f.coverage()), String.valueOf(f.students()), percent(f.participation()),
				String.valueOf(f.places()), percent(f.attendance()), percent(f.punctuality()),
				percent(f.satisfaction()), yuan(f.collectedFen()), String.valueOf(f.overdue())));
		return cells;
	}

	private static UnitFigures sum(Collection<SchoolView> list, Map<String, UnitFigures> bySchool) {
		UnitFigures sum = UnitFigures.NONE;
		for (SchoolView x : list) {
			sum = sum.plus(bySchool.getOrDefault(x.code(), UnitFigures.NONE).withSchools(0));
		}
		return sum.withSchools(list.size());
	}

	private SchoolView school(Scope scope, long schoolId) {
		SchoolView school = schools.findSchool(schoolId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!scope.covers(school.owner())) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}
		return school;
	}

	private static long townOf(SchoolView school) {
		return school.townId() == null ? CITY_DIRECT : school.townId();
	}

	static String url(Selection s, @Nullable Long town, @Nullable Long school, @Nullable Long platform,
			@Nullable String offering) {
		return link(PATH, s, town, school, platform, offering);
	}

	static String xlsx(Selection s, @Nullable Long town, @Nullable Long school, @Nullable Long platform,
			@Nullable String offering) {
		return link(PATH + ".xlsx", s, town, school, platform, offering);
	}

	private static String link(String path, Selection s, @Nullable Long town, @Nullable Long school,
			@Nullable Long platform, @Nullable String offering) {
		UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
		Optional.ofNullable(town).ifPresent(v -> b.queryParam("town", v));
		Optional.ofNullable(school).ifPresent(v -> b.queryParam("school", v));
		Optional.ofNullable(platform).ifPresent(v -> b.queryParam("platform", v));
		Optional.ofNullable(offering).ifPresent(v -> b.queryParam("offering", v));
		b.queryParam("from", s.period().from()).queryParam("to", s.period().to());
		return b.encode().build().toUriString();
	}

	private Dashboard.Tile tile(String id, String label, String value, @Nullable String hint, @Nullable String tone) {
		return new Dashboard.Tile(id, text(label), value, hint, tone);
	}




	String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
