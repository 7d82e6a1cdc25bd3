package org.kehou.supervision.internal;

import org.kehou.identity.OwnerResolver;
import org.kehou.supervision.AlertProperties;
import org.kehou.supervision.Alerts;
import org.kehou.supervision.InspectionTasks;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the central access check who owns an {@code alertId}, a {@code taskId} and an
 * {@code evidenceId} (its task's owner): the town (and school) of the
 * school concerned, or the city for provider- and platform-level ones (a town's provider task: that town).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
class AlertOwners {

	@Bean
	OwnerResolver alertOwner(Alerts alerts) {
		return OwnerResolver.of("alertId", alerts::ownerOf);
	}

	@Bean
	OwnerResolver inspectionTaskOwner(InspectionTasks tasks) {
		return OwnerResolver.of("taskId", tasks::ownerOf);
	}

	@Bean
	OwnerResolver inspectionEvidenceOwner(InspectionTasks tasks) {
		return OwnerResolver.of("evidenceId", tasks::evidenceOwnerOf);
	}
}
