package org.kehou.providers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Documents as files under one directory. A file is written under a temporary name in the same directory and then
 * moved atomically to its key, so a reader never sees a half-written file.
 */
class LocalDiskDocumentStorage implements DocumentStorage {

	private final Path root;

	LocalDiskDocumentStorage(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	@Override
	public void put(String key, InputStream content) throws IOException {
		Path target = resolve(key);
		Files.createDirectories(target.getParent());
		Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
		try {
			Files.copy(content, temp);
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temp, target);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	@Override
	public InputStream get(String key) throws IOException {
		return Files.newInputStream(resolve(key));
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(resolve(key));
	}

	private Path resolve(String key) {
		Path path = root.resolve(key).normalize();
		if (!path.startsWith(root) || path.equals(root)) {
			throw new IllegalArgumentException("invalid storage key");
		}
		return path;
	}
}
