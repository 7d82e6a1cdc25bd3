package org.kehou.billing.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Formats instants of billing pages in the city's time ({@code ${@billingTime.of(x)}}). */
@Component("billingTime")
class BillingTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	public String of(@Nullable Instant instant) {
		return instant == null ? "" : FORMAT.format(instant);
	}
}
