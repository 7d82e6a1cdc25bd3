package org.kehou.people;

import org.junit.jupiter.api.BeforeEach;
import org.kehou.people.internal.GuardianRecords;
import org.kehou.people.internal.StudentRecords;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** Web tests of the people module against a fresh {@link PeopleWorld} per test (one shared application context). */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
abstract class PeopleWorldTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StudentRecords students;

	@Autowired
	GuardianRecords guardians;

	PeopleWorld w;

	@BeforeEach
	void world() {
		w = new PeopleWorld(jdbc, students, guardians);
	}
}
