package org.kehou.demo.internal;

import org.jspecify.annotations.Nullable;
import org.kehou.demo.DemoScale;

/**
 * What the generator is doing, for the console page and the log.
 *
 * @param phase message key of the current step ({@code demo.phase.*})
 * @param percent 0–100
 * @param error why the last run failed
 */
public record DemoStatus(State state, @Nullable DemoScale scale, String phase, int percent, long startedNanos,
		long elapsedMillis, @Nullable Summary summary, @Nullable String error) {

	/** Live while running, the final figure afterwards. */
	@Override
	public long elapsedMillis() {
		return state == State.RUNNING ? (System.nanoTime() - startedNanos) / 1_000_000 : elapsedMillis;
	}

	public enum State {
		IDLE, RUNNING, DONE, FAILED
	}

	/** What a finished run generated. */
	public record Summary(DemoScale scale, int platforms, int towns, int schools, long classes, long staff,
			long students, long guardians, long links, long hardships, long accounts, long millis) {

		public String seconds() {
			return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
		}

		public String line() {
			return "Generated " + scale.key() + " scale: " + students + " students, " + guardians + " guardians ("
					+ links + " student-guardian links), " + staff + " staff, " + schools + " schools, " + classes
					+ " classes, " + towns + " towns, " + platforms + " service platforms, " + accounts
					+ " accounts in " + seconds() + " s";
		}
	}

	static final DemoStatus IDLE = new DemoStatus(State.IDLE, null, "demo.phase.idle", 0, 0, 0, null, null);

	public boolean running() {
		return state == State.RUNNING;
	}
}
