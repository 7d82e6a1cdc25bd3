package org.kehou.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.shared.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fee standards: course categories and the caps per lesson that the city sets and a town may only lower.
 * Caps are never changed in place; a new one supersedes the previous one from its {@code validFrom}, so the
 * history is kept (the latest {@code validFrom} on or before a date wins, then the latest set).
 */
@Service
@Transactional(readOnly = true)
public class FeeCaps {

	public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	FeeCaps(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
	}

	public static LocalDate today() {
		return LocalDate.now(CITY_ZONE);
	}

	public List<CourseCategory> categories() {
		return jdbc.sql("SELECT * FROM course_category WHERE active ORDER BY sort, code")
			.query(FeeCaps::category)
			.list();
	}

	public Optional<CourseCategory> category(String code) {
		return jdbc.sql("SELECT * FROM course_category WHERE code = :code").param("code", code)
			.query(FeeCaps::category)
			.optional();
	}

	/** The city's cap ({@code townId} null) or the town's own cap for a category on a date, if one was set. */
	public Optional<FeeCap> capSetOn(String categoryCode, @Nullable Long townId, LocalDate date) {
		return jdbc.sql("""
				SELECT * FROM fee_cap
				WHERE category_code = :code AND town_id IS NOT DISTINCT FROM :town AND valid_from <= :date
				ORDER BY valid_from DESC, id DESC LIMIT 1""")
			.param("code", categoryCode)
			.param("town", townId)
			.param("date", date)
			.query(FeeCaps::cap)
			.optional();
	}

	/**
	 * The cap in force for a lesson of {@code lessonMinutes} of a category at a school of {@code townId} (null: a
	 * city-direct school) on {@code date}: the lower of the city's and the town's own cap, both prorated to the
	 * lesson's length half up to the fen. Empty when the city has set no cap for the category yet.
	 */
	public Optional<CapInForce> capFor(String categoryCode, @Nullable Long townId, int lessonMinutes, LocalDate date) {
		if (lessonMinutes <= 0) {
			throw new IllegalArgumentException("lesson minutes must be positive: " + lessonMinutes);
		}
		if (category(categoryCode).isEmpty()) {
			throw new IllegalArgumentException("unknown course category: " + categoryCode);
		}
		Optional<FeeCap> city = capSetOn(categoryCode, null, date);
		if (city.isEmpty()) {
			return Optional.empty();
		}
		FeeCap applied = city.get();
		if (townId != null) {
			Optional<FeeCap> town = capSetOn(categoryCode, townId, date);
			if (town.isPresent() && town.get().forLesson(lessonMinutes).compareTo(applied.forLesson(lessonMinutes)) < 0) {
				applied = town.get();
			}
		}
		return Optional.of(new CapInForce(categoryCode, lessonMinutes, applied.forLesson(lessonMinutes),
				applied.level(), applied.townId(), applied.source(), applied.validFrom(), applied));
	}

	/**
	 * Whether {@code price} for one lesson stays within the cap in force today.
	 * @throws IllegalStateException when the city has set no cap for the category (no price can be checked)
	 */
	public FeeCheck check(String categoryCode, @Nullable Long townId, int lessonMinutes, Money price) {
		return check(categoryCode, townId, lessonMinutes, price, today());
	}

	public FeeCheck check(String categoryCode, @Nullable Long townId, int lessonMinutes, Money price, LocalDate date) {
		CapInForce cap = capFor(categoryCode, townId, lessonMinutes, date)
			.orElseThrow(() -> new IllegalStateException("no fee cap set for " + categoryCode));
		return price.isGreaterThan(cap.amount()) ? new CapExceeded(cap, price) : new FeeCheck.WithinCap(cap, price);
	}

	/** Every cap in force on {@code date} at its own level: the city's ({@code townId} null) or the town's own. */
	public List<FeeCap> capsInForce(@Nullable Long townId, LocalDate date) {
		return jdbc.sql("""
				SELECT DISTINCT ON (c.category_code) c.* FROM fee_cap c JOIN course_category k ON k.code = c.category_code
				WHERE k.active AND c.town_id IS NOT DISTINCT FROM :town AND c.valid_from <= :date
				ORDER BY c.category_code, c.valid_from DESC, c.id DESC""")
			.param("town", townId)
			.param("date", date)
			.query(FeeCaps::cap)
			.list();
	}

