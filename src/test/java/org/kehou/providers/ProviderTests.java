package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The review rules guarded by the aggregate, without a database. */
class ProviderTests {

	static Provider draft() {
		return Provider.of(1, ProviderStatus.DRAFT, Map.of());
	}

	@Test
	void anAdmittedProviderAppliesToMoreTownsAndStaysAdmittedWhereItWas() {
		Provider p = draft();
		p.submit(List.of(10L));
		p.decide(ReviewAction.APPROVE, 10L, null);
		assertThat(p.submit(List.of(10L, 20L)).to()).isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.APPROVED).containsEntry(20L, AdmissionStatus.PENDING);
		assertThatIllegalStateException().as("the application itself stays closed").isThrownBy(p::requireEditable);
		assertThat(p.decide(ReviewAction.REJECT, 20L, "名额已满").to()).isEqualTo(ProviderStatus.APPROVED);
		assertThatIllegalStateException().as("no new town named").isThrownBy(() -> p.submit(List.of(10L)));
		assertThat(p.submit(List.of(20L)).to()).as("a town that rejected it may be asked again")
			.isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.decide(ReviewAction.APPROVE, 20L, null).to()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.APPROVED).containsEntry(20L, AdmissionStatus.APPROVED);
	}

	@Test
	void submittingMakesTheApplicationPendingInEveryChosenTown() {
		Provider p = draft();
		Provider.Transition t = p.submit(List.of(10L, 20L));
		assertThat(t.from()).isEqualTo(ProviderStatus.DRAFT);
		assertThat(t.to()).isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.admissions()).containsOnly(Map.entry(10L, AdmissionStatus.PENDING),
				Map.entry(20L, AdmissionStatus.PENDING));
	}

	@Test
	void anApplicationNeedsATown() {
		assertThatIllegalArgumentException().isThrownBy(() -> draft().submit(List.of()));
	}

	@ParameterizedTest
	@EnumSource(value = ProviderStatus.class, names = { "DRAFT", "RETURNED", "REJECTED" },
			mode = EnumSource.Mode.EXCLUDE)
	void onlyDraftedReturnedOrRejectedApplicationsCanBeSubmitted(ProviderStatus status) {
		Provider p = Provider.of(1, status, Map.of(10L, AdmissionStatus.PENDING));
		assertThatIllegalStateException().isThrownBy(() -> p.submit(List.of(10L)));
		assertThatIllegalStateException().isThrownBy(p::requireEditable);
	}

	@Test
	void returnedForCorrectionThenResubmittedThenApproved() {
		Provider p = draft();
		p.submit(List.of(10L));
		Provider.Transition returned = p.decide(ReviewAction.RETURN, 10L, "  营业执照已过期  ");
		assertThat(returned.to()).isEqualTo(ProviderStatus.RETURNED);
		assertThat(returned.reason()).isEqualTo("营业执照已过期");
		assertThat(p.submit(List.of(10L)).to()).isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.decide(ReviewAction.APPROVE, 10L, null).to()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.APPROVED);
	}

	@Test
	void aRejectedApplicationMayBeCorrectedAndSubmittedAgain() {
		Provider p = draft();
		p.submit(List.of(10L));
		assertThat(p.decide(ReviewAction.REJECT, 10L, "不符合条件").to()).isEqualTo(ProviderStatus.REJECTED);
		assertThatIllegalStateException().as("decided already")
			.isThrownBy(() -> p.decide(ReviewAction.APPROVE, 10L, null));
		assertThat(p.submit(List.of(10L)).to()).isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.PENDING);
		assertThat(p.decide(ReviewAction.APPROVE, 10L, null).to()).isEqualTo(ProviderStatus.APPROVED);
	}

	@Test
	void eachTownDecidesOnItsOwnPoolAndTheStatusFollows() {
		Provider p = draft();
		p.submit(List.of(10L, 20L));
		assertThat(p.decide(ReviewAction.APPROVE, 10L, null).to()).as("20 still pending")
			.isEqualTo(ProviderStatus.SUBMITTED);
		assertThatIllegalStateException().as("10 decided already")
			.isThrownBy(() -> p.decide(ReviewAction.REJECT, 10L, "again"));
		assertThat(p.decide(ReviewAction.REJECT, 20L, "名额已满").to()).as("admitted in one town")
			.isEqualTo(ProviderStatus.APPROVED);
	}

	@Test
	void aTownThatWasNotAppliedToCannotDecide() {
		Provider p = draft();
		p.submit(List.of(10L));
		assertThatIllegalStateException().isThrownBy(() -> p.decide(ReviewAction.APPROVE, 30L, null));
	}

	@Test
	void rejectingAndReturningNeedAReason() {
		Provider p = draft();
		p.submit(List.of(10L));
		assertThatIllegalArgumentException().isThrownBy(() -> p.decide(ReviewAction.REJECT, 10L, " "));
		assertThatIllegalArgumentException().isThrownBy(() -> p.decide(ReviewAction.RETURN, 10L, null));
		assertThat(p.status()).isEqualTo(ProviderStatus.SUBMITTED);
	}

	@Test
	void townsDoNotSuspendAndTheCityDoesNotApprove() {
		Provider p = draft();
		p.submit(List.of(10L));
		assertThatIllegalArgumentException().isThrownBy(() -> p.decide(ReviewAction.EXPEL, 10L, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> p.sanction(ReviewAction.APPROVE, "x"));
	}

	@Test
	void theCitySuspendsAnApprovedProviderAndExpelsIt() {
		Provider p = Provider.of(1, ProviderStatus.APPROVED, Map.of(10L, AdmissionStatus.APPROVED));
		assertThatIllegalArgumentException().isThrownBy(() -> p.sanction(ReviewAction.SUSPEND, null));
		assertThat(p.sanction(ReviewAction.SUSPEND, "安全事故调查").to()).isEqualTo(ProviderStatus.SUSPENDED);
		assertThatIllegalStateException().as("not approved any more")
			.isThrownBy(() -> p.sanction(ReviewAction.SUSPEND, "again"));
		assertThat(p.sanction(ReviewAction.EXPEL, "年度考核不合格").to()).isEqualTo(ProviderStatus.EXPELLED);
		assertThatIllegalStateException().isThrownBy(() -> p.sanction(ReviewAction.EXPEL, "again"));
	}

	@Test
	void draftsCannotBeExpelled() {
		assertThatIllegalStateException().isThrownBy(() -> draft().sanction(ReviewAction.EXPEL, "x"));
	}

	@Test
	void admissionIsValidUntilTheEndOfTheSchoolYear() {
		assertThat(Provider.schoolYearEnd(LocalDate.of(2026, 9, 1))).isEqualTo(LocalDate.of(2027, 8, 31));
		assertThat(Provider.schoolYearEnd(LocalDate.of(2027, 3, 15))).isEqualTo(LocalDate.of(2027, 8, 31));
		assertThat(Provider.schoolYearEnd(LocalDate.of(2027, 8, 31))).isEqualTo(LocalDate.of(2027, 8, 31));
	}
}
