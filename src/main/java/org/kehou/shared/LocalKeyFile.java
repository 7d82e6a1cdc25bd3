package org.kehou.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A key the embedded demo keeps next to its database (e.g. {@code ./data/pii.key}) when none is configured: read from
 * the file, or generated once and written there readable by the owner only.
 */
public final class LocalKeyFile {

	/** The key (trimmed) and whether this call generated it. */
	public record Key(String value, boolean generated) {
	}

	private LocalKeyFile() {
	}

	public static Key readOrGenerate(Path file, Supplier<String> generator) {
		try {
			if (Files.exists(file)) {
				return new Key(Files.readString(file).trim(), false);
			}
			String generated = generator.get();
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, generated);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ignored) {
				// not a POSIX file system
			}
			return new Key(generated, true);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read or write " + file, e);
		}
	}
}
