package org.kehou.supervision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.AccountDirectory.NamedAccount;
import org.kehou.identity.AuditLog;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Owner;
import org.kehou.identity.Role;
import org.kehou.identity.Scope;
import org.kehou.organisation.SchoolView;
import org.kehou.organisation.Schools;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inspection tasks (督导): the city or a town sends responsible inspectors to a school or a provider — from an alert
 * (linked, subject taken from it) or on its own, with a due date. The inspectors (or an admin in scope) start it,
 * record findings and a rectification deadline, and close it with a note; closing a task linked to an alert may
 * resolve the alert. Evidence files (photos, PDF, DOCX) are attached while the task is not closed and listed with it.
 * States: OPEN → IN_PROGRESS → RECTIFYING → CLOSED, each step one conditional update.
 */
@Service
public class InspectionTasks {

	public static final int TEXT_MAX = 2000;

	/** The largest evidence file: 10 MB. */
	public static final long EVIDENCE_MAX_BYTES = 10L * 1024 * 1024;

	/** The most evidence files of one task. */
	public static final int EVIDENCE_MAX_FILES = 20;

	private static final String SELECT = """
			SELECT k.*, s.name AS school_name, t.name AS town_name, a.rule AS alert_rule
			FROM sup_inspection_task k LEFT JOIN school s ON s.id = k.school_id LEFT JOIN town t ON t.id = k.town_id
			LEFT JOIN sup_alert a ON a.id = k.alert_id
			""";

	private final JdbcClient jdbc;

	private final Alerts alerts;

	private final Schools schools;

	private final AuditLog audit;

	private final Clock clock;

