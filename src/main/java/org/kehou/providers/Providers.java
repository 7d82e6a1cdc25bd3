package org.kehou.providers;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.catalogue.CategoryKind;
import org.kehou.catalogue.CourseCategory;
import org.kehou.catalogue.FeeCaps;
import org.kehou.providers.ReviewLevel.Decider;
import org.kehou.organisation.Towns;
import org.kehou.shared.Masking;
import org.kehou.shared.UnifiedSocialCreditCode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Providers' applications and their review. Every transition goes through the aggregate {@link Provider}, is
 * written to the review history and to the audit log in one transaction, and announced as
 * {@link ProviderStatusChanged}.
 */
@Service
@Transactional(readOnly = true)
public class Providers {

	static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

	private static final String SELECT = """
			SELECT p.id, p.legal_name, p.credit_code, p.licence_no, p.licence_valid_until, p.permit_no,
			       p.permit_valid_until, p.national_registered, p.national_registration_no, p.fund_account,
			       p.contact_name, p.contact_phone_masked, p.address, p.categories, p.status, p.updated_at
			FROM provider p""";

	/** The scope condition on a provider alias {@code p}: the city sees all, a town its pool, a provider itself. */
	private static final String SCOPE_CONDITION = """
			(CAST(:anchorTown AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM provider_town_admission a
			     WHERE a.provider_id = p.id AND a.town_id = :anchorTown))
			AND (CAST(:anchorProvider AS BIGINT) IS NULL OR p.id = :anchorProvider)""";

