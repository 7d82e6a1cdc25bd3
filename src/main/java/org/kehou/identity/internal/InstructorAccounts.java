package org.kehou.identity.internal;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AuditLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A provider's administrator manages the sign-in accounts of the provider's instructors (机构教师): creates one
 * (a user name and a temporary password shown once, to be changed at first sign-in) and links it to an instructor
 * record of the same provider ({@code app_user.instructor_id}), which is what lets the instructor see and check in
 * to the sessions they teach. The instructor table is read with SQL (providers lies above identity). One account per
 * instructor (a unique index). A changed link ends the account's sessions, so it applies at the next sign-in.
 * Callers check the {@code userId} owner (the account's provider) centrally.
 */
@Service
public class InstructorAccounts {

	/** A sign-in name: letters, digits, dot, dash, underscore; 3 to 64 characters. */
	public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

	/** An instructor account of a provider and the instructor it stands for (null: not linked). */
	public record Row(long id, String username, String displayName, boolean enabled, @Nullable Long instructorId,
			@Nullable String instructorName) {
	}

	/** An instructor of the provider, for the choice. */
	public record Choice(long id, String name) {
	}

	/** A created account and its temporary password (shown once). */
	public record Created(long id, String temporaryPassword) {
	}

	private final JdbcClient jdbc;

	private final Passwords passwords;

	private final AuditLog audit;

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	InstructorAccounts(JdbcClient jdbc, Passwords passwords, AuditLog audit,
			FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.audit = audit;
		this.sessions = sessions;
	}

	public List<Row> list(long providerId) {
		return jdbc.sql("""
				SELECT u.id, coalesce(u.username, 'user-' || u.id) AS username, u.display_name, u.enabled,
				  u.instructor_id, i.name AS instructor_name
				FROM app_user u LEFT JOIN instructor i ON i.id = u.instructor_id
				WHERE u.role = 'INSTRUCTOR' AND u.provider_id = :p ORDER BY u.display_name, u.id""")
			.param("p", providerId)
			.query(Row.class)
			.list();
	}

	/** The provider's active instructors. */
	public List<Choice> instructors(long providerId) {
		return jdbc.sql("SELECT id, name FROM instructor WHERE provider_id = :p AND active ORDER BY name, id")
			.param("p", providerId)
			.query(Choice.class)
			.list();
	}

	/**
	 * Creates an instructor account of the provider, optionally linked at once.
	 *
	 * @throws IllegalArgumentException for a bad user name or display name (the message is a message key)
	 * @throws IllegalStateException when the user name is taken or the instructor has an account already (message key)
	 */
	@Transactional
	public Created create(long providerId, @Nullable String username, @Nullable String displayName,
			@Nullable Long instructorId) {
		String login = username == null ? "" : username.strip();
		String name = displayName == null ? "" : displayName.strip();
		if (!USERNAME.matcher(login).matches()) {
			throw new IllegalArgumentException("checkin.accounts.error.username");
		}
		if (name.isEmpty() || name.length() > 64) {
			throw new IllegalArgumentException("checkin.accounts.error.name");
		}
		if (instructorId != null) {
			requireOwnInstructor(providerId, instructorId);
		}
		if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user WHERE lower(username) = lower(:u))")
			.param("u", login)
			.query(Boolean.class)
			.single()) {
			throw new IllegalStateException("checkin.accounts.error.taken");
		}
		String temporary = passwords.temporaryPassword();
		long id;
		try {
			id = jdbc.sql("""
					INSERT INTO app_user (username, display_name, password_hash, role, provider_id, instructor_id,
					  must_change_password)
					VALUES (:u, :n, :h, 'INSTRUCTOR', :p, :i, TRUE) RETURNING id""")
				.param("u", login)
				.param("n", name)
				.param("h", passwords.encode(temporary))
				.param("p", providerId)
				.param("i", instructorId)
				.query(Long.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException(instructorId != null && linkedElsewhere(instructorId, -1)
					? "checkin.accounts.error.linked" : "checkin.accounts.error.taken");
		}
		audit.record(AuditLog.Entry.of("account.create", "user", id)
			.detail("role=INSTRUCTOR provider=" + providerId + " instructor=" + instructorId));
		return new Created(id, temporary);
	}

	/**
	 * Links an instructor account to an instructor of its own provider, or unlinks it ({@code instructorId} null).
	 *
	 * @throws IllegalArgumentException when the account is not an instructor's or the instructor is another provider's
	 * @throws IllegalStateException when another account stands for that instructor already
	 */
	@Transactional
	public void link(long userId, @Nullable Long instructorId) {
		record Account(String role, @Nullable Long providerId, @Nullable String username) {
		}
		Account account = jdbc.sql("SELECT role, provider_id, username FROM app_user WHERE id = :id FOR UPDATE")
			.param("id", userId)
			.query(Account.class)
			.optional()
			.orElseThrow(() -> new IllegalArgumentException("checkin.accounts.error.notInstructor"));
		if (!"INSTRUCTOR".equals(account.role()) || account.providerId() == null) {
			throw new IllegalArgumentException("checkin.accounts.error.notInstructor");
		}
		if (instructorId != null) {
			requireOwnInstructor(account.providerId(), instructorId);
			if (linkedElsewhere(instructorId, userId)) {
				throw new IllegalStateException("checkin.accounts.error.linked");
			}
		}
		try {
			jdbc.sql("UPDATE app_user SET instructor_id = :i WHERE id = :id")
				.param("i", instructorId)
				.param("id", userId)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new IllegalStateException("checkin.accounts.error.linked");
		}
		String principal = account.username() != null ? account.username() : "user-" + userId;
		sessions.findByPrincipalName(principal).keySet().forEach(sessions::deleteById);
		audit.record(AuditLog.Entry.of("account.instructor-link", "user", userId)
			.detail("provider=" + account.providerId() + " instructor=" + Objects.toString(instructorId, "none")));
	}

	private void requireOwnInstructor(long providerId, long instructorId) {
		boolean own = jdbc.sql("SELECT EXISTS (SELECT 1 FROM instructor WHERE id = :i AND provider_id = :p)")
			.param("i", instructorId)
			.param("p", providerId)
			.query(Boolean.class)
			.single();
		if (!own) {
			throw new IllegalArgumentException("checkin.accounts.error.foreign");
		}
	}

	private boolean linkedElsewhere(long instructorId, long userId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user WHERE instructor_id = :i AND id <> :u)")
			.param("i", instructorId)
			.param("u", userId)
			.query(Boolean.class)
			.single();
	}
}
