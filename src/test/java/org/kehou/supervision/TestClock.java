package org.kehou.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A clock the test moves by hand. */
final class TestClock extends Clock {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-02T02:00:00Z"));

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Instant instant() {
		return now.get();
	}

	void set(Instant instant) {
		now.set(instant);
	}

	void advance(Duration duration) {
		now.updateAndGet(i -> i.plus(duration));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		TestClock testClock() {
			return new TestClock();
		}
	}
}
