package org.kehou.selection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The lottery (摇号) draw: pure, deterministic, no Spring and no database. The same {@link LotteryInputs} always give
 * the same {@link Result} and the same digest, on any machine (see docs/lottery.md for the rules in prose):
 * <ol>
 * <li>every child gets a <b>draw number</b>: the first 8 bytes of SHA-256(UTF-8 of {@code seed + ":" + childId}),
 * as a non-negative long (the top bit dropped);</li>
 * <li>children are ordered by priority <b>weight</b> (descending), then draw number (ascending), then id; with
 * {@code keepSiblings} the children of one sibling group form a unit that takes the position of its best member,
 * its members following each other in the same order;</li>
 * <li><b>serial dictatorship</b>: in that order each child gets its best-ranked choice that still has a free seat,
 * that its grade may take, that does not overlap a place it already holds, where it has no live place yet, and while
 * its live places stay under {@code maxPerChild} — at most one place per child from the draw;</li>
 * <li>a child who got nothing is <b>waitlisted</b> for its best-ranked choice that it could have taken but that
 * was full, in draw order;</li>
 * <li>the <b>digest</b> is SHA-256 over the canonical result text: a first line
 * {@code kehou-lottery-1 round=<id> seed=<seed> inputs=<SHA-256 of the canonical inputs JSON>} binding the result
 * to exactly these inputs, then one line per child in draw order, {@code childId:offeringId} (won),
 * {@code childId:W:offeringId} (waitlisted) or {@code childId:-} (nothing).</li>
 * </ol>
 */
public final class LotteryDraw {

	/**
	 * The draw's outcome.
	 *
	 * @param order children in draw order
	 * @param won child → offering it won
	 * @param waitlists offering → children waitlisted for it, in draw order
	 * @param digest SHA-256 (hex) of the canonical result text
	 */
	public record Result(List<Long> order, Map<Long, Long> won, Map<Long, List<Long>> waitlists, String digest) {

		public @Nullable Long wonBy(long childId) {
			return won.get(childId);
		}

		public int waitlisted() {
			return waitlists.values().stream().mapToInt(List::size).sum();
		}
	}

	private LotteryDraw() {
	}

	/** The draw number of a child under a seed: SHA-256(seed ":" childId), first 8 bytes, top bit cleared. */
	public static long drawNumber(String seed, long childId) {
		return drawNumber(sha(), seed, childId);
	}

	private static long drawNumber(MessageDigest md, String seed, long childId) {
		md.reset();
		md.update(seed.getBytes(StandardCharsets.UTF_8));
		byte[] h = md.digest((":" + childId).getBytes(StandardCharsets.UTF_8));
		long v = 0;
		for (int k = 0; k < 8; k++) {
			v = (v << 8) | (h[k] & 0xff);
		}
		return v >>> 1;
	}

	public static Result run(LotteryInputs in) {
		// offerings, by index
		int no = in.offerings().size();
		Map<Long, Integer> index = new HashMap<>(no * 2);
		int[] free = new int[no];
		long[] grades = new long[no];
		int[][] slots = new int[no][];
		for (int k = 0; k < no; k++) {
			LotteryInputs.Offering o = in.offerings().get(k);
			if (index.put(o.id(), k) != null) {
				throw new IllegalArgumentException("offering " + o.id() + " twice");
			}
			free[k] = Math.max(0, o.free());
			for (int g : o.grades()) {
				grades[k] |= 1L << (g & 63);
			}
			slots[k] = minutes(o.slots());
		}

		// draw numbers and order
		int nc = in.children().size();
		LotteryInputs.Child[] children = in.children().toArray(LotteryInputs.Child[]::new);
		long[] draw = new long[nc];
		MessageDigest md = sha();
		for (int c = 0; c < nc; c++) {
			draw[c] = drawNumber(md, in.seed(), children[c].id());
		}
		int[] weight = new int[nc];
		long[] ids = new long[nc];
		for (int c = 0; c < nc; c++) {
			weight[c] = children[c].weight();
			ids[c] = children[c].id();
		}
		int[] byMember = new int[nc];
		for (int c = 0; c < nc; c++) {
			byMember[c] = c;
		}
		sort(byMember, new int[nc], 0, nc, weight, draw, ids);
		int[] order = new int[nc];
		if (in.keepSiblings()) {
			// units in the order of their best member; members follow it in member order
			Map<Long, List<Integer>> units = new LinkedHashMap<>();
			for (int c : byMember) {
				Long key = children[c].siblings();
				units.computeIfAbsent(key == null ? -1L - c : key, x -> new ArrayList<>(2)).add(c);
			}
			int n = 0;
			for (List<Integer> unit : units.values()) {
				for (int c : unit) {
					order[n++] = c;
				}
			}
		}
		else {
			for (int c = 0; c < nc; c++) {
				order[c] = byMember[c];
			}
		}

		// serial dictatorship
		List<Long> orderIds = new ArrayList<>(nc);
		Map<Long, Long> won = new HashMap<>(nc * 2);
		Map<Long, List<Long>> waitlists = new TreeMap<>();
		MessageDigest digest = sha();
		digest.update((LotteryInputs.FORMAT + " round=" + in.roundId() + " seed=" + in.seed() + " inputs=" + in.sha256()
				+ "\n").getBytes(StandardCharsets.UTF_8));
		StringBuilder line = new StringBuilder(64);
		byte[] lineBytes = new byte[64];
		for (int c : order) {
			LotteryInputs.Child child = children[c];
			orderIds.add(child.id());
			int[] busy = minutes(child.busy());
			int winner = -1;
			int waitFor = -1;
			if (child.live() < in.maxPerChild()) {
				for (long choice : child.choices()) {
					Integer k = index.get(choice);
					if (k == null || (grades[k] & (1L << (child.grade() & 63))) == 0
							|| child.liveOfferings().contains(choice) || overlaps(slots[k], busy)) {
						continue;
					}
					if (free[k] > 0) {
						winner = k;
						break;
					}
					if (waitFor < 0) {
						waitFor = k;
					}
				}
			}
			line.setLength(0);
			line.append(child.id()).append(':');
			if (winner >= 0) {
				free[winner]--;
				long offering = in.offerings().get(winner).id();
				won.put(child.id(), offering);
				line.append(offering);
			}
			else if (waitFor >= 0) {
				long offering = in.offerings().get(waitFor).id();
				waitlists.computeIfAbsent(offering, x -> new ArrayList<>()).add(child.id());
				line.append("W:").append(offering);
			}
			else {
				line.append('-');
			}
			line.append('\n');
			for (int k = 0; k < line.length(); k++) {
				lineBytes[k] = (byte) line.charAt(k);
			}
			digest.update(lineBytes, 0, line.length());
		}
		return new Result(orderIds, won, waitlists, HexFormat.of().formatHex(digest.digest()));
	}