	/** Some admission (in the anchor town, if any) is under annual review. */
	private static final String ANNUAL_REVIEW_CONDITION = """
			EXISTS (SELECT 1 FROM provider_town_admission r WHERE r.provider_id = p.id AND r.renewal IS NOT NULL
			        AND (CAST(:anchorTown AS BIGINT) IS NULL OR r.town_id = :anchorTown))""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final PersonalDataCipher cipher;

	private final Towns towns;

	private final ApplicationEventPublisher events;

	private final FeeCaps feeCaps;

	private final ProvidersProperties properties;

	Providers(JdbcClient jdbc, AuditLog audit, PersonalDataCipher cipher, Towns towns,
			ApplicationEventPublisher events, FeeCaps feeCaps, ProvidersProperties properties) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.cipher = cipher;
		this.towns = towns;
		this.events = events;
		this.feeCaps = feeCaps;
		this.properties = properties;
	}

	/** Who decides on applications in this deployment ({@code kehou.providers.review}). */
	public ReviewLevel reviewLevel() {
		return properties.level();
	}

	/**
	 * The service categories a provider may offer: the catalogue's active course categories (basic care is the
	 * schools' own).
	 */
	public List<CourseCategory> serviceCategories() {
		return feeCaps.categories().stream().filter(c -> c.kind() == CategoryKind.COURSE && c.active()).toList();
	}

	public Optional<ProviderView> find(long providerId) {
		return jdbc.sql(SELECT + " WHERE p.id = :id").param("id", providerId).query((rs, i) -> view(rs)).optional();
	}

	/** The providers a scope sees, newest change first; empty for roles that review no providers. */
	public Page<ProviderSummary> list(Scope scope, @Nullable ProviderStatus status, Pageable pageable) {
		return list(scope, status, false, pageable);
	}

	/**
	 * The providers a scope sees, newest change first; with {@code annualReview} only those under annual review
	 * (待年度复核) in the scope's towns.
	 */
	public Page<ProviderSummary> list(Scope scope, @Nullable ProviderStatus status, boolean annualReview,
			Pageable pageable) {
		Long town;
		Long provider;
		switch (scope.role()) {
			case CITY_ADMIN -> {
				town = null;
				provider = null;
			}
			case TOWN_ADMIN -> {
				town = scope.townId();
				provider = null;
			}
			case PROVIDER_ADMIN -> {
				town = null;
				provider = scope.providerId();
			}
			default -> {
				return Page.empty(pageable);
			}
		}
		if (town == null && provider == null && !scope.isCity()) {
			return Page.empty(pageable);
		}
		String where = " WHERE " + SCOPE_CONDITION + " AND (CAST(:status AS VARCHAR) IS NULL OR p.status = :status)"
				+ (annualReview ? " AND " + ANNUAL_REVIEW_CONDITION : "");
		long total = jdbc.sql("SELECT count(*) FROM provider p" + where)
			.param("anchorTown", town)
			.param("anchorProvider", provider)
			.param("status", status == null ? null : status.name())
			.query(Long.class)
			.single();
		List<ProviderSummary> content = jdbc.sql("""
				SELECT p.id, p.legal_name, p.credit_code, p.status, p.updated_at,
				       (SELECT string_agg(t.name, '、' ORDER BY t.code) FROM provider_town_admission a
				        JOIN town t ON t.id = a.town_id WHERE a.provider_id = p.id) AS towns,
				       """ + ANNUAL_REVIEW_CONDITION + " AS annual_review FROM provider p" + where + " ORDER BY p.updated_at DESC, p.id DESC LIMIT :limit OFFSET :offset")
			.param("anchorTown", town)
			.param("anchorProvider", provider)
			.param("status", status == null ? null : status.name())
			.param("limit", pageable.getPageSize())
			.param("offset", pageable.getOffset())
			.query((rs, i) -> new ProviderSummary(rs.getLong("id"), rs.getString("legal_name"),
					rs.getString("credit_code"), ProviderStatus.valueOf(rs.getString("status")), rs.getString("towns"),
					rs.getTimestamp("updated_at").toInstant(), rs.getBoolean("annual_review")))
			.list();
		return new PageImpl<>(content, pageable, total);
	}

	/**
	 * Saves the application while the provider drafts or corrects it.
	 *
	 * @throws IllegalStateException when it is under review or decided, or the credit code belongs to another provider
	 * @throws IllegalArgumentException for an invalid credit code, phone number or category
	 */
	@Transactional
	public ProviderView update(long providerId, ProviderDetails details) {
		load(providerId).requireEditable();
		String code = UnifiedSocialCreditCode.normalise(details.creditCode());
		if (!UnifiedSocialCreditCode.isValid(code)) {
			throw new IllegalArgumentException("invalid unified social credit code");
		}
		Set<String> offered = new java.util.HashSet<>(serviceCategories().stream().map(CourseCategory::code).toList());
		if (!offered.containsAll(details.categories())) {
			throw new IllegalArgumentException("unknown service category");
		}
		String phone = blankToNull(details.contactPhone());
		if (phone != null && !Masking.isMobile(phone)) {
			throw new IllegalArgumentException("invalid mobile number");
		}
		try {
			jdbc.sql("""
					UPDATE provider SET legal_name = :legalName, credit_code = :code, licence_no = :licenceNo,
					  licence_valid_until = :licenceUntil, permit_no = :permitNo, permit_valid_until = :permitUntil,
					  national_registered = :registered, national_registration_no = :registrationNo,
					  fund_account = :fundAccount, contact_name = :contactName, address = :address,
					  categories = :categories, updated_at = now()
					WHERE id = :id""")
				.param("legalName", details.legalName().strip())
				.param("code", code)
				.param("licenceNo", blankToNull(details.licenceNo()))
				.param("licenceUntil", details.licenceValidUntil())
				.param("permitNo", blankToNull(details.permitNo()))
				.param("permitUntil", details.permitValidUntil())
				.param("registered", details.nationalRegistered())
				.param("registrationNo", blankToNull(details.nationalRegistrationNo()))
				.param("fundAccount", blankToNull(details.fundAccount()))
				.param("contactName", blankToNull(details.contactName()))
				.param("address", blankToNull(details.address()))
				.param("categories", details.categories().toArray(String[]::new))
				.param("id", providerId)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("the credit code is registered by another provider");
		}
		if (phone != null) {
			String normalised = Masking.normalisePhone(phone);
			jdbc.sql("""
					UPDATE provider SET contact_phone_enc = :enc, contact_phone_hash = :hash, contact_phone_masked = :masked
					WHERE id = :id""")
				.param("enc", cipher.encrypt(normalised))
				.param("hash", cipher.phoneHash(normalised))
				.param("masked", Masking.phone(normalised))
				.param("id", providerId)
				.update();
		}
		audit.record(AuditLog.Entry.of("provider.update", "provider", providerId));
		return find(providerId).orElseThrow();
	}

	/**
	 * Submits the application to the pools of the given towns.
	 *
	 * @throws IllegalArgumentException when the application is incomplete or a town is unknown
	 * @throws IllegalStateException unless drafting or correcting
	 */
	@Transactional
	public ProviderView submit(long providerId, Collection<Long> townIds) {
		Provider provider = load(providerId);
		if (!provider.mayApplyToMoreTowns()) {
			provider.requireEditable();
		}
		for (long town : provider.renewalOpen() ? List.<Long>of() : townIds) {
			if (towns.findTown(town).isEmpty()) {
				throw new IllegalArgumentException("unknown town " + town);
			}
		}
		List<String> missing = missingForSubmission(find(providerId).orElseThrow());
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("the application is incomplete: " + String.join(", ", missing));
		}
		apply(provider, provider.submit(new LinkedHashSet<>(townIds)));
		return find(providerId).orElseThrow();
	}

	/** A reviewer's decision (see {@link #review(long, ReviewAction, String, Long, Scope)}) on every town in reach. */
	@Transactional
	public ProviderView review(long providerId, ReviewAction action, @Nullable String reason, Scope reviewer) {
		return review(providerId, action, reason, null, reviewer);
	}

	/**
	 * A reviewer's decision. On applications to town pools (approve, reject, return, confirm) as the review level
	 * ({@code kehou.providers.review}) assigns them: a town office decides on its own town; the city on
	 * {@code townId}, or on every town awaiting its decision when that is {@code null}. City-wide, the city
	 * suspends, reinstates or expels the provider.
	 *
	 * @throws AccessDeniedException when the reviewer's role may not take this action at this review level
	 * @throws IllegalStateException when the provider's state does not allow it
	 * @throws IllegalArgumentException without a required reason
	 */
	@Transactional
	public ProviderView review(long providerId, ReviewAction action, @Nullable String reason, @Nullable Long townId,
			Scope reviewer) {
		return review(providerId, action, reason, townId, reviewer, properties.level(), today());
	}

	/** The same at a given review level and day (tests run every level on one application context). */
	@Transactional
	ProviderView review(long providerId, ReviewAction action, @Nullable String reason, @Nullable Long townId,
			Scope reviewer, ReviewLevel level, LocalDate today) {
		Provider provider = load(providerId);
		if (ReviewAction.ADMISSION.contains(action)) {
			Decider decider;
			Long town;
			if (reviewer.role() == Role.TOWN_ADMIN && reviewer.townId() != null) {
				decider = Decider.TOWN;
				town = reviewer.townId();
			}
			else if (reviewer.isCity()) {
				decider = Decider.CITY;
				town = townId;
			}
			else {
				throw new AccessDeniedException("only town offices and the city review applications");
			}
			if (!level.actionsOf(decider).contains(action)) {
				throw new AccessDeniedException(
						action + " is not the " + decider + "'s decision at review level " + level);
			}
			for (Provider.Transition t : provider.decide(action, town, reason, decider, level, today)) {
				apply(provider, t);
			}
		}
		else if (ReviewAction.CITY.contains(action)) {
			if (!reviewer.isCity()) {
				throw new AccessDeniedException("only the city suspends, reinstates or expels providers");
			}
			if (action == ReviewAction.REINSTATE) {
				ProviderView view = find(providerId).orElseThrow();
				apply(provider, provider.reinstate(reason, view.licenceValidUntil(), view.permitValidUntil(), today));
			}
			else {
				apply(provider, provider.sanction(action, reason));
			}
		}
		else {
			throw new IllegalArgumentException(action + " is not a review decision");
		}
		return find(providerId).orElseThrow();
	}

	/**
	 * A town office suspends the provider's approved admission to its own pool, or lifts its own suspension
	 * ({@code suspend} false): the whitelist of that town no longer (again) admits the provider, so its offerings there
	 * stop (resume) taking places. Recorded in the review history ({@link ReviewAction#TOWN_SUSPEND} /
	 * {@link ReviewAction#TOWN_LIFT}), audited and announced by {@link ProviderStatusChanged} (city-wide status
	 * unchanged). The city suspends city-wide with {@link ReviewAction#SUSPEND} instead.
	 *
	 * @throws AccessDeniedException unless the reviewer is the office of {@code townId}
	 * @throws IllegalStateException unless the admission is approved (suspend) or suspended (lift)
	 * @throws IllegalArgumentException without a reason
	 */
	@Transactional
	public ProviderView suspendInTown(long providerId, long townId, boolean suspend, @Nullable String reason,
			Scope reviewer) {
		if (reviewer.role() != Role.TOWN_ADMIN || reviewer.townId() == null || reviewer.townId() != townId) {
			throw new AccessDeniedException("only the town's office suspends an admission to its pool");
		}
		Provider provider = load(providerId);
		apply(provider, provider.suspendInTown(townId, suspend, reason));
		return find(providerId).orElseThrow();
	}

	/**
	 * Opens the annual review (年度复核) for the next school year: every approved admission in the opener's reach
	 * (the city: all towns; a town office: its pool) waits for the provider to confirm or update its application and
	 * resubmit. Admissions already under review are left as they are.
	 *
	 * @return how many providers were asked
	 * @throws AccessDeniedException for other roles
	 */
	@Transactional
	public int openAnnualReview(Scope opener) {
		Set<Long> reach;
		if (opener.isCity()) {
			reach = null;
		}
		else if (opener.role() == Role.TOWN_ADMIN && opener.townId() != null) {
			reach = Set.of(opener.townId());
		}
		else {
			throw new AccessDeniedException("only the city or a town office opens the annual review");
		}
		List<Long> candidates = jdbc.sql("""
				SELECT DISTINCT a.provider_id FROM provider_town_admission a JOIN provider p ON p.id = a.provider_id
				WHERE p.status = 'APPROVED' AND a.status = 'APPROVED' AND a.renewal IS NULL
				  AND (CAST(:town AS BIGINT) IS NULL OR a.town_id = :town)
				ORDER BY a.provider_id""")
			.param("town", reach == null ? null : reach.iterator().next())
			.query(Long.class)
			.list();
		int asked = 0;
		for (long id : candidates) {
			Provider provider = load(id);
			Optional<Provider.Transition> t = provider.openAnnualReview(reach);
			if (t.isPresent()) {
				apply(provider, t.get());
				asked++;
			}
		}
		return asked;
	}

	/**
	 * Suspends every approved provider whose business licence or permit expired before {@code today}, with the
	 * system's reason, a review entry, an audit entry and the {@link ProviderStatusChanged} event.
	 *
	 * @return the providers suspended
	 */
	@Transactional
	public List<Long> suspendExpired(LocalDate today) {
		List<Long> expired = jdbc.sql("""
				SELECT id FROM provider WHERE status = 'APPROVED'
				  AND (licence_valid_until < :today OR permit_valid_until < :today) ORDER BY id""")
			.param("today", today)
			.query(Long.class)
			.list();
		List<Long> suspended = new ArrayList<>();
		for (long id : expired) {
			Provider provider = load(id);
			ProviderView view = find(id).orElseThrow();
			provider.suspendIfExpired(view.licenceValidUntil(), view.permitValidUntil(), today).ifPresent(t -> {
				apply(provider, t);
				suspended.add(id);
			});
		}
		return suspended;
	}

	static LocalDate today() {
		return LocalDate.now(CITY_ZONE);
	}

	/** What a complete application still lacks (field names); empty when it may be submitted. */
	public static List<String> missingForSubmission(ProviderView p) {
		List<String> missing = new ArrayList<>();
		if (p.creditCode() == null) {
			missing.add("creditCode");
		}
		if (p.licenceNo() == null || p.licenceValidUntil() == null) {
			missing.add("licence");
		}
		if (!p.nationalRegistered() || p.nationalRegistrationNo() == null) {
			missing.add("nationalRegistration");
		}
		if (p.contactName() == null || p.contactPhoneMasked() == null) {
			missing.add("contact");
		}
		if (p.address() == null) {
			missing.add("address");
		}
		if (p.categories().isEmpty()) {
			missing.add("categories");
		}
		return missing;
	}

	private Provider load(long providerId) {
		String status = jdbc.sql("SELECT status FROM provider WHERE id = :id FOR UPDATE")
			.param("id", providerId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown provider " + providerId));
		Map<Long, Provider.Admission> admissions = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT town_id, status, valid_until, renewal FROM provider_town_admission WHERE provider_id = :id
				ORDER BY town_id""")
			.param("id", providerId)
			.query((rs, i) -> admissions.put(rs.getLong("town_id"),
					new Provider.Admission(AdmissionStatus.valueOf(rs.getString("status")),
							rs.getObject("valid_until", LocalDate.class),
							rs.getString("renewal") == null ? null : Renewal.valueOf(rs.getString("renewal")))))
			.list();
		return new Provider(providerId, ProviderStatus.valueOf(status), admissions);
	}

	private void apply(Provider provider, Provider.Transition t) {
		jdbc.sql("UPDATE provider SET status = :status, updated_at = now() WHERE id = :id")
			.param("status", provider.status().name())
			.param("id", provider.id())
			.update();
		provider.admissionStates().forEach((town, a) -> jdbc.sql("""
				INSERT INTO provider_town_admission (provider_id, town_id, status, valid_until, renewal)
				VALUES (:provider, :town, :status, :validUntil, :renewal)
				ON CONFLICT (provider_id, town_id) DO UPDATE SET status = EXCLUDED.status,
				  valid_until = EXCLUDED.valid_until, renewal = EXCLUDED.renewal, updated_at = now()
				WHERE (provider_town_admission.status, provider_town_admission.valid_until,
				       provider_town_admission.renewal)
				      IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.valid_until, EXCLUDED.renewal)""")
			.param("provider", provider.id())
			.param("town", town)
			.param("status", a.status().name())
			.param("validUntil", a.validUntil())
			.param("renewal", a.renewal() == null ? null : a.renewal().name())
			.update());
		KehouUser user = CurrentUser.find().orElse(null);
		jdbc.sql("""
				INSERT INTO provider_review (provider_id, action, from_status, to_status, town_id, reason, reviewer_id,
				                             reviewer_name)
				VALUES (:provider, :action, :from, :to, :town, :reason, :reviewer, :reviewerName)""")
			.param("provider", provider.id())
			.param("action", t.action().name())
			.param("from", t.from().name())
			.param("to", t.to().name())
			.param("town", t.townId())
			.param("reason", t.reason())
			.param("reviewer", user == null ? null : user.id())
			.param("reviewerName", user == null ? null : user.displayName())
			.update();
		audit.record(AuditLog.Entry.of("provider." + t.action().name().toLowerCase(java.util.Locale.ROOT), "provider",
				provider.id())
			.in(t.townId(), null)
			.detail(t.from() + " → " + t.to() + (t.reason() == null ? "" : ": " + t.reason())));
		events.publishEvent(new ProviderStatusChanged(provider.id(), t.action(), t.from(), t.to(), t.townId()));
	}

	private ProviderView view(ResultSet rs) throws SQLException {
		long id = rs.getLong("id");
		List<ProviderView.Admission> admissions = jdbc.sql("""
				SELECT a.town_id, t.name, a.status, a.valid_until, a.renewal FROM provider_town_admission a
				JOIN town t ON t.id = a.town_id WHERE a.provider_id = :id ORDER BY t.code""")
			.param("id", id)
			.query((r, i) -> new ProviderView.Admission(r.getLong("town_id"), r.getString("name"),
					AdmissionStatus.valueOf(r.getString("status")), r.getObject("valid_until", LocalDate.class),
					r.getString("renewal") == null ? null : Renewal.valueOf(r.getString("renewal"))))
			.list();
		List<ProviderView.Review> reviews = jdbc.sql("""
				SELECT r.action, r.from_status, r.to_status, t.name AS town_name, r.reason, r.reviewer_name, r.at
				FROM provider_review r LEFT JOIN town t ON t.id = r.town_id
				WHERE r.provider_id = :id ORDER BY r.at DESC, r.id DESC""")
			.param("id", id)
			.query((r, i) -> new ProviderView.Review(ReviewAction.valueOf(r.getString("action")),
					ProviderStatus.valueOf(r.getString("from_status")), ProviderStatus.valueOf(r.getString("to_status")),
					r.getString("town_name"), r.getString("reason"), r.getString("reviewer_name"),
					r.getTimestamp("at").toInstant()))
			.list();
		Array categories = rs.getArray("categories");
		return new ProviderView(id, rs.getString("legal_name"), rs.getString("credit_code"), rs.getString("licence_no"),
				rs.getObject("licence_valid_until", LocalDate.class), rs.getString("permit_no"),
				rs.getObject("permit_valid_until", LocalDate.class), rs.getBoolean("national_registered"),
				rs.getString("national_registration_no"), rs.getString("fund_account"), rs.getString("contact_name"),
				rs.getString("contact_phone_masked"), rs.getString("address"),
				categories == null ? List.of() : List.of((String[]) categories.getArray()),
				ProviderStatus.valueOf(rs.getString("status")), admissions, reviews,
				rs.getTimestamp("updated_at").toInstant());
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
