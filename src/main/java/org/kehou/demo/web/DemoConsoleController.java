package org.kehou.demo.web;

import org.kehou.demo.DemoProperties;
import org.kehou.demo.DemoScale;
import org.kehou.demo.internal.DemoCityGenerator;
import org.kehou.demo.internal.DemoLogins;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.platform.DatabaseProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The city administrator's page of the demo generator: the status and progress of a run (polled by htmx every
 * second while it runs) and a form to generate a chosen scale into an empty database.
 */
@Controller
@Access(Role.CITY_ADMIN)
@RequestMapping("/console/demo")
class DemoConsoleController {

	private final DemoCityGenerator generator;

	private final DemoProperties properties;

	private final DatabaseProperties database;

	private final MessageSource messages;

	DemoConsoleController(DemoCityGenerator generator, DemoProperties properties, DatabaseProperties database,
			MessageSource messages) {
		this.generator = generator;
		this.properties = properties;
		this.database = database;
		this.messages = messages;
	}

	@GetMapping
	String page(Model model) {
		model.addAttribute("status", generator.status());
		model.addAttribute("enabled", properties.isEnabled(database));
		model.addAttribute("empty", generator.databaseIsEmpty());
		model.addAttribute("scales", DemoScale.values());
		model.addAttribute("selectedScale", properties.scale());
		model.addAttribute("accounts", DemoLogins.all());
		return "demo/console";
	}

	@GetMapping("/status")
	String status(Model model) {
		model.addAttribute("status", generator.status());
		return "demo/console :: status";
	}

	@PostMapping("/generate")
	String generate(@RequestParam DemoScale scale, RedirectAttributes redirect) {
		if (!properties.isEnabled(database)) {
			redirect.addFlashAttribute("error", text("demo.refused.disabled"));
			return "redirect:/console/demo";
		}
		try {
			generator.start(scale);
			redirect.addFlashAttribute("flash", text("demo.started", text("demo.scale." + scale.key())));
		}
		catch (IllegalStateException e) {
			String key = e.getMessage();
			redirect.addFlashAttribute("error",
					key != null && key.startsWith("demo.") ? text(key) : text("demo.refused.failed"));
		}
		return "redirect:/console/demo";
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
