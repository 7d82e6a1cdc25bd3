package org.kehou.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.kehou.selection.LotteryDraw;
import org.kehou.selection.LotteryInputs;

/**
 * The lottery at city scale (zhongshan: 460,000 children, ~2,800 offerings, 3 ranked choices each), in memory:
 * builds {@link LotteryInputs} from a seeded generator (293 schools, each child choosing among its own school's
 * offerings of its grade band; a few weighted children, sibling pairs drawing together, some children already
 * holding a place), runs {@link LotteryDraw} and reports one line. No timing assertion anywhere: this is measured,
 * not tested.
 * <p>
 * Standalone: {@code ./mvnw -q -o test-compile && java -Xmx2g -cp target/test-classes:target/classes
 * org.kehou.bench.LotteryBenchmark [children] [offerings] [choices] [export.json]}; with a fourth argument the
 * inputs and the result digest are also written there, for {@code LotteryVerify}.
 */
public final class LotteryBenchmark {

	private LotteryBenchmark() {
	}

	public static void main(String[] args) {
		int children = args.length > 0 ? Integer.parseInt(args[0]) : 460_000;
		int offerings = args.length > 1 ? Integer.parseInt(args[1]) : 2_800;
		int choices = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		System.out.println(run(children, offerings, choices, 20260901L));
		if (args.length > 3) {
			LotteryInputs inputs = inputs(children, offerings, choices, 20260901L);
			try {
				java.nio.file.Files.writeString(java.nio.file.Path.of(args[3]),
						inputs.toJson(LotteryDraw.run(inputs).digest()));
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}
	}

	/** Builds the inputs, draws once, returns the result line. */
	public static String run(int children, int offerings, int choices, long generatorSeed) {
		long built = System.nanoTime();
		LotteryInputs inputs = inputs(children, offerings, choices, generatorSeed);
		long buildMs = (System.nanoTime() - built) / 1_000_000;
		long start = System.nanoTime();
		LotteryDraw.Result result = LotteryDraw.run(inputs);
		long drawMs = (System.nanoTime() - start) / 1_000_000;
		return "lottery children=" + children + " offerings=" + offerings + " choices=" + choices + " draw_ms=" + drawMs
				+ " build_ms=" + buildMs + " won=" + result.won().size() + " waitlisted=" + result.waitlisted()
				+ " seed=" + inputs.seed() + " digest=" + result.digest();
	}

	/** Seeded synthetic inputs at the given scale. */
	public static LotteryInputs inputs(int children, int offerings, int choices, long generatorSeed) {
		SplittableRandom random = new SplittableRandom(generatorSeed);
		int schools = Math.max(1, Math.min(293, offerings / 3));
		String[] times = { "15:30-16:30", "16:00-17:00", "16:30-17:30", "17:00-18:00" };
		List<LotteryInputs.Offering> os = new ArrayList<>(offerings);
		List<List<Long>> ofSchoolBand = new ArrayList<>(); // school * 3 + grade band
		for (int i = 0; i < schools * 3; i++) {
			ofSchoolBand.add(new ArrayList<>());
		}
		for (int k = 0; k < offerings; k++) {
			long id = 100_000 + k;
			int school = k % schools;
			int band = (k / schools) % 3; // grades 1–3, 4–6, 7–9
			List<String> slots = new ArrayList<>();
			int day = 1 + random.nextInt(5);
			slots.add(day + " " + times[random.nextInt(times.length)]);
			if (random.nextInt(3) == 0) {
				slots.add((1 + (day + 1 + random.nextInt(3)) % 5) + " " + times[random.nextInt(times.length)]);
			}
			os.add(new LotteryInputs.Offering(id, 20 + random.nextInt(31),
					List.of(band * 3 + 1, band * 3 + 2, band * 3 + 3), slots));
			ofSchoolBand.get(school * 3 + band).add(id);
		}
		List<LotteryInputs.Child> cs = new ArrayList<>(children);
		String[] heldTimes = { "1 15:30-16:30", "3 16:00-17:00", "5 16:30-17:30" };
		for (int c = 0; c < children; c++) {
			long id = 1_000_000 + c;
			int school = c % schools;
			int grade = 1 + random.nextInt(9);
			List<Long> pool = ofSchoolBand.get(school * 3 + (grade - 1) / 3);
			List<Long> picks = new ArrayList<>(choices);
			for (int t = 0; t < choices * 4 && picks.size() < Math.min(choices, pool.size()); t++) {
				long pick = pool.get(random.nextInt(pool.size()));
				if (!picks.contains(pick)) {
					picks.add(pick);
				}
			}
			int weight = random.nextInt(100) < 5 ? 10 + 10 * random.nextInt(5) : 0;
			// every tenth child has a sibling: the next child (same school), sharing the lower id as key
			Long siblings = c % 10 == 1 ? Long.valueOf(id - 1) : (c % 10 == 0 ? Long.valueOf(id) : null);
			boolean holds = random.nextInt(10) == 0;
			cs.add(new LotteryInputs.Child(id, grade, weight, siblings, picks,
					holds ? List.of(heldTimes[random.nextInt(heldTimes.length)]) : List.of(), holds ? 1 : 0, List.of()));
		}
		String seed = Long.toHexString(new SplittableRandom(generatorSeed ^ 0x5eedL).nextLong())
				+ Long.toHexString(new SplittableRandom(generatorSeed ^ 0xfeedL).nextLong());
		return new LotteryInputs(1L, seed, 2, true, os, cs);
	}
}
