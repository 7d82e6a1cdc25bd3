package org.kehou.feedback.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Complaints' console entry (投诉处理) for the school, town and city admins. */
@Configuration(proxyBeanMethods = false)
class ComplaintMenu {

	@Bean
	NavigationItem complaintMenuItem() {
		return new NavigationItem("rating.nav.section", "complaint.nav.console", "/console/complaints",
				EnumSet.of(Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN), 30);
	}
}