	/** Every town's own caps in force on {@code date} (towns that set none do not appear). */
	public List<FeeCap> townCapsInForce(LocalDate date) {
		return jdbc.sql("""
				SELECT DISTINCT ON (c.town_id, c.category_code) c.* FROM fee_cap c
				JOIN course_category k ON k.code = c.category_code
				WHERE k.active AND c.town_id IS NOT NULL AND c.valid_from <= :date
				ORDER BY c.town_id, c.category_code, c.valid_from DESC, c.id DESC""")
			.param("date", date)
			.query(FeeCaps::cap)
			.list();
	}

	/** All caps ever set at one level (city: {@code townId} null), newest first. */
	public List<FeeCap> history(@Nullable Long townId) {
		return jdbc.sql("""
				SELECT * FROM fee_cap WHERE town_id IS NOT DISTINCT FROM :town
				ORDER BY valid_from DESC, id DESC""")
			.param("town", townId)
			.query(FeeCaps::cap)
			.list();
	}

	/** The city bureau sets a new city-wide cap; it supersedes the previous one from its date. */
	@Transactional
	public FeeCap setCityCap(NewFeeCap cap) {
		validate(cap);
		return insert(cap, null);
	}

	/**
	 * A town sets its own cap for its schools; it must not be above the city's cap in force on the same date.
	 * @throws TownCapAboveCity when it is
	 * @throws IllegalStateException when the city has set no cap for the category
	 */
	@Transactional
	public FeeCap setTownCap(long townId, NewFeeCap cap) {
		validate(cap);
		FeeCap city = capSetOn(cap.categoryCode(), null, cap.validFrom())
			.orElseThrow(() -> new IllegalStateException("市级尚未设定该类别的收费标准 / the city has set no cap for "
					+ cap.categoryCode() + " on " + cap.validFrom()));
		FeeCap candidate = new FeeCap(0, cap.categoryCode(), townId, cap.amount(), cap.lessonMinutes(),
				cap.validFrom(), cap.source(), "", java.time.Instant.EPOCH);
		if (candidate.isAbove(city)) {
			throw new TownCapAboveCity(city);
		}
		return insert(cap, townId);
	}

	private void validate(NewFeeCap cap) {
		if (category(cap.categoryCode()).filter(CourseCategory::active).isEmpty()) {
			throw new IllegalArgumentException("unknown course category: " + cap.categoryCode());
		}
		if (cap.amount().fen() <= 0) {
			throw new IllegalArgumentException("a cap must be more than ¥0.00");
		}
		if (cap.lessonMinutes() < 10 || cap.lessonMinutes() > 240) {
			throw new IllegalArgumentException("a lesson lasts 10 to 240 minutes");
		}
		if (cap.source().isBlank() || cap.source().length() > 200) {
			throw new IllegalArgumentException("name the document the cap rests on (at most 200 characters)");
		}
	}

	private FeeCap insert(NewFeeCap cap, @Nullable Long townId) {
		String setBy = CurrentUser.find().map(KehouUser::getUsername).orElse("system");
		FeeCap saved = jdbc.sql("""
				INSERT INTO fee_cap (category_code, town_id, amount_fen, lesson_minutes, valid_from, source, set_by)
				VALUES (:code, :town, :fen, :minutes, :from, :source, :by) RETURNING *""")
			.param("code", cap.categoryCode())
			.param("town", townId)
			.param("fen", cap.amount().fen())
			.param("minutes", cap.lessonMinutes())
			.param("from", cap.validFrom())
			.param("source", cap.source().strip())
			.param("by", setBy)
			.query(FeeCaps::cap)
			.single();
		audit.record(AuditLog.Entry.of(townId == null ? "fee-cap.set-city" : "fee-cap.set-town", "fee_cap", saved.id())
			.in(townId, null)
			.detail(cap.categoryCode() + " " + cap.amount() + "/" + cap.lessonMinutes() + "min from "
					+ cap.validFrom() + " (" + saved.source() + ")"));
		events.publishEvent(new FeeCapSet(saved.id(), saved.categoryCode(), townId));
		return saved;
	}

	private static CourseCategory category(ResultSet rs, int row) throws SQLException {
		return new CourseCategory(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"),
				CategoryKind.valueOf(rs.getString("kind")), rs.getBoolean("active"), rs.getInt("sort"));
	}

	private static FeeCap cap(ResultSet rs, int row) throws SQLException {
		return new FeeCap(rs.getLong("id"), rs.getString("category_code"), rs.getObject("town_id", Long.class),
				Money.ofFen(rs.getLong("amount_fen")), rs.getInt("lesson_minutes"),
				rs.getObject("valid_from", LocalDate.class), rs.getString("source"), rs.getString("set_by"),
				rs.getTimestamp("set_at").toInstant());
	}
}
