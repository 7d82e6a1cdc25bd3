package org.kehou.attendance.web;

import java.time.LocalDate;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.kehou.attendance.InspectionCriterion;
import org.kehou.attendance.InspectionSubject;
import org.kehou.attendance.Inspections;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's inspection records (巡课记录): for a school admin every visit of the school's sessions, for a provider
 * admin every visit of its offerings' sessions at any school — in a date range (default the last 30 days), twenty a
 * page, with the number of visits and the average score per criterion over the whole range. The school or provider
 * is the caller's own.
 */
@Controller
@Access({ Role.SCHOOL_ADMIN, Role.PROVIDER_ADMIN })
class InspectionConsolePages {

	static final int PAGE_SIZE = 20;

	private final Inspections inspections;

	private final MessageSource messages;

	InspectionConsolePages(Inspections inspections, MessageSource messages) {
		this.inspections = inspections;
		this.messages = messages;
	}

	@GetMapping("/console/inspections")
	String list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "0") int page, Model model) {
		KehouUser me = CurrentUser.require();
		InspectionSubject subject = me.role() == Role.PROVIDER_ADMIN
				? InspectionSubject.provider(Objects.requireNonNull(me.scope().providerId()))
				: InspectionSubject.school(Objects.requireNonNull(me.scope().schoolId()));
		LocalDate[] range;
		try {
			range = InspectionApi.range(from, to);
		}
		catch (IllegalArgumentException e) {
			model.addAttribute("error", messages.getMessage("inspection.console.badRange", null,
					LocaleContextHolder.getLocale()));
			range = InspectionApi.range(null, null);
		}
		model.addAttribute("provider", me.role() == Role.PROVIDER_ADMIN);
		model.addAttribute("from", range[0]);
		model.addAttribute("to", range[1]);
		model.addAttribute("summary", inspections.summary(subject, range[0], range[1]));
		model.addAttribute("visits", inspections.list(subject, range[0], range[1], page, PAGE_SIZE));
		model.addAttribute("criteria", InspectionCriterion.values());
		return "attendance/inspections-console";
	}
}
