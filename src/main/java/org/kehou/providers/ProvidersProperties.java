package org.kehou.providers;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kehou.providers.*}: who reviews applications ({@code review}: {@code TOWN} (default), {@code CITY},
 * {@code TOWN_THEN_CITY}) and how many days before a document expires its reminder is raised
 * ({@code reminder-days}, default 30). The expiry job's schedule is {@code kehou.providers.expiry-cron}
 * (default 02:15 every day, Asia/Shanghai).
 */
@ConfigurationProperties("kehou.providers")
public record ProvidersProperties(@Nullable ReviewLevel review, @Nullable Integer reminderDays) {

	public ProvidersProperties {
		review = review == null ? ReviewLevel.TOWN : review;
		reminderDays = reminderDays == null ? 30 : reminderDays;
	}

	public ReviewLevel level() {
		return java.util.Objects.requireNonNull(review);
	}

	public int days() {
		return java.util.Objects.requireNonNull(reminderDays);
	}
}
