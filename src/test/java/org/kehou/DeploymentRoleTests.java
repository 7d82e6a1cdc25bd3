package org.kehou;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kehou.shared.DeploymentRole;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/** One jar, three roles: on the supervision platform the service-platform modules do not start at all. */
@SpringBootTest(properties = "kehou.role=supervision")
@ActiveProfiles("test")
class DeploymentRoleTests {

	@Autowired
	ApplicationContext context;

	@Test
	void serviceOnlyModulesAreNotStartedOnTheSupervisionPlatform() {
		assertThat(kehouBeanTypes()).noneMatch(name -> name.startsWith("org.kehou.people."));
		assertThat(kehouBeanTypes()).noneMatch(name -> name.startsWith("org.kehou.ledger."));
		assertThat(kehouBeanTypes()).anyMatch(name -> name.startsWith("org.kehou.identity."));
		assertThat(kehouBeanTypes()).anyMatch(name -> name.startsWith("org.kehou.organisation."));
	}

	@Test
	void rolesParseAndCombine() {
		assertThat(DeploymentRole.parse(" Service ")).isEqualTo(DeploymentRole.SERVICE);
		assertThat(DeploymentRole.ALL.runs(DeploymentRole.SERVICE)).isTrue();
		assertThat(DeploymentRole.SUPERVISION.runs(DeploymentRole.SERVICE)).isFalse();
		assertThat(DeploymentRole.SERVICE.runs(DeploymentRole.ALL)).isTrue();
		assertThatThrownBy(() -> DeploymentRole.parse("both")).hasMessageContaining("kehou.role");
	}

	private List<String> kehouBeanTypes() {
		return Arrays.stream(context.getBeanDefinitionNames())
			.map(context::getType)
			.filter(java.util.Objects::nonNull)
			.map(Class::getName)
			.filter(name -> name.startsWith("org.kehou."))
			.toList();
	}
}
