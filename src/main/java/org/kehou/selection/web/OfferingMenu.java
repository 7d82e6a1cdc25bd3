package org.kehou.selection.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The school administrator's menu entry to the current term's offerings. */
@Configuration(proxyBeanMethods = false)
class OfferingMenu {

	@Bean
	NavigationItem offeringsMenuItem() {
		return new NavigationItem("selection.nav.section", "selection.nav.offerings", "/console/offerings",
				EnumSet.of(Role.SCHOOL_ADMIN), 30);
	}
}
