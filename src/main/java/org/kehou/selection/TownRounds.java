package org.kehou.selection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.kehou.organisation.TermView;
import org.kehou.organisation.Terms;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A town office schedules the same selection round for all its schools at once (统一安排选课轮次). For each active
 * school of the town the round goes into the school's term (not closed) that contains the opening day in the city's
 * time zone. All or nothing: every school is tried (each in a savepoint, so one school's refusal does not hide the
 * others'), and if any school has no such term, several of them, or refuses the round (an overlapping round, say),
 * nothing is stored and the result says for each school what happened. The caller checks the {@code townId} scope.
 */
@Service
public class TownRounds {

	/** Why a school could not take the round (besides a {@link SelectionRefused.Reason}). */
	public enum Problem {
		/** No term of the school (not closed) contains the opening day. */
		NO_TERM,
		/** Several terms of the school contain the opening day: the town cannot tell which one. */
		SEVERAL_TERMS,
		/** The rounds of the school refused it; see the reason. */
		REFUSED,
		/** This school was fine, but another one was not, so nothing was stored. */
		NOT_STORED
	}

	/**
	 * What happened at one school: the term chosen and the round made ({@code roundId}, only when the whole schedule
	 * was stored), or the problem.
	 */
	public record Outcome(long schoolId, String schoolName, @Nullable Long termId, @Nullable String termName,
			@Nullable Long roundId, @Nullable Problem problem, SelectionRefused.@Nullable Reason reason)
			implements java.io.Serializable {

		public boolean ok() {
			return problem == null || problem == Problem.NOT_STORED;
		}

		/** The message key explaining the problem ({@code rounds.town.problem.*} or {@code places.refused.*}). */
		public @Nullable String messageKey() {
			if (problem == null) {
				return null;
			}
			return problem == Problem.REFUSED && reason != null ? reason.messageKey()
					: "rounds.town.problem." + problem.name();
		}
	}

	/** The schedule: stored for every school, or for none. */
	public record Result(long townId, boolean scheduled, List<Outcome> schools) {

		public long failed() {
			return schools.stream().filter(o -> !o.ok()).count();
		}
	}

	private final SelectionRounds rounds;

	private final Schools schools;

	private final Terms terms;

	private final AuditLog audit;

	private final TransactionTemplate all;

	private final TransactionTemplate savepoint;

	TownRounds(SelectionRounds rounds, Schools schools, Terms terms, AuditLog audit,
			PlatformTransactionManager transactions) {
		this.rounds = rounds;
		this.schools = schools;
		this.terms = terms;
		this.audit = audit;
		this.all = new TransactionTemplate(transactions);
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** The active schools of the town, in the order of the school lists. */
	public List<SchoolView> schoolsOf(long townId) {
		return schools.schoolsIn(new Scope(Role.TOWN_ADMIN, townId, null, null, null))
			.stream()
			.filter(SchoolView::active)
			.toList();
	}

	/** The school's term (not closed) containing the day, if exactly one does. */
	public List<TermView> termsContaining(long schoolId, LocalDate day) {
		return terms.termsOf(schoolId)
			.stream()
			.filter(t -> !t.isClosed() && !day.isBefore(t.startsOn()) && !day.isAfter(t.endsOn()))
			.toList();
	}

	/**
	 * Schedules the round for every active school of the town, or for none.
	 *
	 * @throws SelectionRefused ROUND_INVALID (400) for details no school could take
	 */
	public Result schedule(long townId, RoundDetails details) {
		SelectionRounds.validate(details);
		LocalDate day = LocalDate.ofInstant(Objects.requireNonNull(details.opensAt()), Terms.CITY_ZONE);
		List<SchoolView> town = schoolsOf(townId);
		Result result = all.execute(status -> {
			List<Outcome> outcomes = new ArrayList<>();
			for (SchoolView school : town) {
				outcomes.add(tryOne(school, day, details));
			}
			boolean ok = !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.problem() == null);
			if (!ok) {
				status.setRollbackOnly();
				return new Result(townId, false, outcomes.stream()
					.map(o -> o.problem() == null ? new Outcome(o.schoolId(), o.schoolName(), o.termId(), o.termName(),
							null, Problem.NOT_STORED, null) : o)
					.toList());
			}
			audit.record(AuditLog.Entry.of("round.town", "town", townId)
				.in(townId, null)
				.detail(details.mode() + " " + details.name() + " " + details.opensAt() + "–" + details.closesAt()
						+ ": " + outcomes.size() + " schools"));
			return new Result(townId, true, outcomes);
		});
		return Objects.requireNonNull(result);
	}

	private Outcome tryOne(SchoolView school, LocalDate day, RoundDetails details) {
		List<TermView> candidates = termsContaining(school.id(), day);
		if (candidates.isEmpty()) {
			return new Outcome(school.id(), school.name(), null, null, null, Problem.NO_TERM, null);
		}
		if (candidates.size() > 1) {
			return new Outcome(school.id(), school.name(), null, null, null, Problem.SEVERAL_TERMS, null);
		}
		TermView term = candidates.get(0);
		try {
			SelectionRound round = Objects.requireNonNull(savepoint.execute(s -> rounds.create(term.id(), details)));
			return new Outcome(school.id(), school.name(), term.id(), term.name(), round.id(), null, null);
		}
		catch (SelectionRefused e) {
			return new Outcome(school.id(), school.name(), term.id(), term.name(), null, Problem.REFUSED, e.reason());
		}
	}
}
