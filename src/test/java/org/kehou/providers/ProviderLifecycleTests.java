package org.kehou.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kehou.providers.ReviewLevel.Decider;

/**
 * The lifecycle rules of the aggregate without a database: every review level ({@code kehou.providers.review}),
 * the annual review, reinstating and the automatic suspension on an expired licence.
 */
class ProviderLifecycleTests {

	static final LocalDate TODAY = LocalDate.of(2027, 3, 15);

	static Provider submitted(long... towns) {
		Provider p = Provider.of(1, ProviderStatus.DRAFT, Map.of());
		p.submit(java.util.Arrays.stream(towns).boxed().toList());
		return p;
	}

	static Provider admitted(LocalDate validUntil) {
		return new Provider(1, ProviderStatus.APPROVED,
				Map.of(10L, new Provider.Admission(AdmissionStatus.APPROVED, validUntil, null)));
	}

	@Test
	void townLevelTheTownDecidesTheCityHasNoSay() {
		assertThat(ReviewLevel.TOWN.actionsOf(Decider.CITY)).isEmpty();
		Provider p = submitted(10L);
		assertThatIllegalArgumentException().isThrownBy(
				() -> p.decide(ReviewAction.APPROVE, 10L, null, Decider.CITY, ReviewLevel.TOWN, TODAY));
		var t = p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.TOWN, TODAY);
		assertThat(t).singleElement().satisfies(x -> assertThat(x.to()).isEqualTo(ProviderStatus.APPROVED));
		assertThat(p.admissionStates().get(10L))
			.isEqualTo(new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2027, 8, 31), null));
	}

	@Test
	void cityLevelTheCityDecidesForEveryTownAppliedTo() {
		assertThat(ReviewLevel.CITY.actionsOf(Decider.TOWN)).isEmpty();
		Provider p = submitted(10L, 20L);
		assertThatIllegalArgumentException().as("towns do not decide at CITY level").isThrownBy(
				() -> p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.CITY, TODAY));
		// one town named: only that one
		var first = p.decide(ReviewAction.APPROVE, 10L, null, Decider.CITY, ReviewLevel.CITY, TODAY);
		assertThat(first).singleElement().satisfies(t -> {
			assertThat(t.townId()).isEqualTo(10L);
			assertThat(t.to()).isEqualTo(ProviderStatus.SUBMITTED);
		});
		// no town named: every town awaiting the city
		var rest = p.decide(ReviewAction.REJECT, null, "不符合条件", Decider.CITY, ReviewLevel.CITY, TODAY);
		assertThat(rest).singleElement().satisfies(t -> assertThat(t.townId()).isEqualTo(20L));
		assertThat(p.status()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.APPROVED)
			.containsEntry(20L, AdmissionStatus.REJECTED);
		assertThatIllegalStateException().as("nothing awaits")
			.isThrownBy(() -> p.decide(ReviewAction.APPROVE, null, null, Decider.CITY, ReviewLevel.CITY, TODAY));
	}

	@Test
	void townThenCityATownsApprovalNeedsTheCitysConfirmation() {
		ReviewLevel level = ReviewLevel.TOWN_THEN_CITY;
		Provider p = submitted(10L);
		assertThatIllegalStateException().as("the city confirms only what a town approved")
			.isThrownBy(() -> p.decide(ReviewAction.CONFIRM, 10L, null, Decider.CITY, level, TODAY));
		var approved = p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, level, TODAY);
		assertThat(approved.get(0).to()).as("still under review").isEqualTo(ProviderStatus.SUBMITTED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.TOWN_APPROVED);
		assertThat(p.admissionStates().get(10L).validUntil()).isNull();
		assertThatIllegalStateException().as("the town decided already")
			.isThrownBy(() -> p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, level, TODAY));
		assertThatIllegalArgumentException().as("the town does not confirm")
			.isThrownBy(() -> p.decide(ReviewAction.CONFIRM, 10L, null, Decider.TOWN, level, TODAY));
		var confirmed = p.decide(ReviewAction.CONFIRM, 10L, null, Decider.CITY, level, TODAY);
		assertThat(confirmed.get(0).to()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissionStates().get(10L).validUntil()).isEqualTo(LocalDate.of(2027, 8, 31));
	}

	@Test
	void townThenCityTheCityMayReturnATownsApproval() {
		Provider p = submitted(10L);
		p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.TOWN_THEN_CITY, TODAY);
		assertThatIllegalArgumentException().as("reason required").isThrownBy(
				() -> p.decide(ReviewAction.RETURN, 10L, " ", Decider.CITY, ReviewLevel.TOWN_THEN_CITY, TODAY));
		p.decide(ReviewAction.RETURN, 10L, "资金监管账户缺失", Decider.CITY, ReviewLevel.TOWN_THEN_CITY, TODAY);
		assertThat(p.status()).isEqualTo(ProviderStatus.RETURNED);
	}

	@Test
	void annualReviewKeepsTheAdmissionUntilItsDateAndReapprovalExtendsIt() {
		Provider p = admitted(LocalDate.of(2027, 8, 31));
		var opened = p.openAnnualReview(null);
		assertThat(opened).hasValueSatisfying(t -> assertThat(t.action()).isEqualTo(ReviewAction.ANNUAL_REVIEW));
		assertThat(p.openAnnualReview(null)).as("already open").isEmpty();
		assertThat(p.status()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissionStates().get(10L))
			.isEqualTo(new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2027, 8, 31), Renewal.OPEN));
		p.requireEditable();
		assertThatIllegalStateException().as("the provider has not resubmitted yet").isThrownBy(
				() -> p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.TOWN, TODAY));

		var resubmitted = p.submit(List.of());
		assertThat(resubmitted.to()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissionStates().get(10L).renewal()).isEqualTo(Renewal.SUBMITTED);
		assertThatIllegalStateException().isThrownBy(p::requireEditable);

		// returned for correction: open again, still admitted
		p.decide(ReviewAction.RETURN, 10L, "请更新营业执照", Decider.TOWN, ReviewLevel.TOWN, TODAY);
		assertThat(p.status()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissionStates().get(10L).renewal()).isEqualTo(Renewal.OPEN);
		p.submit(List.of());
		p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.TOWN, TODAY);
		assertThat(p.admissionStates().get(10L))
			.isEqualTo(new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2028, 8, 31), null));
	}

	@Test
	void annualReviewRejectedTakesTheProviderOffAndLapsedAdmissionsRenewFromToday() {
		Provider p = admitted(LocalDate.of(2027, 8, 31));
		p.openAnnualReview(Set.of(10L));
		p.submit(List.of());
		p.decide(ReviewAction.REJECT, 10L, "年度复核不合格", Decider.TOWN, ReviewLevel.TOWN, TODAY);
		assertThat(p.status()).isEqualTo(ProviderStatus.REJECTED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.REJECTED);

		assertThat(Provider.renewedUntil(LocalDate.of(2026, 8, 31), LocalDate.of(2026, 9, 10)))
			.as("re-approved after it lapsed: this school year").isEqualTo(LocalDate.of(2027, 8, 31));
		assertThat(Provider.renewedUntil(LocalDate.of(2027, 8, 31), LocalDate.of(2027, 6, 1)))
			.isEqualTo(LocalDate.of(2028, 8, 31));
	}

	@Test
	void annualReviewAtTownThenCityNeedsTheCitysConfirmationToo() {
		Provider p = admitted(LocalDate.of(2027, 8, 31));
		p.openAnnualReview(null);
		p.submit(List.of());
		p.decide(ReviewAction.APPROVE, 10L, null, Decider.TOWN, ReviewLevel.TOWN_THEN_CITY, TODAY);
		assertThat(p.admissionStates().get(10L))
			.isEqualTo(new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2027, 8, 31),
					Renewal.TOWN_APPROVED));
		p.decide(ReviewAction.CONFIRM, null, null, Decider.CITY, ReviewLevel.TOWN_THEN_CITY, TODAY);
		assertThat(p.admissionStates().get(10L).validUntil()).isEqualTo(LocalDate.of(2028, 8, 31));
	}

	@Test
	void aTownOpensTheAnnualReviewOnlyForItsPool() {
		Provider p = new Provider(1, ProviderStatus.APPROVED,
				Map.of(10L, new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2027, 8, 31), null), 20L,
						new Provider.Admission(AdmissionStatus.APPROVED, LocalDate.of(2027, 8, 31), null)));
		assertThat(p.openAnnualReview(Set.of(20L))).hasValueSatisfying(t -> assertThat(t.townId()).isEqualTo(20L));
		assertThat(p.admissionStates().get(10L).renewal()).isNull();
		assertThat(p.admissionStates().get(20L).renewal()).isEqualTo(Renewal.OPEN);
		assertThat(Provider.of(2, ProviderStatus.SUSPENDED, Map.of(10L, AdmissionStatus.APPROVED))
			.openAnnualReview(null)).as("only approved providers").isEmpty();
	}

	@Test
	void reinstatedOnlyFromSuspensionAndOnlyWithAValidLicence() {
		Provider p = admitted(LocalDate.of(2027, 8, 31));
		assertThatIllegalStateException().as("not suspended").isThrownBy(
				() -> p.reinstate("整改完成", LocalDate.of(2030, 1, 1), null, TODAY));
		p.sanction(ReviewAction.SUSPEND, "安全检查");
		assertThatIllegalArgumentException().as("reason required").isThrownBy(
				() -> p.reinstate(" ", LocalDate.of(2030, 1, 1), null, TODAY));
		assertThatIllegalStateException().as("licence expired").isThrownBy(
				() -> p.reinstate("整改完成", LocalDate.of(2027, 3, 14), null, TODAY));
		assertThatIllegalStateException().as("permit expired").isThrownBy(
				() -> p.reinstate("整改完成", LocalDate.of(2030, 1, 1), LocalDate.of(2027, 1, 1), TODAY));
		var t = p.reinstate("整改完成", LocalDate.of(2027, 3, 15), null, TODAY);
		assertThat(t.from()).isEqualTo(ProviderStatus.SUSPENDED);
		assertThat(t.to()).isEqualTo(ProviderStatus.APPROVED);
		assertThat(p.admissions()).containsEntry(10L, AdmissionStatus.APPROVED);

		p.sanction(ReviewAction.EXPEL, "严重违规");
		assertThatIllegalStateException().as("expulsion is final").isThrownBy(
				() -> p.reinstate("整改完成", LocalDate.of(2030, 1, 1), null, TODAY));
	}

	@Test
	void anExpiredLicenceOrPermitSuspendsAnApprovedProvider() {
		Provider p = admitted(LocalDate.of(2027, 8, 31));
		assertThat(p.suspendIfExpired(LocalDate.of(2027, 3, 15), null, TODAY)).as("valid through today").isEmpty();
		var t = p.suspendIfExpired(LocalDate.of(2027, 3, 14), null, TODAY);
		assertThat(t).hasValueSatisfying(x -> {
			assertThat(x.action()).isEqualTo(ReviewAction.SUSPEND);
			assertThat(x.to()).isEqualTo(ProviderStatus.SUSPENDED);
			assertThat(x.reason()).isEqualTo("营业执照已于 2027-03-14 过期（系统自动暂停）");
		});
		assertThat(p.suspendIfExpired(LocalDate.of(2027, 3, 14), null, TODAY)).as("once").isEmpty();
		assertThat(Provider.expiredDocument(LocalDate.of(2030, 1, 1), LocalDate.of(2027, 2, 1), TODAY))
			.startsWith("办学许可证已于 2027-02-01 过期");
	}
}
