package org.kehou.attendance.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.springframework.web.util.UriComponentsBuilder;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import jakarta.servlet.http.HttpServletRequest;

/** Draws check-in QR codes with ZXing and builds the absolute URL they carry from the request. */
final class CheckInQr {

	/** Pixels per side: large enough to scan from the back of a classroom on a projector or a raised phone. */
	static final int SIZE = 480;

	private CheckInQr() {
	}

	/**
	 * The absolute URL of a path of this application as the client reached it: scheme, host and port of the request,
	 * or of {@code Forwarded} / {@code X-Forwarded-*} headers when a proxy set them.
	 */
	static String absolute(HttpServletRequest request, String path) {
		URI uri = new ServletServerHttpRequest(request).getURI();
		HttpHeaders headers = new ServletServerHttpRequest(request).getHeaders();
		UriComponentsBuilder base = ForwardedHeaderUtils.adaptFromForwardedHeaders(uri, headers)
			.replacePath(request.getContextPath())
			.replaceQuery(null)
			.fragment(null);
		return base.build().toUriString() + path;
	}

	static byte[] png(String text) {
		try {
			BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2,
							EncodeHintType.CHARACTER_SET, "UTF-8"));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			MatrixToImageWriter.writeToStream(matrix, "PNG", out);
			return out.toByteArray();
		}
		catch (WriterException e) {
			throw new IllegalArgumentException("cannot encode a QR code", e);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
