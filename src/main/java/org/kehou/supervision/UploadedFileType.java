package org.kehou.supervision;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The one place in supervision that tells what an uploaded file is: PDF, PNG, JPEG or DOCX, recognised by its first
 * bytes whatever its name says, and a safe file name with the extension of that type. Used by policy attachments
 * ({@link Policies}) and inspection evidence ({@link InspectionTasks}).
 */
final class UploadedFileType {

	private UploadedFileType() {
	}

	/** The type a file's first bytes show: PDF, PNG, JPEG or DOCX (a ZIP with a Word part); null for another. */
	static @Nullable String contentType(byte[] content) {
		if (starts(content, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
			return "application/pdf";
		}
		if (starts(content, new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' })) {
			return "image/png";
		}
		if (starts(content, new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff })) {
			return "image/jpeg";
		}
		if (starts(content, new byte[] { 'P', 'K', 3, 4 })
				&& new String(content, 0, Math.min(content.length, 64 * 1024), StandardCharsets.ISO_8859_1)
					.contains("word/")) {
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		}
		return null;
	}

	private static boolean starts(byte[] content, byte[] prefix) {
		return content.length >= prefix.length && Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length);
	}

	/** A safe file name: the base name without path or control characters, with the extension of its type. */
	static String fileName(@Nullable String original, String type) {
		String base = original == null ? "" : original.replace('\\', '/');
		base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>|?*:]", "").strip();
		String ext = switch (type) {
			case "application/pdf" -> ".pdf";
			case "image/png" -> ".png";
			case "image/jpeg" -> ".jpg";
			default -> ".docx";
		};
		int dot = base.lastIndexOf('.');
		String stem = dot > 0 ? base.substring(0, dot) : base;
		if (stem.isBlank()) {
			stem = "附件";
		}
		if (stem.length() > 150) {
			stem = stem.substring(0, 150);
		}
		String given = dot > 0 ? base.substring(dot).toLowerCase(Locale.ROOT) : "";
		return stem + (given.equals(".jpeg") && ext.equals(".jpg") ? ".jpeg" : ext);
	}
}
