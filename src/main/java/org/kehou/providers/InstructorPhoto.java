package org.kehou.providers;

import java.time.Instant;

/** An instructor's photo (metadata; the bytes come from {@link InstructorPhotos#content}). */
public record InstructorPhoto(long instructorId, String contentType, long size, String sha256, Instant uploadedAt) {
}
