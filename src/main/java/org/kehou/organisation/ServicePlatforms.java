package org.kehou.organisation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The service platforms ("N" of 1+N) and which schools each one serves — data the city keeps, not code. */
@Service
@Transactional(readOnly = true)
public class ServicePlatforms {

	private record PlatformRow(long id, String code, String name, @Nullable String vendor, @Nullable String baseUrl) {
	}

	private record ServedRow(long platformId, long id, String code, String name, @Nullable String townName,
			boolean cityDirect) {
	}

	private final JdbcClient jdbc;

	private final AuditLog audit;

	ServicePlatforms(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** Every platform with the schools it serves. */
	public List<PlatformView> listPlatforms() {
		Map<Long, List<PlatformView.ServedSchool>> served = jdbc.sql("""
				SELECT s.platform_id, s.id, s.code, s.name, t.name AS town_name, s.city_direct
				FROM school s LEFT JOIN town t ON t.id = s.town_id
				WHERE s.platform_id IS NOT NULL ORDER BY s.city_direct DESC, t.code NULLS FIRST, s.code""")
			.query(ServedRow.class)
			.stream()
			.collect(Collectors.groupingBy(ServedRow::platformId, Collectors.mapping(
					r -> new PlatformView.ServedSchool(r.id(), r.code(), r.name(), r.townName(), r.cityDirect()),
					Collectors.toList())));
		return jdbc.sql("SELECT id, code, name, vendor, base_url FROM service_platform ORDER BY code")
			.query(PlatformRow.class)
			.stream()
			.map(p -> new PlatformView(p.id(), p.code(), p.name(), p.vendor(), p.baseUrl(),
					served.getOrDefault(p.id(), List.of())))
			.toList();
	}

	public Optional<PlatformView> findPlatform(long platformId) {
		return listPlatforms().stream().filter(p -> p.id() == platformId).findFirst();
	}

	/** The platform serving a school, if one is assigned. */
	public Optional<PlatformView> platformOf(long schoolId) {
		return jdbc.sql("SELECT platform_id FROM school WHERE id = :id AND platform_id IS NOT NULL")
			.param("id", schoolId)
			.query(Long.class)
			.optional()
			.flatMap(this::findPlatform);
	}

	/**
	 * Registers a service platform.
	 *
	 * @throws IllegalStateException when the code is taken
	 */
	@Transactional
	public long register(String code, String name, @Nullable String vendor, @Nullable String baseUrl) {
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO service_platform (code, name, vendor, base_url)
					VALUES (:code, :name, :vendor, :baseUrl) RETURNING id""")
				.param("code", Towns.requireText(code, 32, "code"))
				.param("name", Towns.requireText(name, 100, "name"))
				.param("vendor", vendor)
				.param("baseUrl", baseUrl)
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("a platform with code " + code + " exists");
		}
		audit.record(AuditLog.Entry.of("service-platform.create", "service_platform", id).detail(code + " " + name));
		return id;
	}

	/**
	 * The city assigns the platform that serves a school.
	 *
	 * @throws IllegalArgumentException for an unknown school or platform
	 */
	@Transactional
	public void assign(long schoolId, long platformId) {
		String platform = jdbc.sql("SELECT code FROM service_platform WHERE id = :id")
			.param("id", platformId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown service platform " + platformId));
		record Assigned(@Nullable Long townId, @Nullable Long previous) {
		}
		Assigned assigned = jdbc.sql("""
				UPDATE school s SET platform_id = :platform
				FROM (SELECT id, platform_id FROM school WHERE id = :school FOR UPDATE) old
				WHERE s.id = old.id
				RETURNING s.town_id, old.platform_id AS previous""")
			.param("platform", platformId)
			.param("school", schoolId)
			.query(Assigned.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("unknown school " + schoolId));
		audit.record(AuditLog.Entry.of("school.assign-platform", "school", schoolId)
			.in(assigned.townId(), schoolId)
			.detail("platform " + platform + " (was " + assigned.previous() + ")"));
	}
}
