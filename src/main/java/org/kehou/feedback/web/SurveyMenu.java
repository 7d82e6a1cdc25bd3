package org.kehou.feedback.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The admins' survey campaigns in the console; the respondents' surveys tile on the phone home. */
@Configuration(proxyBeanMethods = false)
class SurveyMenu {

	@Bean
	NavigationItem surveyConsoleMenuItem() {
		return new NavigationItem("rating.nav.section", "survey.nav.console", "/console/surveys",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN), 40);
	}

	@Bean
	NavigationItem surveyPhoneMenuItem() {
		return new NavigationItem("rating.nav.section", "survey.nav.phone", "/m/surveys",
				EnumSet.of(Role.GUARDIAN, Role.TEACHER), 40);
	}
}
