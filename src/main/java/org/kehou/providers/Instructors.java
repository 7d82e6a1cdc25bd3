package org.kehou.providers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.PersonalDataCipher;
import org.kehou.shared.ChineseIdNumber;
import org.kehou.shared.Masking;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Providers' instructors (机构教师). ID and phone numbers are stored encrypted, hashed and masked; every change and
 * every full view of an ID number is audited. Whether an instructor may teach is decided by {@link Assignability}
 * only: other modules ask {@link #assignable(long, LocalDate)} or {@link #findAssignable(long, LocalDate)}.
 */
@Service
@Transactional(readOnly = true)
public class Instructors {

	private static final String SELECT = """
			SELECT id, provider_id, name, gender, id_number_masked, phone_masked, certificate_type, certificate_no,
			       certificate_valid_until, no_criminal_record_on, labour_contract, contract_start, contract_end, active,
			       EXISTS (SELECT 1 FROM instructor_photo p WHERE p.instructor_id = instructor.id) AS has_photo
			FROM instructor""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final PersonalDataCipher cipher;

	Instructors(JdbcClient jdbc, AuditLog audit, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.cipher = cipher;
	}

	static LocalDate today() {
		return LocalDate.now(Providers.CITY_ZONE);
	}

	public List<InstructorView> list(long providerId) {
		LocalDate today = today();
		return jdbc.sql(SELECT + " WHERE provider_id = :p ORDER BY active DESC, name, id").param("p", providerId)
			.query((rs, i) -> view(rs, today)).list();
	}

	public Optional<InstructorView> find(long instructorId) {
		LocalDate today = today();
		return jdbc.sql(SELECT + " WHERE id = :id").param("id", instructorId).query((rs, i) -> view(rs, today))
			.optional();
	}

	/** Whether the instructor may be assigned to teach on the date, with the reasons if not. */
	public Assignability assignable(long instructorId, LocalDate date) {
		return jdbc.sql(SELECT + " WHERE id = :id").param("id", instructorId)
			.query((rs, i) -> Assignability.on(documents(rs), date)).optional()
			.orElseThrow(() -> new IllegalArgumentException("no instructor " + instructorId));
	}

	/** The provider's instructors who may be assigned to teach on the date. */
	public List<InstructorView> findAssignable(long providerId, LocalDate date) {
		return jdbc.sql(SELECT + " WHERE provider_id = :p ORDER BY name, id").param("p", providerId)
			.query((rs, i) -> view(rs, date)).list().stream().filter(InstructorView::assignable).toList();
	}

	@Transactional
	public InstructorView register(long providerId, InstructorDetails d) {
		check(d);
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO instructor (provider_id, name, gender, id_number_enc, id_number_hash, id_number_masked,
					  phone_enc, phone_hash, phone_masked, certificate_type, certificate_no, certificate_valid_until,
					  no_criminal_record_on, labour_contract, contract_start, contract_end, active)
					VALUES (:provider, :name, :gender, :idEnc, :idHash, :idMasked, :phoneEnc, :phoneHash, :phoneMasked,
					  :certType, :certNo, :certUntil, :ncr, :contract, :start, :end, :active)
					RETURNING id""").paramSource(params(d).addValue("provider", providerId)).query(Long.class).single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("An instructor with this ID number is already registered");
		}
		audit.record(AuditLog.Entry.of("instructor.register", "instructor", id).detail("provider " + providerId));
		return find(id).orElseThrow();
	}

	@Transactional
	public InstructorView update(long instructorId, InstructorDetails d) {
		check(d);
		int n;
		try {
			n = jdbc.sql("""
					UPDATE instructor SET name = :name, gender = :gender, id_number_enc = :idEnc, id_number_hash = :idHash,
					  id_number_masked = :idMasked, phone_enc = :phoneEnc, phone_hash = :phoneHash,
					  phone_masked = :phoneMasked, certificate_type = :certType, certificate_no = :certNo,
					  certificate_valid_until = :certUntil, no_criminal_record_on = :ncr, labour_contract = :contract,
					  contract_start = :start, contract_end = :end, active = :active, updated_at = now()
					WHERE id = :id""").paramSource(params(d).addValue("id", instructorId)).update();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("An instructor with this ID number is already registered");
		}
		if (n == 0) {
			throw new IllegalArgumentException("no instructor " + instructorId);
		}
		audit.record(AuditLog.Entry.of("instructor.update", "instructor", instructorId));
		return find(instructorId).orElseThrow();
	}

	/** The full ID number, for a role that needs it; the view is audited. */
	@Transactional
	public Optional<String> idNumber(long instructorId) {
		Optional<String> full = jdbc.sql("SELECT id_number_enc FROM instructor WHERE id = :id").param("id", instructorId)
			.query((rs, i) -> cipher.decrypt(rs.getBytes(1))).optional();
		full.ifPresent(v -> audit.record(AuditLog.Entry.of("instructor.view-full-id-number", "instructor", instructorId)));
		return full;
	}

	private static void check(InstructorDetails d) {
		if (!ChineseIdNumber.isValid(d.idNumber())) {
			throw new IllegalArgumentException("Not a valid ID number");
		}
		if (d.contractStart() != null && d.contractEnd() != null && d.contractEnd().isBefore(d.contractStart())) {
			throw new IllegalArgumentException("The labour contract ends before it starts");
		}
	}

	private org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(InstructorDetails d) {
		String idNumber = ChineseIdNumber.normalise(d.idNumber());
		@Nullable String phone = d.phone() == null || d.phone().isBlank() ? null : Masking.normalisePhone(d.phone());
		var p = new org.springframework.jdbc.core.namedparam.MapSqlParameterSource();
		p.addValue("name", d.name().strip());
		p.addValue("gender", d.gender());
		p.addValue("idEnc", cipher.encrypt(idNumber));
		p.addValue("idHash", cipher.idNumberHash(idNumber));
		p.addValue("idMasked", Masking.idNumber(idNumber));
		p.addValue("phoneEnc", phone == null ? null : cipher.encrypt(phone));
		p.addValue("phoneHash", phone == null ? null : cipher.phoneHash(phone));
		p.addValue("phoneMasked", phone == null ? null : Masking.phone(phone));
		p.addValue("certType", d.certificateType().name());
		p.addValue("certNo", d.certificateNo().strip());
		p.addValue("certUntil", d.certificateValidUntil());
		p.addValue("ncr", d.noCriminalRecordIssuedOn());
		p.addValue("contract", d.labourContract());
		p.addValue("start", d.labourContract() ? d.contractStart() : null);
		p.addValue("end", d.labourContract() ? d.contractEnd() : null);
		p.addValue("active", d.active());
		return p;
	}

	private static Assignability.Documents documents(ResultSet rs) throws SQLException {
		return new Assignability.Documents(rs.getBoolean("active"), rs.getObject("certificate_valid_until", LocalDate.class),
				rs.getObject("no_criminal_record_on", LocalDate.class), rs.getBoolean("labour_contract"),
				rs.getObject("contract_start", LocalDate.class), rs.getObject("contract_end", LocalDate.class));
	}

	private static InstructorView view(ResultSet rs, LocalDate date) throws SQLException {
		Assignability.Documents d = documents(rs);
		Assignability a = Assignability.on(d, date);
		return new InstructorView(rs.getLong("id"), rs.getLong("provider_id"), rs.getString("name"),
				rs.getString("gender"), rs.getString("id_number_masked"), rs.getString("phone_masked"),
				CertificateType.valueOf(rs.getString("certificate_type")), rs.getString("certificate_no"),
				d.certificateValidUntil(), d.noCriminalRecordIssuedOn(), d.labourContract(), d.contractStart(),
				d.contractEnd(), d.active(), a.assignable(), a.reasons(), rs.getBoolean("has_photo"));
	}
}
