package org.kehou.providers.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code kehou.providers.documents.*}: the directory of the local-disk storage and the largest accepted file.
 */
@ConfigurationProperties("kehou.providers.documents")
public record DocumentsProperties(@Nullable Path directory, @Nullable DataSize maxSize) {

	public DocumentsProperties {
		directory = directory == null ? Path.of("./data/documents") : directory;
		maxSize = maxSize == null ? DataSize.ofMegabytes(10) : maxSize;
	}

	public Path dir() {
		return java.util.Objects.requireNonNull(directory);
	}

	public DataSize limit() {
		return java.util.Objects.requireNonNull(maxSize);
	}
}
