package org.kehou.providers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the providers tests share: fresh accounts (no username, so the demo city's counts stay) and providers. */
abstract class ProviderAccountsTests {

	@Autowired
	JdbcClient jdbc;

	KehouUser account(String role, @Nullable Long townId, @Nullable Long providerId) {
		String name = "t-" + role.toLowerCase(Locale.ROOT) + "-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
		long id = jdbc.sql("""
				INSERT INTO app_user (phone_hash, display_name, role, town_id, provider_id) VALUES (:h, :u, :r, :t, :p)
				RETURNING id""").param("h", name.getBytes(StandardCharsets.UTF_8)).param("u", name)
			.param("r", role).param("t", townId).param("p", providerId)
			.query(Long.class).single();
		Role r = Role.valueOf(role);
		return new KehouUser(id, name, name, null, r, new Scope(r, townId, null, null, providerId), null, false, false,
				true);
	}

	/** A new provider with its administrator's account. */
	KehouUser newProvider(String name) {
		long id = jdbc.sql("INSERT INTO provider (legal_name) VALUES (:n) RETURNING id").param("n", name)
			.query(Long.class).single();
		return account("PROVIDER_ADMIN", null, id);
	}

	static long id(KehouUser provider) {
		return Objects.requireNonNull(provider.scope().providerId());
	}
}
