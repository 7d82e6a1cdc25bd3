package org.kehou.attendance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.kehou.organisation.TermView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Attendance views (考勤统计) per child, per offering and per school for a day, a week or a term, with the attendance
 * rate — (present + late) / marked — and an .xlsx export. Only held (SCHEDULED) sessions count. Callers check scope.
 */
@Service
public class AttendanceReport {

	public enum Period {
		DAY, WEEK, TERM
	}

	/** A date range, both ends included. */
	public record Range(LocalDate from, LocalDate to) {

		/** The day, its Monday–Sunday week, or the term (when given; else the week). */
		public static Range of(Period period, LocalDate date, @Nullable TermView term) {
			return switch (period) {
				case DAY -> new Range(date, date);
				case WEEK -> new Range(date.with(DayOfWeek.MONDAY), date.with(DayOfWeek.SUNDAY));
				case TERM -> term == null ? of(Period.WEEK, date, null) : new Range(term.startsOn(), term.endsOn());
			};
		}
	}

	/** One line: an offering (school view) or a child (offering view). */
	public record Line(long id, String name, int sessions, int present, int late, int absent, int onLeave) {

		public int marked() {
			return present + late + absent;
		}

		/** Percent of marked attendances that were present or late; null when nothing is marked. */
		public @Nullable Integer rate() {
			return marked() == 0 ? null : Math.round(100f * (present + late) / marked());
		}
	}

	/** One session of a child: its mark, or on leave. */
	public record ChildSession(SessionView session, @Nullable Mark mark, boolean onLeave) {
	}

	private final JdbcClient jdbc;

	AttendanceReport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The school's offerings with held sessions in the range. */
	public List<Line> school(long schoolId, Range range) {
		return jdbc.sql("""
				SELECT o.id, o.name, count(DISTINCT cs.id) AS sessions,
				  count(m.*) FILTER (WHERE m.mark = 'PRESENT') AS present,
				  count(m.*) FILTER (WHERE m.mark = 'LATE') AS late,
				  count(m.*) FILTER (WHERE m.mark = 'ABSENT') AS absent,
				  (SELECT count(*) FROM leave_session ls JOIN leave_request l ON l.id = ls.leave_id
				   JOIN class_session c2 ON c2.id = ls.session_id WHERE c2.offering_id = o.id AND ls.live
				   AND l.status = 'APPROVED' AND c2.status = 'SCHEDULED' AND c2.session_date BETWEEN :f AND :t) AS on_leave
				FROM class_session cs JOIN offering o ON o.id = cs.offering_id
				LEFT JOIN roll_call_mark m ON m.session_id = cs.id
				WHERE cs.school_id = :s AND cs.status = 'SCHEDULED' AND cs.session_date BETWEEN :f AND :t
				GROUP BY o.id, o.name ORDER BY o.name, o.id""")
			.param("s", schoolId)
			.param("f", range.from())
			.param("t", range.to())
			.query(AttendanceReport::line)
			.list();
	}

	/** The children of an offering with their marks in the range. */
	public List<Line> offering(long offeringId, Range range) {
		return jdbc.sql("""
				WITH held AS (SELECT id FROM class_session WHERE offering_id = :o AND status = 'SCHEDULED'
				  AND session_date BETWEEN :f AND :t),
				kids AS (SELECT student_id FROM roll_call_mark WHERE session_id IN (SELECT id FROM held)
				  UNION SELECT ls.student_id FROM leave_session ls JOIN leave_request l ON l.id = ls.leave_id
				  WHERE ls.session_id IN (SELECT id FROM held) AND ls.live AND l.status = 'APPROVED')
				SELECT s.id, s.name, (SELECT count(*) FROM held) AS sessions,
				  (SELECT count(*) FROM roll_call_mark m WHERE m.student_id = s.id AND m.session_id IN (SELECT id FROM held) AND m.mark = 'PRESENT') AS present,
				  (SELECT count(*) FROM roll_call_mark m WHERE m.student_id = s.id AND m.session_id IN (SELECT id FROM held) AND m.mark = 'LATE') AS late,
				  (SELECT count(*) FROM roll_call_mark m WHERE m.student_id = s.id AND m.session_id IN (SELECT id FROM held) AND m.mark = 'ABSENT') AS absent,
				  (SELECT count(*) FROM leave_session ls JOIN leave_request l ON l.id = ls.leave_id WHERE ls.student_id = s.id
				    AND ls.session_id IN (SELECT id FROM held) AND ls.live AND l.status = 'APPROVED') AS on_leave
				FROM kids k JOIN student s ON s.id = k.student_id ORDER BY s.name, s.id""")
			.param("o", offeringId)
			.param("f", range.from())
			.param("t", range.to())
			.query(AttendanceReport::line)
			.list();
	}

	/** A child's sessions in the range (every status, so that cancellations show), with marks and leave. */
	public List<ChildSession> child(long studentId, Range range) {
		return jdbc.sql(Sessions.COLUMNS + ", m.mark, x.on_leave" + Sessions.FROM + """
				 JOIN place p ON p.student_id = :s AND %s
				LEFT JOIN roll_call_mark m ON m.session_id = cs.id AND m.student_id = :s
				CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM leave_session ls JOIN leave_request l ON l.id = ls.leave_id
				  WHERE ls.session_id = cs.id AND ls.student_id = :s AND ls.live AND l.status = 'APPROVED') AS on_leave) x
				WHERE cs.session_date BETWEEN :f AND :t
				ORDER BY cs.session_date DESC, cs.starts_at DESC LIMIT 500""".formatted(Sessions.ATTENDING_PLACE))
			.param("s", studentId)
			.param("f", range.from())
			.param("t", range.to())
			.query((rs, i) -> {
				String mark = rs.getString("mark");
				return new ChildSession(Sessions.view(rs, i), mark == null ? null : Mark.valueOf(mark),
						rs.getBoolean("on_leave"));
			})
			.list();
	}

	/** The lines as an .xlsx workbook; {@code headers}: name, sessions, present, late, absent, on leave, rate. */
	public byte[] xlsx(String sheetName, List<String> headers, List<Line> lines) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = book.createSheet(sheetName);
			Row head = sheet.createRow(0);
			for (int i = 0; i < headers.size(); i++) {
				head.createCell(i).setCellValue(headers.get(i));
			}
			int r = 1;
			for (Line line : lines) {
				Row row = sheet.createRow(r++);
				row.createCell(0).setCellValue(line.name());
				row.createCell(1).setCellValue(line.sessions());
				row.createCell(2).setCellValue(line.present());
				row.createCell(3).setCellValue(line.late());
				row.createCell(4).setCellValue(line.absent());
				row.createCell(5).setCellValue(line.onLeave());
				if (line.rate() != null) {
					row.createCell(6).setCellValue(line.rate() / 100.0);
				}
			}
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Line line(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Line(rs.getLong("id"), rs.getString("name"), rs.getInt("sessions"), rs.getInt("present"),
				rs.getInt("late"), rs.getInt("absent"), rs.getInt("on_leave"));
	}
}
