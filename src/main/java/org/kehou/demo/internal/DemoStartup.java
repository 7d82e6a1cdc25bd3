package org.kehou.demo.internal;

import org.kehou.demo.DemoProperties;
import org.kehou.platform.DatabaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * At start, in demo mode: fills an empty database with the configured scale (or, with
 * {@code generate-on-start=false}, creates just the {@code city} account so the city administrator can generate
 * one from {@code /console/demo}), then sets up school1's daily service ({@link DemoDailyService}, unless
 * {@code daily-service=false}). With {@code exit-after-generate} it prints the summary line and exits: the benchmark.
 */
@Component
class DemoStartup implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

	private final DemoProperties properties;

	private final DatabaseProperties database;

	private final DemoCityGenerator generator;

	private final ConfigurableApplicationContext context;

	private final ObjectProvider<DemoDailyService> dailyService;

	DemoStartup(DemoProperties properties, DatabaseProperties database, DemoCityGenerator generator,
			ConfigurableApplicationContext context, ObjectProvider<DemoDailyService> dailyService) {
		this.dailyService = dailyService;
		this.properties = properties;
		this.database = database;
		this.generator = generator;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean exit = properties.exitAfterGenerate();
		if (!exit && !properties.isEnabled(database)) {
			return;
		}
		if (!generator.databaseIsEmpty()) {
			log.info("Demo mode: the database already holds a city; no demo city generated");
			if (exit) {
				System.out.println("Nothing generated: the database already holds a city (use a fresh data directory)");
				exit(1);
			}
			return;
		}
		if (!exit && !properties.generateOnStart()) {
			generator.ensureCityAccount();
			log.info("Demo mode: empty database; sign in as '{}' and generate a city at /console/demo",
					DemoLogins.CITY);
			return;
		}
		DemoStatus.Summary summary = generator.generate(properties.scale());
		if (exit) {
			System.out.println(summary.line());
			exit(0);
		}
		if (properties.dailyService()) {
			dailyService.ifAvailable(DemoDailyService::run);
		}
	}

	private void exit(int code) {
		int status = SpringApplication.exit(context, () -> code);
		System.exit(status);
	}
}
