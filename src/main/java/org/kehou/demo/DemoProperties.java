package org.kehou.demo;

import org.jspecify.annotations.Nullable;
import org.kehou.platform.DatabaseProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo city ({@code kehou.demo.*}).
 *
 * @param enabled whether demo mode is on: demo accounts are listed on the login page and, when the database holds no
 * city yet, a city is generated at start. Unset means "on when the database is the embedded one"
 * ({@link DatabaseProperties#isEmbedded()}), off with an external database (production). The test profile turns it
 * off; demo tests turn it on with {@code @DemoCityTest}.
 * @param scale how big a city to generate: tiny, small (default) or zhongshan
 * @param seed the random seed: the same seed and scale give the same city (names, ID numbers, phones, families)
 * @param generateOnStart generate at start when the database is empty; when false only the {@code city} account is
 * created, and the city administrator generates a scale from the console page {@code /console/demo}
 * @param exitAfterGenerate generate, print a one-line summary with the time taken and exit (the benchmark:
 * {@code bin/generate-demo-city})
 * @param showCodes in demo mode, one-time sign-in codes may be shown on screen instead of being sent by SMS (read
 * by the module that sends codes; never enable with real people's phones)
 * @param dailyService after generating a city, let demo school1 run its after-school service (课后服务): two published
 * offerings of its current term taught every school day by {@code teacher1} and {@code instructor1}, with children of
 * the demo guardians and others placed in them, so that today's sessions, roll call, leave, pickup, check-in and
 * inspections can be tried at once. The test profile turns it off (tests build their own).
 */
@ConfigurationProperties("kehou.demo")
public record DemoProperties(@Nullable Boolean enabled, @DefaultValue("small") DemoScale scale,
		@DefaultValue("20260901") long seed, @DefaultValue("true") boolean generateOnStart,
		@DefaultValue("false") boolean exitAfterGenerate, @DefaultValue("true") boolean showCodes,
		@DefaultValue("true") boolean dailyService) {

	/** On when set so; when unset, on with the embedded database only. */
	public boolean isEnabled(DatabaseProperties database) {
		return enabled != null ? enabled : database.isEmbedded();
	}
}
