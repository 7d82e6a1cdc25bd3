package org.kehou.organisation;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** What the organisation tests share: the module's services and a fresh {@link OrganisationFixture} per test. */
abstract class OrganisationFixtureTests {

	@Autowired
	Towns towns;

	@Autowired
	Schools schools;

	@Autowired
	ServicePlatforms platforms;

	@Autowired
	Terms terms;

	OrganisationFixture f;

	@BeforeEach
	void createData() {
		f = OrganisationFixture.create(towns, schools, platforms, terms);
	}
}
