package org.kehou.notification.web;

import java.util.EnumSet;

import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Menu entries: the inbox for everybody (also behind the bell of every page), the preferences for guardians. */
@Configuration(proxyBeanMethods = false)
class InboxMenu {

	@Bean
	NavigationItem inboxMenuItem() {
		return new NavigationItem("notification.nav.section", "notification.nav.inbox", "/m/inbox",
				EnumSet.allOf(Role.class), 10);
	}

	@Bean
	NavigationItem notificationPreferencesMenuItem() {
		return new NavigationItem("notification.nav.section", "notification.nav.preferences",
				"/m/notification-preferences", EnumSet.of(Role.GUARDIAN), 20);
	}
}
