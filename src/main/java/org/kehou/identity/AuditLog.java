package org.kehou.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.kehou.shared.Masking;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit log: every change and every full view of personal data, with who, when, what, from where
 * and the outcome. Written in the caller's transaction, so a change that rolls back leaves no success record.
 */
@Service
public class AuditLog {

	public enum Outcome {
		SUCCESS, DENIED, FAILED
	}

	/**
	 * @param action what happened, dotted lower case: {@code student.update}, {@code student.view-id-number}
	 * @param targetType the kind of record, e.g. {@code student}
	 * @param targetId its id
	 * @param schoolId the school it belongs to (lets town/school admins search their part of the log)
	 * @param townId the town it belongs to
	 */
	public record Entry(String action, @Nullable String targetType, @Nullable String targetId,
			@Nullable Long schoolId, @Nullable Long townId, @Nullable String detail, Outcome outcome) {

		public static Entry of(String action, String targetType, Object targetId) {
			return new Entry(action, targetType, String.valueOf(targetId), null, null, null, Outcome.SUCCESS);
		}

		public Entry in(@Nullable Long townId, @Nullable Long schoolId) {
			return new Entry(action, targetType, targetId, schoolId, townId, detail, outcome);
		}

		public Entry detail(@Nullable String text) {
			return new Entry(action, targetType, targetId, schoolId, townId, text, outcome);
		}

		public Entry outcome(Outcome value) {
			return new Entry(action, targetType, targetId, schoolId, townId, detail, value);
		}
	}

	private final JdbcClient jdbc;

	AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(Entry entry) {
		KehouUser user = CurrentUser.find().orElse(null);
		String detail = entry.detail();
		jdbc.sql("""
				INSERT INTO audit_event (actor_id, actor_name, actor_role, action, target_type, target_id,
				                         school_id, town_id, detail, remote_addr, outcome)
				VALUES (:actorId, :actorName, :actorRole, :action, :targetType, :targetId,
				        :schoolId, :townId, :detail, :remoteAddr, :outcome)""")
			.param("actorId", user == null ? null : user.id())
			.param("actorName", user == null ? null : actorName(user.getUsername()))
			.param("actorRole", user == null ? null : user.role().name())
			.param("action", entry.action())
			.param("targetType", entry.targetType())
			.param("targetId", entry.targetId())
			.param("schoolId", entry.schoolId())
			.param("townId", entry.townId())
			.param("detail", detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail)
			.param("remoteAddr", remoteAddress())
			.param("outcome", entry.outcome().name())
			.update();
	}

	/** A login name as the log keeps it: a mobile number (a guardian's sign-in) only masked, never in plain. */
	private static String actorName(String loginName) {
		return Masking.isMobile(loginName) ? Masking.phone(Masking.normalisePhone(loginName)) : loginName;
	}

	private static @Nullable String remoteAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}
}
