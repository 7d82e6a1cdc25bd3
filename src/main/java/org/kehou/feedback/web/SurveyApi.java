package org.kehou.feedback.web;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.kehou.feedback.NewSurveyQuestion;
import org.kehou.feedback.SurveyAudience;
import org.kehou.feedback.SurveyDraft;
import org.kehou.feedback.SurveyPage;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Survey campaigns over JSON: admins list, create (settings and questions in one request), change a draft, publish,
 * close and read the results; guardians and teachers list the campaigns open to them and answer. Refusals are
 * Problem Details with a {@code reason} and the message in the caller's language.
 */
@RestController
@RequestMapping("/api/v1/surveys")
class SurveyApi {

	private final Surveys surveys;

	private final MessageSource messages;

	SurveyApi(Surveys surveys, MessageSource messages) {
		this.surveys = surveys;
		this.messages = messages;
	}

	/** A campaign's settings and (for create and replace) its questions, in order. */
	record SurveyRequest(@Nullable String title, @Nullable String intro, @Nullable SurveyAudience audience,
			@Nullable List<Integer> gradeLevels, @Nullable Boolean anonymous, @Nullable LocalDateTime opensAt,
			@Nullable LocalDateTime closesAt, @Nullable List<NewSurveyQuestion> questions) {

		SurveyDraft draft() {
			return new SurveyDraft(title, intro, audience, gradeLevels, anonymous, opensAt, closesAt);
		}
	}

	/** Per question id the values: choice indexes from 0, a scale value 1–5, or the text. */
	record AnswerRequest(@Nullable Map<Long, List<String>> answers) {
	}

	record Created(long id) {
	}

	@GetMapping
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	SurveyPage list(@RequestParam(required = false) @Nullable SurveyStatus status,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page) {
		return surveys.list(CurrentUser.scope(), status, q, page, SurveyConsolePages.PAGE_SIZE);
	}

	@PostMapping
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	Created create(@RequestBody SurveyRequest request) {
		long id = surveys.create(CurrentUser.require(), request.draft());
		addQuestions(id, request.questions());
		return new Created(id);
	}

	@GetMapping("/{surveyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN, Role.TEACHER })
	SurveyView get(@PathVariable long surveyId) {
		return surveys.find(surveyId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/** Replaces a draft's settings and, when given, all its questions. */
	@PutMapping("/{surveyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@Transactional
	SurveyView replace(@PathVariable long surveyId, @RequestBody SurveyRequest request) {
		surveys.update(CurrentUser.scope(), surveyId, request.draft());
		if (request.questions() != null) {
			SurveyView before = surveys.find(surveyId).orElseThrow();
			before.questions().forEach(q -> surveys.removeQuestion(CurrentUser.scope(), surveyId, q.id()));
			addQuestions(surveyId, request.questions());
		}
		return get(surveyId);
	}

	@DeleteMapping("/{surveyId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long surveyId) {
		surveys.delete(CurrentUser.scope(), surveyId);
	}

	@PostMapping("/{surveyId}/publish")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	SurveyView publish(@PathVariable long surveyId) {
		surveys.publish(CurrentUser.scope(), surveyId, Surveys.now());
		return get(surveyId);
	}

	@PostMapping("/{surveyId}/close")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	SurveyView close(@PathVariable long surveyId) {
		surveys.close(CurrentUser.scope(), surveyId, Surveys.now());
		return get(surveyId);
	}

	@GetMapping("/{surveyId}/results")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	SurveyResults results(@PathVariable long surveyId) {
		return surveys.results(surveyId);
	}

	@GetMapping("/open")
	@Access({ Role.GUARDIAN, Role.TEACHER })
	List<Surveys.Invitation> open() {
		return surveys.openFor(CurrentUser.require().id(), Surveys.now());
	}

	@PostMapping("/{surveyId}/answers")
	@Access({ Role.GUARDIAN, Role.TEACHER })
	@ResponseStatus(HttpStatus.CREATED)
	void answer(@PathVariable long surveyId, @RequestBody AnswerRequest request) {
		surveys.answer(CurrentUser.require().id(), surveyId, request.answers() == null ? Map.of() : request.answers(),
				Surveys.now());
	}

	private void addQuestions(long surveyId, @Nullable List<NewSurveyQuestion> questions) {
		if (questions != null) {
			questions.forEach(q -> surveys.addQuestion(CurrentUser.scope(), surveyId, q));
		}
	}

	@ExceptionHandler(SurveyRefused.class)
	ProblemDetail refused(SurveyRefused e) {
		HttpStatus status = switch (e.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case NOT_ELIGIBLE -> HttpStatus.FORBIDDEN;
			case INVALID -> HttpStatus.BAD_REQUEST;
			case STATE, ALREADY_ANSWERED -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				messages.getMessage(e.messageKey(), e.args(), LocaleContextHolder.getLocale()));
		problem.setTitle("survey refused");
		problem.setProperty("reason", e.reason().name());
		return problem;
	}
}
