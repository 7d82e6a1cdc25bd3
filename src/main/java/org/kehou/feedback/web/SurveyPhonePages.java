package org.kehou.feedback.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kehou.feedback.SurveyRefused;
import org.kehou.feedback.SurveyView;
import org.kehou.feedback.Surveys;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.KehouUser;
import org.kehou.identity.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The respondents' phone pages: the open campaigns the signed-in guardian or teacher may answer (answered ones marked),
 * one campaign's form — which keeps what was entered and says what is missing when refused — and a thank-you once
 * answered. A campaign the account is not in the audience of is not found (the owner resolver answers 404).
 */
@Controller
class SurveyPhonePages {

	private final Surveys surveys;

	private final MessageSource messages;

	SurveyPhonePages(Surveys surveys, MessageSource messages) {
		this.surveys = surveys;
		this.messages = messages;
	}

	@GetMapping("/m/surveys")
	@Access({ Role.GUARDIAN, Role.TEACHER })
	String list(Model model) {
		model.addAttribute("invitations", surveys.openFor(CurrentUser.require().id(), Surveys.now()));
		return "feedback/my-surveys";
	}

	@GetMapping("/m/surveys/{surveyId}")
	@Access({ Role.GUARDIAN, Role.TEACHER })
	String form(@PathVariable long surveyId, Model model) {
		return show(surveyId, Map.of(), model);
	}

	@PostMapping("/m/surveys/{surveyId}")
	@Access({ Role.GUARDIAN, Role.TEACHER })
	String answer(@PathVariable long surveyId, @RequestParam MultiValueMap<String, String> params, Model model,
			RedirectAttributes redirect) {
		Map<Long, List<String>> answers = new HashMap<>();
		params.forEach((name, values) -> {
			if (name.matches("q\\d{1,18}")) {
				answers.put(Long.valueOf(name.substring(1)), values);
			}
		});
		try {
			surveys.answer(CurrentUser.require().id(), surveyId, answers, Surveys.now());
			redirect.addFlashAttribute("flash", message("survey.answer.thanks"));
			return "redirect:/m/surveys/" + surveyId;
		}
		catch (SurveyRefused e) {
			if (e.reason() == SurveyRefused.Reason.NOT_FOUND || e.reason() == SurveyRefused.Reason.NOT_ELIGIBLE) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
			model.addAttribute("error", message(e.messageKey(), e.args()));
			return show(surveyId, answers, model);
		}
	}

	private String show(long surveyId, Map<Long, List<String>> given, Model model) {
		KehouUser user = CurrentUser.require();
		SurveyView survey = surveys.find(surveyId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!surveys.eligible(surveyId, user.id())) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("survey", survey);
		model.addAttribute("answered", surveys.hasAnswered(surveyId, user.id()));
		model.addAttribute("open", survey.isOpenAt(Surveys.now()));
		model.addAttribute("given", given);
		model.addAttribute("provider", surveys.provider(surveyId).orElse(null));
		return "feedback/survey-answer";
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}
}