	/** Weight descending, then draw number ascending, then id ascending. */
	private static boolean before(int a, int b, int[] weight, long[] draw, long[] ids) {
		if (weight[a] != weight[b]) {
			return weight[a] > weight[b];
		}
		if (draw[a] != draw[b]) {
			return draw[a] < draw[b];
		}
		return ids[a] < ids[b];
	}

	/** A merge sort of child indexes (no boxing: 460,000 children sort in a fraction of a second). */
	private static void sort(int[] a, int[] tmp, int from, int to, int[] weight, long[] draw, long[] ids) {
		if (to - from < 24) {
			for (int i = from + 1; i < to; i++) {
				int x = a[i];
				int j = i - 1;
				while (j >= from && before(x, a[j], weight, draw, ids)) {
					a[j + 1] = a[j];
					j--;
				}
				a[j + 1] = x;
			}
			return;
		}
		int mid = (from + to) >>> 1;
		sort(a, tmp, from, mid, weight, draw, ids);
		sort(a, tmp, mid, to, weight, draw, ids);
		if (!before(a[mid], a[mid - 1], weight, draw, ids)) {
			return;
		}
		System.arraycopy(a, from, tmp, from, to - from);
		int i = from, j = mid, k = from;
		while (i < mid && j < to) {
			a[k++] = before(tmp[j], tmp[i], weight, draw, ids) ? tmp[j++] : tmp[i++];
		}
		while (i < mid) {
			a[k++] = tmp[i++];
		}
		while (j < to) {
			a[k++] = tmp[j++];
		}
	}

	/** Weekly times {@code "d HH:MM-HH:MM"} as pairs of minutes of the week. */
	static int[] minutes(List<String> slots) {
		int[] out = new int[slots.size() * 2];
		for (int k = 0; k < slots.size(); k++) {
			String s = slots.get(k).strip();
			int space = s.indexOf(' ');
			int dash = s.indexOf('-', space);
			if (space < 0 || dash < 0) {
				throw new IllegalArgumentException("slot " + s + " is not 'weekday HH:MM-HH:MM'");
			}
			int day = Integer.parseInt(s.substring(0, space));
			out[2 * k] = day * 1440 + timeOfDay(s.substring(space + 1, dash));
			out[2 * k + 1] = day * 1440 + timeOfDay(s.substring(dash + 1));
		}
		return out;
	}

	private static int timeOfDay(String hhmm) {
		String[] p = hhmm.split(":");
		return Integer.parseInt(p[0]) * 60 + Integer.parseInt(p[1]);
	}

	/** Half-open intervals: 15:30–16:30 and 16:30–17:30 do not overlap. */
	static boolean overlaps(int[] a, int[] b) {
		for (int i = 0; i < a.length; i += 2) {
			for (int j = 0; j < b.length; j += 2) {
				if (a[i] < b[j + 1] && b[j] < a[i + 1]) {
					return true;
				}
			}
		}
		return false;
	}

	private static MessageDigest sha() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
