package org.kehou.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kehou.bench.LotteryBenchmark;
import org.kehou.selection.LotteryInputs.Child;
import org.kehou.selection.LotteryInputs.Offering;

/** The draw without Spring or a database: deterministic, fair by weight, siblings together, rules kept. */
class LotteryDrawTests {

	static final List<Integer> GRADES = List.of(1, 2, 3);

	static Child child(long id, int weight, Long... choices) {
		return new Child(id, 1, weight, null, List.of(choices), List.of(), 0, List.of());
	}

	static LotteryInputs inputs(String seed, List<Offering> offerings, List<Child> children) {
		return new LotteryInputs(7, seed, 2, false, offerings, children);
	}

	@Test
	void theSameInputsGiveTheSameResultAndTheJsonRoundTripKeepsIt() {
		LotteryInputs in = LotteryBenchmark.inputs(3_000, 40, 3, 42);
		LotteryDraw.Result first = LotteryDraw.run(in);
		LotteryDraw.Result again = LotteryDraw.run(in);
		assertThat(again.digest()).isEqualTo(first.digest()).hasSize(64);
		assertThat(again.won()).isEqualTo(first.won());

		String json = in.toJson(first.digest());
		LotteryInputs.Export back = LotteryInputs.fromJson(json);
		assertThat(back.resultDigest()).isEqualTo(first.digest());
		assertThat(back.inputs().toJson()).isEqualTo(in.toJson());
		assertThat(back.inputs().sha256()).isEqualTo(in.sha256());
		assertThat(LotteryVerify.verify(json, null).matches()).isTrue();
		// spacing and key order do not matter to the reader
		assertThat(LotteryInputs.fromJson(json.replace(",", " , ")).inputs().sha256()).isEqualTo(in.sha256());
		assertThatThrownBy(() -> LotteryInputs.fromJson("{\"format\":\"other\"}"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> LotteryInputs.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aChangedChoiceWeightOrSeedFailsVerification() {
		List<Offering> offerings = List.of(new Offering(1, 1, GRADES, List.of("2 16:00-17:00")),
				new Offering(2, 1, GRADES, List.of("3 16:00-17:00")));
		List<Child> children = new ArrayList<>();
		for (long id = 1; id <= 20; id++) {
			children.add(child(id, 0, 1L, 2L));
		}
		LotteryInputs in = inputs("00112233445566778899aabbccddeeff", offerings, children);
		String json = in.toJson(LotteryDraw.run(in).digest());
		assertThat(LotteryVerify.verify(json, null).matches()).isTrue();
		assertThat(LotteryVerify.verify(json, "ffeeddccbbaa99887766554433221100").matches()).as("another seed")
			.isFalse();
		assertThat(LotteryVerify.verify(json.replace("{\"id\":5,\"grade\":1,\"weight\":0,\"siblings\":null,\"choices\":[1,2]",
				"{\"id\":5,\"grade\":1,\"weight\":0,\"siblings\":null,\"choices\":[2,1]"), null).matches())
			.as("a changed choice").isFalse();
		// the child who lost offering 1 gets a weight: it wins now
		LotteryDraw.Result result = LotteryDraw.run(in);
		long loser = children.stream().map(Child::id).filter(id -> !Long.valueOf(1).equals(result.wonBy(id)))
			.findFirst().orElseThrow();
		String weighted = json.replace("{\"id\":" + loser + ",\"grade\":1,\"weight\":0",
				"{\"id\":" + loser + ",\"grade\":1,\"weight\":10");
		assertThat(weighted).isNotEqualTo(json);
		assertThat(LotteryVerify.verify(weighted, null).matches()).as("a changed weight").isFalse();
	}

	@Test
	void aWeightedChildAlwaysBeatsUnweightedOnesForOneSeat() {
		List<Offering> one = List.of(new Offering(1, 1, GRADES, List.of("2 16:00-17:00")));
		for (int s = 0; s < 300; s++) {
			List<Child> children = new ArrayList<>();
			for (long id = 1; id <= 10; id++) {
				children.add(child(id, id == 7 ? 30 : 0, 1L));
			}
			LotteryDraw.Result r = LotteryDraw.run(inputs("seed-" + s, one, children));
			assertThat(r.wonBy(7)).as("seed-" + s).isEqualTo(1L);
			assertThat(r.won()).hasSize(1);
			assertThat(r.waitlists().get(1L)).hasSize(9).doesNotContain(7L);
		}
	}

	@Test
	void unweightedChildrenWinAboutEquallyOften() {
		List<Offering> one = List.of(new Offering(1, 1, GRADES, List.of("2 16:00-17:00")));
		Map<Long, Integer> wins = new HashMap<>();
		for (int s = 0; s < 2_000; s++) {
			List<Child> children = new ArrayList<>();
			for (long id = 1; id <= 4; id++) {
				children.add(child(id, 0, 1L));
			}
			wins.merge(LotteryDraw.run(inputs("s" + s, one, children)).won().keySet().iterator().next(), 1, Integer::sum);
		}
		assertThat(wins.values()).allSatisfy(n -> assertThat(n).isBetween(400, 600));
	}

	@Test
	void siblingsDrawAsOneUnitAndFollowEachOther() {
		List<Offering> offerings = List.of(new Offering(1, 3, GRADES, List.of("2 16:00-17:00")));
		for (int s = 0; s < 100; s++) {
			List<Child> children = new ArrayList<>();
			for (long id = 1; id <= 30; id++) {
				Long group = id == 11 || id == 12 || id == 25 ? Long.valueOf(11) : null;
				children.add(new Child(id, 1, 0, group, List.of(1L), List.of(), 0, List.of()));
			}
			LotteryDraw.Result r = LotteryDraw.run(new LotteryInputs(7, "k" + s, 2, true, offerings, children));
			int at = Math.min(r.order().indexOf(11L), Math.min(r.order().indexOf(12L), r.order().indexOf(25L)));
			List<Long> unit = r.order().subList(at, at + 3);
			assertThat(unit).as("seed k" + s).containsExactlyInAnyOrder(11L, 12L, 25L);
		}
	}

	@Test
	void capacityOverlapMaximumAndGradeAreKeptAndTheFirstFullChoiceWaitlists() {
		List<Offering> offerings = List.of(new Offering(1, 1, GRADES, List.of("2 16:00-17:00")),
				new Offering(2, 5, GRADES, List.of("2 16:30-17:30")), // overlaps what child 3 holds
				new Offering(3, 5, List.of(4, 5), List.of("4 16:00-17:00"))); // other grades only
		List<Child> children = List.of(child(1, 50, 1L, 2L), child(2, 0, 1L, 2L),
				new Child(3, 1, 0, null, List.of(2L, 1L), List.of("2 17:00-18:00"), 0, List.of()),
				new Child(4, 1, 0, null, List.of(2L), List.of(), 2, List.of()), // at the maximum already
				child(5, 0, 3L), // grade 1 may not take offering 3
				new Child(6, 1, 0, null, List.of(2L), List.of(), 1, List.of(2L))); // already in offering 2
		LotteryDraw.Result r = LotteryDraw.run(inputs("abc", offerings, children));
		assertThat(r.wonBy(1)).isEqualTo(1L);
		assertThat(r.wonBy(2)).isEqualTo(2L);
		assertThat(r.wonBy(3)).as("2 overlaps its place, 1 is full").isNull();
		assertThat(r.waitlists()).containsEntry(1L, List.of(3L));
		assertThat(r.wonBy(4)).isNull();
		assertThat(r.wonBy(5)).isNull();
		assertThat(r.wonBy(6)).isNull();
		assertThat(r.order()).hasSize(6).startsWith(1L);
	}
}
