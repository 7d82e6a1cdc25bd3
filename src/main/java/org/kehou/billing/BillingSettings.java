package org.kehou.billing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.people.HardshipCategory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A school's billing rules (pay to confirm or confirm then pay, time to pay, whether leave is refunded) and the
 * exemption policy: the share of the fee the special fund carries per hardship category, set by a town office for its
 * schools or by a school for itself (the school's own setting wins).
 */
@Service
public class BillingSettings {

	/** The exemption a child gets: the category with the largest share among its approved ones. */
	public record Exemption(HardshipCategory category, int percent) {
	}

	private final JdbcClient jdbc;

	private final AuditLog audit;

	BillingSettings(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public SchoolBilling of(long schoolId) {
		return jdbc.sql("SELECT payment_mode, pay_within_minutes, refund_leave FROM billing_school_settings WHERE school_id = :s")
			.param("s", schoolId)
			.query((rs, i) -> new SchoolBilling(schoolId, PaymentMode.valueOf(rs.getString(1)), rs.getInt(2),
					rs.getBoolean(3)))
			.optional()
			.orElse(SchoolBilling.defaults(schoolId));
	}

	/** @throws BillingRefused INVALID when the time to pay is out of range */
	@Transactional
	public SchoolBilling save(SchoolBilling settings) {
		if (settings.payWithinMinutes() < SchoolBilling.MIN_PAY_WITHIN_MINUTES
				|| settings.payWithinMinutes() > SchoolBilling.MAX_PAY_WITHIN_MINUTES) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "pay within " + settings.payWithinMinutes() + " minutes");
		}
		jdbc.sql("""
				INSERT INTO billing_school_settings (school_id, payment_mode, pay_within_minutes, refund_leave, updated_by, updated_at)
				VALUES (:s, :m, :w, :r, :by, now())
				ON CONFLICT (school_id) DO UPDATE SET payment_mode = EXCLUDED.payment_mode,
				  pay_within_minutes = EXCLUDED.pay_within_minutes, refund_leave = EXCLUDED.refund_leave,
				  updated_by = EXCLUDED.updated_by, updated_at = now()""")
			.param("s", settings.schoolId())
			.param("m", settings.paymentMode().name())
			.param("w", settings.payWithinMinutes())
			.param("r", settings.refundLeave())
			.param("by", CurrentUser.find().map(KehouUser::id).orElse(null))
			.update();
		audit.record(AuditLog.Entry.of("billing-settings.save", "school", settings.schoolId())
			.in(townOf(settings.schoolId()), settings.schoolId())
			.detail(settings.paymentMode() + ", " + settings.payWithinMinutes() + " min, leave refunded: " + settings.refundLeave()));
		return of(settings.schoolId());
	}

	/** The town's own shares (what its schools get unless they set their own). */
	@Transactional(readOnly = true)
	public Map<HardshipCategory, Integer> townPolicy(long townId) {
		return policy("town_id = :id", townId);
	}

	/** The school's own shares (without the town's). */
	@Transactional(readOnly = true)
	public Map<HardshipCategory, Integer> schoolPolicy(long schoolId) {
		return policy("school_id = :id", schoolId);
	}

	/** The shares in force at a school: its own, else its town's; categories without either are absent (0 %). */
	@Transactional(readOnly = true)
	public Map<HardshipCategory, Integer> policyInForce(long schoolId) {
		Map<HardshipCategory, Integer> shares = new EnumMap<>(HardshipCategory.class);
		Long town = townOf(schoolId);
		if (town != null) {
			shares.putAll(townPolicy(town));
		}
		shares.putAll(schoolPolicy(schoolId));
		return shares;
	}

	/**
	 * Sets (or, with {@code null}, removes) the share of a category for a town ({@code townId}) or a school
	 * ({@code schoolId}): exactly one of the two.
	 */
	@Transactional
	public void setShare(@Nullable Long townId, @Nullable Long schoolId, HardshipCategory category,
			@Nullable Integer percent) {
		if ((townId == null) == (schoolId == null)) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "a town or a school");
		}
		if (percent != null && (percent < 0 || percent > 100)) {
			throw new BillingRefused(BillingRefused.Reason.INVALID, "percent " + percent);
		}
		if (percent == null) {
			jdbc.sql("DELETE FROM billing_exemption_policy WHERE town_id IS NOT DISTINCT FROM :t AND school_id IS NOT DISTINCT FROM :s AND category = :c")
				.param("t", townId)
				.param("s", schoolId)
				.param("c", category.name())
				.update();
		}
		else {
			jdbc.sql("""
					INSERT INTO billing_exemption_policy (town_id, school_id, category, percent, updated_by)
					VALUES (:t, :s, :c, :p, :by)
					ON CONFLICT ON CONSTRAINT billing_exemption_policy_once
					DO UPDATE SET percent = EXCLUDED.percent, updated_by = EXCLUDED.updated_by, updated_at = now()""")
				.param("t", townId)
				.param("s", schoolId)
				.param("c", category.name())
				.param("p", percent)
				.param("by", CurrentUser.find().map(KehouUser::id).orElse(null))
				.update();
		}
		audit.record(AuditLog.Entry.of("exemption-policy.set", schoolId != null ? "school" : "town",
				schoolId != null ? schoolId : townId)
			.in(schoolId != null ? townOf(schoolId) : townId, schoolId)
			.detail(category + " = " + (percent == null ? "(removed)" : percent + "%")));
	}

	/** The exemption a child gets now: its approved hardship category with the largest share in force, if any. */
	@Transactional(readOnly = true)
	public Optional<Exemption> exemptionOf(long studentId, long schoolId) {
		Map<HardshipCategory, Integer> shares = policyInForce(schoolId);
		return jdbc.sql("SELECT category FROM student_hardship WHERE student_id = :s AND evidence_status = 'APPROVED'")
			.param("s", studentId)
			.query((rs, i) -> HardshipCategory.valueOf(rs.getString(1)))
			.list()
			.stream()
			.filter(c -> shares.getOrDefault(c, 0) > 0)
			.map(c -> new Exemption(c, shares.get(c)))
			.max(java.util.Comparator.comparingInt(Exemption::percent).thenComparing(e -> -e.category().ordinal()));
	}

	private Map<HardshipCategory, Integer> policy(String where, long id) {
		Map<HardshipCategory, Integer> shares = new EnumMap<>(HardshipCategory.class);
		jdbc.sql("SELECT category, percent FROM billing_exemption_policy WHERE " + where)
			.param("id", id)
			.query((rs, i) -> shares.put(HardshipCategory.valueOf(rs.getString(1)), rs.getInt(2)))
			.list();
		return shares;
	}

	/** The school's town (null for a city-direct school). */
	@Nullable Long townOf(long schoolId) {
		return jdbc.sql("SELECT town_id FROM school WHERE id = :s").param("s", schoolId).query(Long.class).optional().orElse(null);
	}
}
