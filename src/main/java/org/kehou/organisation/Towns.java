package org.kehou.organisation;

import java.util.List;
import java.util.Optional;

import org.kehou.identity.AuditLog;
import org.kehou.identity.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The city and its towns/streets (镇街). */
@Service
@Transactional(readOnly = true)
public class Towns {

	private static final String SELECT = """
			SELECT t.id, t.code, t.name, t.kind, t.platform_id, p.name AS platform_name,
			       (SELECT count(*) FROM school s WHERE s.town_id = t.id AND s.active) AS school_count
			FROM town t LEFT JOIN service_platform p ON p.id = t.platform_id
			""";

	private final JdbcClient jdbc;

	private final AuditLog audit;

	Towns(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** The towns a scope sees: all for the city, its own for a town admin, the school's town for school staff. */
	public List<TownView> listTowns(Scope scope) {
		Optional<ScopeAnchors> anchors = ScopeAnchors.of(scope);
		if (anchors.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(SELECT + """
				WHERE (CAST(:anchorTown AS BIGINT) IS NULL OR t.id = :anchorTown)
				  AND (CAST(:anchorSchool AS BIGINT) IS NULL
				       OR t.id IN (SELECT s.town_id FROM school s WHERE s.id = :anchorSchool))
				ORDER BY t.code""")
			.param("anchorTown", anchors.get().townId())
			.param("anchorSchool", anchors.get().schoolId())
			.query(TownView.class)
			.list();
	}

	/** Every town of the city: public knowledge, e.g. for a provider choosing the town pools it applies to. */
	public List<TownView> listAll() {
		return jdbc.sql(SELECT + " ORDER BY t.code").query(TownView.class).list();
	}

	public Optional<TownView> findTown(long townId) {
		return jdbc.sql(SELECT + " WHERE t.id = :id").param("id", townId).query(TownView.class).optional();
	}

	/** Defines the city (idempotent by code); Kehou serves one city per installation. */
	@Transactional
	public long defineCity(String code, String name) {
		jdbc.sql("INSERT INTO city (code, name) VALUES (:code, :name) ON CONFLICT (code) DO NOTHING")
			.param("code", code)
			.param("name", name)
			.update();
		return jdbc.sql("SELECT id FROM city WHERE code = :code").param("code", code).query(Long.class).single();
	}

	/**
	 * Registers a town or street of the city.
	 *
	 * @param kind {@code TOWN} or {@code STREET}
	 * @throws IllegalStateException when the code is taken or no city is defined
	 */
	@Transactional
	public TownView registerTown(String code, String name, String kind) {
		if (!kind.equals("TOWN") && !kind.equals("STREET")) {
			throw new IllegalArgumentException("a town's kind is TOWN or STREET: " + kind);
		}
		long cityId = cityId(jdbc);
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO town (city_id, code, name, kind) VALUES (:city, :code, :name, :kind) RETURNING id""")
				.param("city", cityId)
				.param("code", requireText(code, 32, "code"))
				.param("name", requireText(name, 100, "name"))
				.param("kind", kind)
				.query(Long.class)
				.single();
		}
		catch (org.springframework.dao.DuplicateKeyException e) {
			throw new IllegalStateException("a town with code " + code + " exists");
		}
		audit.record(AuditLog.Entry.of("town.create", "town", id).in(id, null).detail(code + " " + name));
		return findTown(id).orElseThrow();
	}

	static long cityId(JdbcClient jdbc) {
		return jdbc.sql("SELECT id FROM city ORDER BY id LIMIT 1")
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("no city defined yet"));
	}

	static String requireText(String value, int max, String what) {
		String text = value.strip();
		if (text.isEmpty() || text.length() > max) {
			throw new IllegalArgumentException(what + " must have 1 to " + max + " characters");
		}
		return text;
	}
}
