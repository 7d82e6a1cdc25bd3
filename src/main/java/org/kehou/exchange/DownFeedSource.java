package org.kehou.exchange;

import java.time.LocalDate;
import java.util.List;

/**
 * A source of the city's master data for the down feed (SPI): the module that holds the data (organisation for
 * schools, providers for the whitelist, catalogue for categories and caps, supervision for policies) implements it
 * as a bean, and the supervision platform's publisher compares what {@link #current} answers with what it published
 * last and appends only the changes. A type whose source is absent in a deployment (e.g. providers in the
 * supervision-only deployment) is simply not published, and what was published of it stays as it is.
 */
public interface DownFeedSource {

	/** The down record type this source answers; at most one source per type. */
	RecordType type();

	/**
	 * Every record of the type as it is now, each with its id in the feed and the standard's {@code data} (valid
	 * against the type's schema). A record missing from the answer is published as deleted.
	 *
	 * @param today the city's date (for validity that depends on it)
	 */
	List<DownFeedRecord> current(LocalDate today);
}
