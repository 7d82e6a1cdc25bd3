package org.kehou.portal.web;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.NavigationItem;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in user and their menu (grouped by section) into every page's model. */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class Navigation {

	private final List<NavigationItem> items;

	Navigation(List<NavigationItem> items) {
		this.items = items.stream()
			.sorted(Comparator.comparing(NavigationItem::section).thenComparingInt(NavigationItem::order))
			.toList();
	}

	@ModelAttribute
	void addNavigation(org.springframework.ui.Model model, jakarta.servlet.http.HttpServletRequest request) {
		// Thymeleaf 3.1 no longer exposes #request to templates: the layout marks the active entry with this
		model.addAttribute("currentPath", request.getRequestURI().substring(request.getContextPath().length()));
		CurrentUser.find().ifPresent(user -> {
			model.addAttribute("me", user);
			model.addAttribute("menu", menuFor(user));
		});
	}

	Map<String, List<NavigationItem>> menuFor(KehouUser user) {
		Map<String, List<NavigationItem>> menu = new LinkedHashMap<>();
		items.stream()
			.filter(item -> item.roles().contains(user.role()))
			.forEach(item -> menu.computeIfAbsent(item.section(), k -> new java.util.ArrayList<>()).add(item));
		return menu;
	}
}
