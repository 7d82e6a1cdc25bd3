package org.kehou.providers.web;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.kehou.identity.HomeSection;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.kehou.providers.ProviderReminders;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.Providers;
import org.springframework.data.domain.PageRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers entries of the console menu, and the home-page block: a provider's application status, or the
 * applications awaiting a reviewer's decision.
 */
@Configuration(proxyBeanMethods = false)
class ProviderMenu {

	static final String SECTION = "providers.nav.section";

	@Bean
	NavigationItem providerReviewMenuItem() {
		return new NavigationItem(SECTION, "providers.nav.review", "/console/providers",
				EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN), 10);
	}

	@Bean
	NavigationItem providerApplicationMenuItem() {
		return new NavigationItem(SECTION, "providers.nav.application", "/console/providers/mine",
				EnumSet.of(Role.PROVIDER_ADMIN), 10);
	}

	/** A provider administrator's home: the documents expiring soon (the daily expiry job raises them). */
	@Bean
	HomeSection providerReminderHome(ProviderReminders reminders) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.PROVIDER_ADMIN && user.scope().providerId() != null;
			}

			@Override
			public String fragment() {
				return "providers/home :: reminders";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				return Map.of("reminders", reminders.list(Objects.requireNonNull(user.scope().providerId())));
			}

			@Override
			public int order() {
				return 31;
			}
		};
	}

	@Bean
	HomeSection providerHome(Providers providers) {
		return new HomeSection() {

			@Override
			public boolean appliesTo(KehouUser user) {
				return user.role() == Role.PROVIDER_ADMIN || user.role() == Role.TOWN_ADMIN
						|| user.role() == Role.CITY_ADMIN;
			}

			@Override
			public String fragment() {
				return "providers/home :: providers";
			}

			@Override
			public Map<String, Object> model(KehouUser user) {
				Map<String, Object> model = new HashMap<>();
				model.put("provider", null);
				model.put("awaiting", null);
				model.put("annualReview", null);
				if (user.role() == Role.PROVIDER_ADMIN) {
					providers.find(Objects.requireNonNull(user.scope().providerId()))
						.ifPresent(p -> model.put("provider", p));
				}
				else {
					model.put("awaiting", providers.list(user.scope(), ProviderStatus.SUBMITTED, PageRequest.of(0, 1))
						.getTotalElements());
					model.put("annualReview", providers.list(user.scope(), null, true, PageRequest.of(0, 1))
						.getTotalElements());
				}
				return model;
			}

			@Override
			public int order() {
				return 30;
			}
		};
	}
}
