package org.kehou.people.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Anonymises students who left the school longer ago than {@code kehou.people.retention}. Runs daily. */
@Component
public class RetentionJob {

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final JdbcClient jdbc;

	private final StudentRecords students;

	private final PeopleProperties properties;

	RetentionJob(JdbcClient jdbc, StudentRecords students, PeopleProperties properties) {
		this.jdbc = jdbc;
		this.students = students;
		this.properties = properties;
	}

	/** @return how many students were anonymised */
	@Scheduled(cron = "${kehou.people.retention-cron:0 30 3 * * *}", zone = "Asia/Shanghai")
	public int anonymiseExpired() {
		LocalDate cutoff = LocalDate.now(CHINA).minus(properties.retention());
		List<Long> expired = jdbc.sql("""
				SELECT id FROM student WHERE status = 'LEFT' AND name <> :anonymised
				  AND updated_at < CAST(:cutoff AS DATE) ORDER BY id""")
			.param("anonymised", StudentRecords.ANONYMISED_NAME)
			.param("cutoff", cutoff)
			.query(Long.class)
			.list();
		for (Long id : expired) {
			students.anonymise(id, "retention " + properties.retention() + " elapsed");
		}
		if (!expired.isEmpty()) {
			log.info("Anonymised {} students who left before {}", expired.size(), cutoff);
		}
		return expired.size();
	}
}
