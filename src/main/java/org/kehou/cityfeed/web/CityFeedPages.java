package org.kehou.cityfeed.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Locale;

import org.kehou.cityfeed.CityFeed;
import org.kehou.cityfeed.CityPolicies;
import org.kehou.cityfeed.PullResult;
import org.kehou.identity.Access;
import org.kehou.identity.AuditLog;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The city feed's page ({@code /console/cityfeed}): the cursor, the last pull and error, the records held per type,
 * the differences (schools not on this platform, providers blocked by the city's whitelist, caps that differ) and two
 * actions (pull now, send read summaries now). For the city admin of this deployment, like the reporter's page.
 */
@Controller
@Access(Role.CITY_ADMIN)
class CityFeedPages {

	static final int UNKNOWN_SCHOOLS_SHOWN = 50;

	private final CityFeed feed;

	private final CityPolicies policies;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Clock clock;

	CityFeedPages(CityFeed feed, CityPolicies policies, AuditLog audit, MessageSource messages,
			ObjectProvider<Clock> clock) {
		this.feed = feed;
		this.policies = policies;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@GetMapping("/console/cityfeed")
	String page(Model model) {
		model.addAttribute("status", feed.status());
		model.addAttribute("unknownSchoolCount", feed.unknownSchoolCount());
		model.addAttribute("unknownSchools", feed.unknownSchools(UNKNOWN_SCHOOLS_SHOWN));
		model.addAttribute("blocked", feed.blockedProviders());
		model.addAttribute("caps", feed.capDifferences(LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Asia/Shanghai"))));
		return "cityfeed/feed";
	}

	@PostMapping("/console/cityfeed/pull")
	String pull(RedirectAttributes redirect) {
		if (!feed.connected()) {
			redirect.addFlashAttribute("error", text("cityfeed.notConnected"));
			return "redirect:/console/cityfeed";
		}
		feed.clearBackoff();
		PullResult r = feed.pull();
		audit.record(AuditLog.Entry.of("cityfeed-pull", "city_feed_state", 1).detail(r.received() + " records"));
		if (r.failed()) {
			redirect.addFlashAttribute("error", text("cityfeed.pullFailed", r.error()));
		}
		else {
			redirect.addFlashAttribute("flash", text("cityfeed.pulled", r.received(), r.applied(), r.refused()));
		}
		return "redirect:/console/cityfeed";
	}

	@PostMapping("/console/cityfeed/send-reads")
	String sendReads(RedirectAttributes redirect) {
		if (!feed.connected()) {
			redirect.addFlashAttribute("error", text("cityfeed.notConnected"));
			return "redirect:/console/cityfeed";
		}
		CityPolicies.Summary s = policies.sendReadSummaries(clock.instant());
		audit.record(AuditLog.Entry.of("cityfeed-send-reads", "city_feed_state", 1).detail(s.sent() + " sent"));
		if (s.error() != null) {
			redirect.addFlashAttribute("error", text("cityfeed.readsFailed", s.error()));
		}
		else {
			redirect.addFlashAttribute("flash", text("cityfeed.readsDone", s.sent()));
		}
		return "redirect:/console/cityfeed";
	}

	private String text(String key, Object... args) {
		Locale locale = LocaleContextHolder.getLocale();
		return messages.getMessage(key, args, key, locale);
	}

	@Configuration(proxyBeanMethods = false)
	static class CityFeedMenu {

		@Bean
		NavigationItem cityFeedMenuItem() {
			return new NavigationItem("cityfeed.nav", "cityfeed.nav.feed", "/console/cityfeed",
					EnumSet.of(Role.CITY_ADMIN), 91);
		}

		@Bean
		NavigationItem cityPoliciesMenuItem() {
			return new NavigationItem("cityfeed.nav", "cityfeed.nav.policies", "/console/policies",
					EnumSet.of(Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN), 92);
		}

		@Bean
		NavigationItem phonePoliciesMenuItem() {
			return new NavigationItem("cityfeed.nav", "cityfeed.nav.policies", "/m/policies",
					EnumSet.of(Role.GUARDIAN, Role.TEACHER, Role.INSTRUCTOR), 60);
		}
	}
}
