package org.kehou.statistics.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** 数据统计 in the console menu of the city, town and school admins. */
@Configuration(proxyBeanMethods = false)
class StatisticsMenu {

	@Bean
	NavigationItem statisticsMenuItem() {
		return new NavigationItem("statistics.nav.section", "statistics.nav", StatisticsViews.PATH,
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 50);
	}
}
