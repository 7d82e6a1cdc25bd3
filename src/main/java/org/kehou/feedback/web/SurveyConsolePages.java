package org.kehou.feedback.web;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.NewSurveyQuestion;
import org.kehou.feedback.SurveyAudience;
import org.kehou.feedback.SurveyDraft;
import org.kehou.feedback.SurveyQuestionKind;
import org.kehou.feedback.SurveyRefused;
import org.kehou.feedback.SurveyResults;
import org.kehou.feedback.SurveyStatus;
import org.kehou.feedback.SurveyView;
import org.kehou.feedback.Surveys;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's survey pages: the campaigns of the scope (filters, pages of 20), a new campaign, one campaign — its
 * settings and questions while a draft (edit, add, remove, publish, delete), its results with charts once published
 * (close by hand, .xlsx export). Only the level that created a campaign edits it; the levels above see it.
 */
@Controller
class SurveyConsolePages {

	static final int PAGE_SIZE = 20;

	private static final Role[] ADMINS = { Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN };

	private final Surveys surveys;

	private final SurveyExport export;

	private final MessageSource messages;

	SurveyConsolePages(Surveys surveys, SurveyExport export, MessageSource messages) {
		this.surveys = surveys;
		this.export = export;
		this.messages = messages;
	}

	@GetMapping("/console/surveys")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") int page, Model model) {
		SurveyStatus parsed = parse(status);
		model.addAttribute("result", surveys.list(CurrentUser.scope(), parsed, q, page, PAGE_SIZE));
		model.addAttribute("status", parsed);
		model.addAttribute("q", q);
		model.addAttribute("statuses", SurveyStatus.values());
		return "feedback/surveys";
	}

	@GetMapping("/console/surveys/new")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String newSurvey(Model model) {
		LocalDateTime start = Surveys.now().toLocalDate().plusDays(1).atTime(8, 0);
		model.addAttribute("form", new Form(null, null, SurveyAudience.GUARDIANS.name(), List.of(), true,
				start.toString(), start.plusDays(7).withHour(20).toString()));
		model.addAttribute("audiences", SurveyAudience.values());
		return "feedback/survey-new";
	}

	@PostMapping("/console/surveys")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String create(@RequestParam(required = false) @Nullable String title, @RequestParam(required = false) @Nullable String intro,
			@RequestParam(required = false) @Nullable String audience,
			@RequestParam(required = false) @Nullable List<String> grades,
			@RequestParam(required = false) @Nullable String anonymous, @RequestParam(required = false) @Nullable String opensAt,
			@RequestParam(required = false) @Nullable String closesAt, Model model, RedirectAttributes redirect) {
		Form form = new Form(title, intro, audience, grades == null ? List.of() : grades, anonymous != null, opensAt, closesAt);
		try {
			long id = surveys.create(CurrentUser.require(), form.draft());
			redirect.addFlashAttribute("flash", message("survey.created"));
			return "redirect:/console/surveys/" + id;
		}
		catch (SurveyRefused e) {
			model.addAttribute("error", message(e.messageKey(), e.args()));
			model.addAttribute("form", form);
			model.addAttribute("audiences", SurveyAudience.values());
			return "feedback/survey-new";
		}
	}

	@GetMapping("/console/surveys/{surveyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String survey(@PathVariable long surveyId, Model model) {
		SurveyView survey = surveys.find(surveyId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("survey", survey);
		model.addAttribute("manage", surveys.mayManage(CurrentUser.scope(), survey));
		model.addAttribute("audiences", SurveyAudience.values());
		model.addAttribute("kinds", SurveyQuestionKind.values());
		model.addAttribute("provider", surveys.provider(surveyId).orElse(null));
		if (survey.status() == SurveyStatus.DRAFT) {
			model.addAttribute("form", Form.of(survey));
			model.addAttribute("providers", surveys.providersFor(CurrentUser.scope()));
		}
		else {
			SurveyResults results = surveys.results(surveyId);
			model.addAttribute("results", results);
			model.addAttribute("charts", SurveyCharts.of(results));
		}
		return "feedback/survey";
	}

	@PostMapping("/console/surveys/{surveyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String update(@PathVariable long surveyId, @RequestParam(required = false) @Nullable String title,
			@RequestParam(required = false) @Nullable String intro, @RequestParam(required = false) @Nullable String audience,
			@RequestParam(required = false) @Nullable List<String> grades,
			@RequestParam(required = false) @Nullable String anonymous, @RequestParam(required = false) @Nullable String opensAt,
			@RequestParam(required = false) @Nullable String closesAt, RedirectAttributes redirect) {
		Form form = new Form(title, intro, audience, grades == null ? List.of() : grades, anonymous != null, opensAt, closesAt);
		return act(surveyId, redirect, "survey.saved", () -> surveys.update(CurrentUser.scope(), surveyId, form.draft()));
	}

	@PostMapping("/console/surveys/{surveyId}/provider")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String provider(@PathVariable long surveyId, @RequestParam(required = false) @Nullable String provider,
			RedirectAttributes redirect) {
		Long id;
		try {
			id = provider == null || provider.isBlank() ? null : Long.valueOf(provider.strip());
		}
		catch (NumberFormatException e) {
			id = -1L;
		}
		Long chosen = id;
		return act(surveyId, redirect, "survey.saved", () -> surveys.linkProvider(CurrentUser.scope(), surveyId, chosen));
	}

	@PostMapping("/console/surveys/{surveyId}/questions")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String addQuestion(@PathVariable long surveyId, @RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String text, @RequestParam(required = false) @Nullable String required,
			@RequestParam(required = false) @Nullable String satisfaction,
			@RequestParam(required = false) @Nullable String choices, RedirectAttributes redirect) {
		SurveyQuestionKind parsed = parseKind(kind);
		List<String> lines = choices == null ? List.of() : Arrays.asList(choices.split("\\R"));
		return act(surveyId, redirect, "survey.question.added", () -> surveys.addQuestion(CurrentUser.scope(), surveyId,
				new NewSurveyQuestion(parsed, text, required != null, satisfaction != null, lines)));
	}

	@PostMapping("/console/surveys/{surveyId}/questions/remove")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String removeQuestion(@PathVariable long surveyId, @RequestParam(required = false) @Nullable Long questionId,
			RedirectAttributes redirect) {
		return act(surveyId, redirect, "survey.question.removed",
				() -> surveys.removeQuestion(CurrentUser.scope(), surveyId, questionId == null ? -1 : questionId));
	}

	@PostMapping("/console/surveys/{surveyId}/publish")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String publish(@PathVariable long surveyId, RedirectAttributes redirect) {
		return act(surveyId, redirect, "survey.published",
				() -> surveys.publish(CurrentUser.scope(), surveyId, Surveys.now()));
	}

	@PostMapping("/console/surveys/{surveyId}/close")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String close(@PathVariable long surveyId, RedirectAttributes redirect) {
		return act(surveyId, redirect, "survey.closed",
				() -> surveys.close(CurrentUser.scope(), surveyId, Surveys.now()));
	}

	@PostMapping("/console/surveys/{surveyId}/delete")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	String delete(@PathVariable long surveyId, RedirectAttributes redirect) {
		try {
			surveys.delete(CurrentUser.scope(), surveyId);
			redirect.addFlashAttribute("flash", message("survey.deleted"));
			return "redirect:/console/surveys";
		}
		catch (SurveyRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey(), e.args()));
			return "redirect:/console/surveys/" + surveyId;
		}
	}

	@GetMapping("/console/surveys/{surveyId}/results.xlsx")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	ResponseEntity<byte[]> xlsx(@PathVariable long surveyId) {
		SurveyView survey = surveys.find(surveyId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (survey.status() == SurveyStatus.DRAFT) {
			throw new ResponseStatusException(HttpStatus.CONFLICT);
		}
		byte[] book = export.xlsx(surveys.results(surveyId));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("survey-" + surveyId + ".xlsx").build().toString())
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.body(book);
	}

	private String act(long surveyId, RedirectAttributes redirect, String done, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", message(done));
		}
		catch (SurveyRefused e) {
			redirect.addFlashAttribute("error", message(e.messageKey(), e.args()));
		}
		return "redirect:/console/surveys/" + surveyId;
	}

	/** The settings form as entered (strings, so that a refused form comes back as it was typed). */
	public record Form(@Nullable String title, @Nullable String intro, @Nullable String audience, List<String> grades,
			boolean anonymous, @Nullable String opensAt, @Nullable String closesAt) {

		static Form of(SurveyView s) {
			return new Form(s.title(), s.intro(), s.audience().name(), s.gradeLevels().stream().map(String::valueOf).toList(),
					s.anonymous(), s.opensAt().toString(), s.closesAt().toString());
		}

		public boolean hasGrade(Integer level) {
			return grades.contains(String.valueOf(level));
		}

		SurveyDraft draft() {
			SurveyAudience a;
			try {
				a = audience == null || audience.isBlank() ? null : SurveyAudience.valueOf(audience);
			}
			catch (IllegalArgumentException e) {
				a = null;
			}
			List<Integer> levels = new ArrayList<>();
			for (String g : grades) {
				try {
					levels.add(Integer.valueOf(g.strip()));
				}
				catch (NumberFormatException e) {
					throw new SurveyRefused(SurveyRefused.Reason.INVALID, "survey.invalid.grades");
				}
			}
			return new SurveyDraft(title, intro, a, levels, anonymous, time(opensAt), time(closesAt));
		}

		private static @Nullable LocalDateTime time(@Nullable String value) {
			try {
				return value == null || value.isBlank() ? null : LocalDateTime.parse(value.strip());
			}
			catch (DateTimeParseException e) {
				return null;
			}
		}
	}

	private static @Nullable SurveyStatus parse(@Nullable String status) {
		try {
			return status == null || status.isBlank() ? null : SurveyStatus.valueOf(status);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static @Nullable SurveyQuestionKind parseKind(@Nullable String kind) {
		try {
			return kind == null || kind.isBlank() ? null : SurveyQuestionKind.valueOf(kind);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
