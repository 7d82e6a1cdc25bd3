package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.kehou.providers.Assignability.Documents;
import org.kehou.providers.Assignability.Reason;

/** The assignability rule on a fixed date, one reason at a time. */
class AssignabilityTests {

	static final LocalDate DAY = LocalDate.of(2026, 9, 15);

	static Documents valid() {
		return new Documents(true, LocalDate.of(2027, 6, 30), LocalDate.of(2026, 3, 1), true, LocalDate.of(2025, 9, 1),
				LocalDate.of(2027, 8, 31));
	}

	@Test
	void allDocumentsValidMeansAssignable() {
		Assignability a = Assignability.on(valid(), DAY);
		assertThat(a.assignable()).isTrue();
		assertThat(a.reasons()).isEmpty();
	}

	@Test
	void aTeacherCertificateWithoutExpiryAndAnOpenEndedContractAreValid() {
		Documents d = new Documents(true, null, LocalDate.of(2026, 3, 1), true, LocalDate.of(2025, 9, 1), null);
		assertThat(Assignability.on(d, DAY).assignable()).isTrue();
	}

	@Test
	void inactive() {
		Documents v = valid();
		Documents d = new Documents(false, v.certificateValidUntil(), v.noCriminalRecordIssuedOn(), true,
				v.contractStart(), v.contractEnd());
		assertThat(Assignability.on(d, DAY).reasons()).containsExactly(Reason.INACTIVE);
	}

	@Test
	void certificateExpiredTheDayBefore() {
		Documents v = valid();
		Documents d = new Documents(true, DAY.minusDays(1), v.noCriminalRecordIssuedOn(), true, v.contractStart(),
				v.contractEnd());
		assertThat(Assignability.on(d, DAY).reasons()).containsExactly(Reason.CERTIFICATE_EXPIRED);
		Documents lastDay = new Documents(true, DAY, v.noCriminalRecordIssuedOn(), true, v.contractStart(),
				v.contractEnd());
		assertThat(Assignability.on(lastDay, DAY).assignable()).isTrue();
	}

	@Test
	void noCriminalRecordCertificateMissingOrIssuedLater() {
		Documents v = valid();
		assertThat(Assignability.on(new Documents(true, v.certificateValidUntil(), null, true, v.contractStart(),
				v.contractEnd()), DAY).reasons()).containsExactly(Reason.NO_CRIMINAL_RECORD_MISSING);
		assertThat(Assignability.on(new Documents(true, v.certificateValidUntil(), DAY.plusDays(1), true,
				v.contractStart(), v.contractEnd()), DAY).reasons()).containsExactly(Reason.NO_CRIMINAL_RECORD_MISSING);
	}

	@Test
	void noCriminalRecordCertificateIsValidOneYearFromIssue() {
		Documents v = valid();
		Documents lastDay = new Documents(true, v.certificateValidUntil(), DAY.minusYears(1).plusDays(1), true,
				v.contractStart(), v.contractEnd());
		assertThat(Assignability.on(lastDay, DAY).assignable()).isTrue();
		Documents expired = new Documents(true, v.certificateValidUntil(), DAY.minusYears(1), true, v.contractStart(),
				v.contractEnd());
		assertThat(Assignability.on(expired, DAY).reasons()).containsExactly(Reason.NO_CRIMINAL_RECORD_EXPIRED);
	}

	@Test
	void noLabourContract() {
		Documents v = valid();
		Documents d = new Documents(true, v.certificateValidUntil(), v.noCriminalRecordIssuedOn(), false, null, null);
		assertThat(Assignability.on(d, DAY).reasons()).containsExactly(Reason.NO_LABOUR_CONTRACT);
	}

	@Test
	void contractNotStartedOrEnded() {
		Documents v = valid();
		assertThat(Assignability.on(new Documents(true, v.certificateValidUntil(), v.noCriminalRecordIssuedOn(), true,
				DAY.plusDays(1), null), DAY).reasons()).containsExactly(Reason.CONTRACT_NOT_STARTED);
		assertThat(Assignability.on(new Documents(true, v.certificateValidUntil(), v.noCriminalRecordIssuedOn(), true,
				v.contractStart(), DAY.minusDays(1)), DAY).reasons()).containsExactly(Reason.CONTRACT_ENDED);
	}

	@Test
	void everyReasonIsListed() {
		Documents d = new Documents(false, DAY.minusDays(1), DAY.minusYears(2), false, null, null);
		assertThat(Assignability.on(d, DAY).reasons()).containsExactly(Reason.INACTIVE, Reason.CERTIFICATE_EXPIRED,
				Reason.NO_CRIMINAL_RECORD_EXPIRED, Reason.NO_LABOUR_CONTRACT);
		assertThat(Assignability.on(d, DAY).assignable()).isFalse();
	}
}
