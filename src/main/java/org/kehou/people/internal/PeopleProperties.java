package org.kehou.people.internal;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the people module.
 *
 * @param retention how long the data of a student who left stays before it is anonymised (ISO-8601, e.g. P3Y)
 * @param retentionCron when the retention job runs (daily by default)
 */
@ConfigurationProperties("kehou.people")
public record PeopleProperties(@DefaultValue("P3Y") Period retention,
		@DefaultValue("0 30 3 * * *") String retentionCron) {
}
