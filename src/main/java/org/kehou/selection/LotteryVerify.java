package org.kehou.selection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;

/**
 * Re-runs a past lottery draw from its exported inputs, without the application:
 * {@code java -cp target/classes org.kehou.selection.LotteryVerify inputs.json [seed]}. Prints the inputs' SHA-256,
 * the recomputed result digest and whether it matches the {@code resultDigest} inside the file; exits 0 when it
 * matches, 1 when it does not, 2 on bad input. A seed on the command line replaces the file's (to check a file
 * against the published seed). A {@code .gz} file is read gunzipped.
 */
public final class LotteryVerify {

	/**
	 * The outcome of a verification.
	 *
	 * @param expected the digest the file claims (null: none)
	 */
	public record Outcome(String inputsSha256, String digest, @Nullable String expected, int children, int won,
			int waitlisted) {

		public boolean matches() {
			return digest.equals(expected);
		}
	}

	private LotteryVerify() {
	}

	/** Re-runs the draw of an export; a non-blank seed replaces the file's. */
	public static Outcome verify(String json, @Nullable String seed) {
		LotteryInputs.Export export = LotteryInputs.fromJson(json);
		LotteryInputs inputs = seed == null || seed.isBlank() ? export.inputs() : export.inputs().withSeed(seed.strip());
		LotteryDraw.Result result = LotteryDraw.run(inputs);
		return new Outcome(inputs.sha256(), result.digest(), export.resultDigest(), inputs.children().size(),
				result.won().size(), result.waitlisted());
	}

	/** Reads an export's bytes: gzip (by its magic number) or plain UTF-8. */
	public static String text(byte[] bytes) throws IOException {
		if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
			try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: java -cp target/classes org.kehou.selection.LotteryVerify inputs.json [seed]");
			System.exit(2);
		}
		Outcome outcome;
		try {
			outcome = verify(text(Files.readAllBytes(Path.of(args[0]))), args.length == 2 ? args[1] : null);
		}
		catch (IllegalArgumentException e) {
			System.err.println("not a lottery inputs file: " + e.getMessage());
			System.exit(2);
			return;
		}
		System.out.println("inputs_sha256=" + outcome.inputsSha256());
		System.out.println("children=" + outcome.children() + " won=" + outcome.won() + " waitlisted="
				+ outcome.waitlisted());
		System.out.println("digest=" + outcome.digest());
		System.out.println("expected=" + (outcome.expected() == null ? "(none in file)" : outcome.expected()));
		System.out.println(outcome.matches() ? "MATCH 一致" : "MISMATCH 不一致");
		System.exit(outcome.matches() ? 0 : 1);
	}
}