	InspectionTasks(JdbcClient jdbc, Alerts alerts, Schools schools, AuditLog audit, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.alerts = alerts;
		this.schools = schools;
		this.audit = audit;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * A new task: for a school ({@code schoolId}) or a provider ({@code providerCode}); from an alert, the alert's
	 * school or provider is taken instead.
	 */
	public record NewTask(@Nullable Long alertId, @Nullable Long schoolId, @Nullable String providerCode,
			@Nullable String title, @Nullable String instructions, @Nullable LocalDate dueOn, List<Long> assigneeIds) {
	}

	/** An evidence file of a task (without its bytes). */
	public record Evidence(long id, String name, String contentType, long sizeBytes, String uploadedBy,
			java.time.OffsetDateTime uploadedAt) {

		/** The size for people: KB below 1 MB, else MB with one decimal. */
		public String size() {
			return sizeBytes >= 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f MB", sizeBytes / 1048576.0)
					: (sizeBytes + 1023) / 1024 + " KB";
		}
	}

	/** An evidence file with its bytes, for a download. */
	public record EvidenceFile(String name, String contentType, byte[] content) {
	}

	public record Filter(@Nullable String status, boolean mine) {
	}

	public record Page(List<InspectionTaskView> items, long total, int page, int pages) {
		public boolean hasNext() {
			return page + 1 < pages;
		}
	}

	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), AlertRules.CITY_ZONE);
	}

	@Transactional
	public long create(NewTask task, KehouUser by) {
		Scope scope = by.scope();
		if (scope.role() != Role.CITY_ADMIN && scope.role() != Role.TOWN_ADMIN) {
			throw new OversightRefused("oversight.error.scope");
		}
		String title = task.title() == null ? "" : task.title().strip();
		if (title.isEmpty() || title.length() > 200) {
			throw new OversightRefused("oversight.error.title");
		}
		if (task.dueOn() == null || task.dueOn().isBefore(today())) {
			throw new OversightRefused("oversight.error.due");
		}
		String instructions = task.instructions() == null || task.instructions().isBlank() ? null
				: task.instructions().strip();
		if (instructions != null && instructions.length() > TEXT_MAX) {
			throw new OversightRefused("oversight.error.text");
		}
		Long schoolId = task.schoolId();
		String providerCode = task.providerCode() == null || task.providerCode().isBlank() ? null
				: task.providerCode().strip();
		if (task.alertId() != null) {
			AlertView alert = alerts.find(task.alertId()).orElseThrow(() -> new OversightRefused("alert.error.notFound"));
			if (!scope.covers(Alerts.owner(alert.townId(), alert.schoolId()))) {
				throw new OversightRefused("oversight.error.scope");
			}
			schoolId = alert.schoolId();
			providerCode = schoolId == null ? alert.providerCode() : null;
		}
		else if (schoolId != null) {
			providerCode = null;
		}
		Long townId;
		String kind;
		if (schoolId != null) {
			SchoolView school = schools.findSchool(schoolId).orElseThrow(() -> new OversightRefused("oversight.error.subject"));
			if (!scope.covers(school.owner())) {
				throw new OversightRefused("oversight.error.scope");
			}
			townId = school.townId();
			kind = "SCHOOL";
		}
		else if (providerCode != null && providerCode.length() <= 32) {
			townId = scope.isCity() ? null : scope.townId();
			kind = "PROVIDER";
		}
		else {
			throw new OversightRefused("oversight.error.subject");
		}
		Map<Long, NamedAccount> allowed = alerts.assignable(townId, schoolId)
			.stream()
			.collect(Collectors.toMap(NamedAccount::id, a -> a, (a, b) -> a));
		Set<Long> chosen = new LinkedHashSet<>(task.assigneeIds());
		if (chosen.isEmpty() || !allowed.keySet().containsAll(chosen)) {
			throw new OversightRefused("oversight.error.assignee");
		}
		long id = jdbc.sql("""
				INSERT INTO sup_inspection_task (title, subject_kind, school_id, provider_code, town_id, alert_id,
				  instructions, due_on, status, created_by, created_at)
				VALUES (:title, :kind, :school, :provider, :town, :alert, :instructions, :due, 'OPEN', :by, :now)
				RETURNING id""")
			.param("title", title)
			.param("kind", kind)
			.param("school", schoolId)
			.param("provider", providerCode)
			.param("town", townId)
			.param("alert", task.alertId())
			.param("instructions", instructions)
			.param("due", task.dueOn())
			.param("by", by.displayName())
			.param("now", java.sql.Timestamp.from(clock.instant()))
			.query(Long.class)
			.single();
		for (Long user : chosen) {
			jdbc.sql("INSERT INTO sup_inspection_assignee (task_id, user_id, name) VALUES (:t, :u, :n)")
				.param("t", id)
				.param("u", user)
				.param("n", allowed.get(user).displayName())
				.update();
		}
		audit.record(AuditLog.Entry.of("inspection-task-create", "sup_inspection_task", id).in(townId, schoolId));
		return id;
	}

	public Optional<InspectionTaskView> find(long id) {
		return jdbc.sql(SELECT + " WHERE k.id = :id").param("id", id).query((rs, n) -> view(rs)).optional().map(this::withAssignees);
	}

	/** The tasks of a scope: the city all, a town its own, an inspector those assigned to them. */
	public Page list(KehouUser user, Filter filter, int page, int size) {
		Scope scope = user.scope();
		StringBuilder where = new StringBuilder(" WHERE TRUE");
		boolean mine = filter.mine() || scope.role() == Role.INSPECTOR;
		if (scope.role() == Role.TOWN_ADMIN) {
			where.append(" AND k.town_id = :town");
		}
		else if (!scope.isCity() && !mine) {
			where.append(" AND FALSE");
		}
		if (mine) {
			where.append(" AND EXISTS (SELECT 1 FROM sup_inspection_assignee x WHERE x.task_id = k.id AND x.user_id = :me)");
		}
		if (filter.status() != null) {
			where.append(" AND k.status = :status");
		}
		long total = bind(jdbc.sql("SELECT count(*) FROM sup_inspection_task k" + where), scope, user, filter)
			.query(Long.class)
			.single();
		int pages = (int) Math.max(1, (total + size - 1) / size);
		int current = Math.max(0, Math.min(page, pages - 1));
		List<InspectionTaskView> items = bind(jdbc.sql(SELECT + where + "\n" + """
				 ORDER BY CASE WHEN k.status = 'CLOSED' THEN 1 ELSE 0 END, k.due_on, k.id DESC
				 LIMIT :limit OFFSET :offset"""), scope, user, filter)
			.param("limit", size)
			.param("offset", (long) current * size)
			.query((rs, n) -> view(rs))
			.list()
			.stream()
			.map(this::withAssignees)
			.toList();
		return new Page(items, total, current, pages);
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Scope scope, KehouUser user,
			Filter filter) {
		return spec.param("town", scope.townId() == null ? -1L : scope.townId())
			.param("me", user.id())
			.param("status", filter.status() == null ? "" : filter.status());
	}

	/** The tasks made from an alert. */
	public List<InspectionTaskView> fromAlert(long alertId) {
		return jdbc.sql(SELECT + " WHERE k.alert_id = :a ORDER BY k.id").param("a", alertId).query((rs, n) -> view(rs))
			.list().stream().map(this::withAssignees).toList();
	}

	public Optional<Owner> ownerOf(long id) {
		return jdbc.sql("SELECT town_id, school_id FROM sup_inspection_task WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> Alerts.owner(rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class)))
			.optional();
	}

	/** Whether the user may work on the task: an admin in scope (the caller checked it) or one of its inspectors. */
	public boolean mayWork(InspectionTaskView task, KehouUser user) {
		return switch (user.role()) {
			case CITY_ADMIN, TOWN_ADMIN -> true;
			case INSPECTOR -> task.assignedTo(user.id());
			default -> false;
		};
	}

	@Transactional
	public void start(long id, KehouUser by) {
		InspectionTaskView task = workable(id, by);
		step(jdbc.sql("UPDATE sup_inspection_task SET status = 'IN_PROGRESS' WHERE id = :id AND status = 'OPEN'")
			.param("id", id)
			.update());
		audit.record(AuditLog.Entry.of("inspection-task-start", "sup_inspection_task", id).in(task.townId(), task.schoolId()));
	}

	/** Records the findings; with a rectification deadline the task moves on to rectifying. */
	@Transactional
	public void recordFindings(long id, @Nullable String findings, @Nullable LocalDate rectifyBy, KehouUser by) {
		InspectionTaskView task = workable(id, by);
		String text = findings == null ? "" : findings.strip();
		if (text.isEmpty() || text.length() > TEXT_MAX) {
			throw new OversightRefused("oversight.error.findings");
		}
		if (rectifyBy != null && rectifyBy.isBefore(today())) {
			throw new OversightRefused("oversight.error.rectifyBy");
		}
		step(jdbc.sql("""
				UPDATE sup_inspection_task SET findings = :f, rectify_by = :r,
				  status = CASE WHEN CAST(:r AS DATE) IS NULL THEN 'IN_PROGRESS' ELSE 'RECTIFYING' END
				WHERE id = :id AND status IN ('OPEN', 'IN_PROGRESS', 'RECTIFYING')""")
			.param("f", text)
			.param("r", rectifyBy)
			.param("id", id)
			.update());
		audit.record(AuditLog.Entry.of("inspection-task-findings", "sup_inspection_task", id).in(task.townId(), task.schoolId()));
	}

	/** Closes the task with a note; {@code resolveAlert}: its open alert is resolved with the same note. */
	@Transactional
	public void close(long id, @Nullable String note, boolean resolveAlert, KehouUser by) {
		InspectionTaskView task = workable(id, by);
		String text = note == null ? "" : note.strip();
		if (text.isEmpty() || text.length() > TEXT_MAX) {
			throw new OversightRefused("oversight.error.note");
		}
		step(jdbc.sql("""
				UPDATE sup_inspection_task SET status = 'CLOSED', closing_note = :n, closed_by = :by, closed_at = :now
				WHERE id = :id AND status <> 'CLOSED'""")
			.param("n", text)
			.param("by", by.displayName())
			.param("now", java.sql.Timestamp.from(clock.instant()))
			.param("id", id)
			.update());
		if (resolveAlert && task.alertId() != null
				&& alerts.find(task.alertId()).map(AlertView::active).orElse(false)) {
			alerts.resolve(task.alertId(), "#" + id + " " + text, by);
		}
		audit.record(AuditLog.Entry.of("inspection-task-close", "sup_inspection_task", id).in(task.townId(), task.schoolId()));
	}

	/**
	 * Attaches an evidence file to a task that is not closed, by whoever may work on it: PDF, PNG, JPEG or DOCX
	 * (recognised by its first bytes) up to {@value #EVIDENCE_MAX_BYTES} bytes, at most {@value #EVIDENCE_MAX_FILES}
	 * a task. The task row is locked, so two uploads at once never pass the limit and none lands on a closed task.
	 *
	 * @throws OversightRefused when the file is empty, too large, of another type, one too many, or the task closed
	 */
	@Transactional
	public long attachEvidence(long id, @Nullable String fileName, byte[] content, KehouUser by) {
		InspectionTaskView task = workable(id, by);
		if (content.length == 0) {
			throw new OversightRefused("oversight.error.fileEmpty");
		}
		if (content.length > EVIDENCE_MAX_BYTES) {
			throw new OversightRefused("oversight.error.fileSize");
		}
		String type = UploadedFileType.contentType(content);
		if (type == null) {
			throw new OversightRefused("oversight.error.fileType");
		}
		String status = jdbc.sql("SELECT status FROM sup_inspection_task WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(String.class)
			.single();
		if (status.equals("CLOSED")) {
			throw new OversightRefused("oversight.error.fileClosed");
		}
		int count = jdbc.sql("SELECT count(*) FROM sup_inspection_evidence WHERE task_id = :t")
			.param("t", id)
			.query(Integer.class)
			.single();
		if (count >= EVIDENCE_MAX_FILES) {
			throw new OversightRefused("oversight.error.fileCount");
		}
		String name = UploadedFileType.fileName(fileName, type);
		long evidenceId = jdbc.sql("""
				INSERT INTO sup_inspection_evidence (task_id, name, content_type, size_bytes, content, uploaded_by,
				  uploaded_by_id, uploaded_at)
				VALUES (:t, :name, :type, :size, :content, :by, :byId, :now) RETURNING id""")
			.param("t", id)
			.param("name", name)
			.param("type", type)
			.param("size", (long) content.length)
			.param("content", content)
			.param("by", by.displayName())
			.param("byId", by.id())
			.param("now", java.sql.Timestamp.from(clock.instant()))
			.query(Long.class)
			.single();
		audit.record(AuditLog.Entry.of("inspection-evidence-attach", "sup_inspection_task", id)
			.in(task.townId(), task.schoolId())
			.detail(name));
		return evidenceId;
	}

	/** The evidence files of a task, oldest first. */
	public List<Evidence> evidence(long id) {
		return jdbc.sql("""
				SELECT id, name, content_type, size_bytes, uploaded_by, uploaded_at FROM sup_inspection_evidence
				WHERE task_id = :t ORDER BY id""")
			.param("t", id)
			.query((rs, n) -> new Evidence(rs.getLong("id"), rs.getString("name"), rs.getString("content_type"),
					rs.getLong("size_bytes"), rs.getString("uploaded_by"), Alerts.time(rs, "uploaded_at")))
			.list();
	}

	/** An evidence file of the task (empty when the file belongs to another task). */
	public Optional<EvidenceFile> evidenceFile(long id, long evidenceId) {
		return jdbc.sql("""
				SELECT name, content_type, content FROM sup_inspection_evidence WHERE id = :e AND task_id = :t""")
			.param("e", evidenceId)
			.param("t", id)
			.query((rs, n) -> new EvidenceFile(rs.getString("name"), rs.getString("content_type"),
					rs.getBytes("content")))
			.optional();
	}

	/** The owner of an evidence file: its task's. */
	public Optional<Owner> evidenceOwnerOf(long evidenceId) {
		return jdbc.sql("""
				SELECT k.town_id, k.school_id FROM sup_inspection_evidence e JOIN sup_inspection_task k ON k.id = e.task_id
				WHERE e.id = :id""")
			.param("id", evidenceId)
			.query((rs, n) -> Alerts.owner(rs.getObject("town_id", Long.class), rs.getObject("school_id", Long.class)))
			.optional();
	}

	private InspectionTaskView workable(long id, KehouUser by) {
		InspectionTaskView task = find(id).orElseThrow(() -> new OversightRefused("oversight.error.notFound"));
		if (!mayWork(task, by)) {
			throw new OversightRefused("oversight.error.notAssigned");
		}
		return task;
	}

	private static void step(int updated) {
		if (updated == 0) {
			throw new OversightRefused("oversight.error.state");
		}
	}

	private InspectionTaskView withAssignees(InspectionTaskView t) {
		List<InspectionTaskView.Assignee> list = new ArrayList<>(jdbc
			.sql("SELECT user_id, name FROM sup_inspection_assignee WHERE task_id = :t ORDER BY name, user_id")
			.param("t", t.id())
			.query((rs, n) -> new InspectionTaskView.Assignee(rs.getLong("user_id"), rs.getString("name")))
			.list());
		return new InspectionTaskView(t.id(), t.title(), t.subjectKind(), t.schoolId(), t.schoolName(), t.providerCode(),
				t.townId(), t.townName(), t.alertId(), t.alertRule(), t.instructions(), t.dueOn(), t.status(),
				t.createdBy(), t.createdAt(), t.findings(), t.rectifyBy(), t.closingNote(), t.closedBy(), t.closedAt(),
				List.copyOf(list));
	}

	private static InspectionTaskView view(ResultSet rs) throws SQLException {
		return new InspectionTaskView(rs.getLong("id"), rs.getString("title"), rs.getString("subject_kind"),
				rs.getObject("school_id", Long.class), rs.getString("school_name"), rs.getString("provider_code"),
				rs.getObject("town_id", Long.class), rs.getString("town_name"), rs.getObject("alert_id", Long.class),
				rs.getString("alert_rule"), rs.getString("instructions"), rs.getObject("due_on", LocalDate.class),
				rs.getString("status"), rs.getString("created_by"), Alerts.time(rs, "created_at"),
				rs.getString("findings"), rs.getObject("rectify_by", LocalDate.class), rs.getString("closing_note"),
				rs.getString("closed_by"), Alerts.timeOrNull(rs, "closed_at"), List.of());
	}
}
