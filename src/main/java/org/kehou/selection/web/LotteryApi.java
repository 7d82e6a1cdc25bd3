package org.kehou.selection.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.selection.Lotteries;
import org.kehou.selection.LotteryChoices;
import org.kehou.selection.LotteryVerify;
import org.kehou.selection.SelectionRefused;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Lottery (摇号) API. A guardian submits and reads the own child's ranked choices ({@code studentId}; the round
 * travels as the request parameter {@code round}, because a guardian's scope covers the child, not the round — it is
 * checked to be a round of the child's school). The school's administrator draws a closed round ({@code roundId});
 * the school, its town office and the city read the draw, download its inputs and verify it.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "lottery", description = "Lottery (摇号): ranked choices, the seeded draw, verification")
class LotteryApi {

	record ChoicesRequest(@NotNull(message = "{lottery.validation.offeringIds}") @Nullable List<Long> offeringIds) {
	}

	record VerifyResponse(boolean matches, String digest, @Nullable String expected, String inputsSha256,
			int children, int won, int waitlisted) {

		static VerifyResponse of(LotteryVerify.Outcome o) {
			return new VerifyResponse(o.matches(), o.digest(), o.expected(), o.inputsSha256(), o.children(), o.won(),
					o.waitlisted());
		}
	}

	record LotteryResponse(long roundId, String status, String phase, int children, int choices,
			@Nullable String seed, @Nullable String inputsSha256, @Nullable String resultSha256, @Nullable Integer won,
			@Nullable Integer waitlisted, @Nullable Instant drawnAt) {

		static LotteryResponse of(Lotteries.Summary s) {
			Lotteries.Draw d = s.draw();
			return new LotteryResponse(s.round().id(), s.round().status().name(), s.round().phase(Instant.now()).name(),
					s.children(), s.choices(), d == null ? null : d.seed(), d == null ? null : d.inputsSha256(),
					d == null ? null : d.resultSha256(), d == null ? null : d.won(), d == null ? null : d.waitlisted(),
					d == null ? null : d.drawnAt());
		}
	}

	private final LotteryChoices choices;

	private final Lotteries lotteries;

	private final MessageSource messages;

	LotteryApi(LotteryChoices choices, Lotteries lotteries, MessageSource messages) {
		this.choices = choices;
		this.lotteries = lotteries;
		this.messages = messages;
	}

	@GetMapping("/students/{studentId}/lottery-choices")
	@Access({ Role.GUARDIAN, Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "The child's ranked choices in a lottery round and, once drawn, the result")
	LotteryChoices.ChildLottery choices(@PathVariable long studentId, @RequestParam("round") long round) {
		return choices.of(studentId, round);
	}

	@PutMapping("/students/{studentId}/lottery-choices")
	@Access(Role.GUARDIAN)
	@Operation(summary = "Replace the child's ranked choices (best first; an empty list withdraws from the draw)")
	LotteryChoices.ChildLottery submit(@PathVariable long studentId, @RequestParam("round") long round,
			@Valid @RequestBody ChoicesRequest request) {
		return choices.submit(studentId, round, request.offeringIds() == null ? List.of() : request.offeringIds());
	}

	@GetMapping("/rounds/{roundId}/lottery")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "The round's lottery: counts, and once drawn the seed and digests")
	LotteryResponse lottery(@PathVariable long roundId) {
		return LotteryResponse.of(lotteries.summary(roundId));
	}

	@PostMapping("/rounds/{roundId}/lottery/draw")
	@Access(Role.SCHOOL_ADMIN)
	@Operation(summary = "Draw the closed round (once; a second draw is refused ROUND_FIXED)")
	LotteryResponse draw(@PathVariable long roundId) {
		lotteries.draw(roundId, Instant.now());
		return LotteryResponse.of(lotteries.summary(roundId));
	}

	@GetMapping(path = "/rounds/{roundId}/lottery/inputs", produces = MediaType.APPLICATION_JSON_VALUE)
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "The drawn round's inputs (canonical JSON with the result digest), for LotteryVerify")
	ResponseEntity<String> inputs(@PathVariable long roundId) {
		String json = lotteries.export(roundId)
			.orElseThrow(() -> new SelectionRefused(SelectionRefused.Reason.NOT_FOUND, "round " + roundId + " not drawn"));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"lottery-round-" + roundId + "-inputs.json\"")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json);
	}

	@PostMapping("/rounds/{roundId}/lottery/verify")
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "Re-run the draw from its stored inputs and compare digests")
	VerifyResponse verify(@PathVariable long roundId) {
		return VerifyResponse.of(lotteries.verifyStored(roundId));
	}

	@PostMapping(path = "/rounds/{roundId}/lottery/verify-upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Access({ Role.SCHOOL_ADMIN, Role.TOWN_ADMIN, Role.CITY_ADMIN })
	@Operation(summary = "Re-run the draw from an uploaded inputs file (optionally with another seed)")
	VerifyResponse verifyUpload(@PathVariable long roundId, @RequestPart("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String seed) throws IOException {
		return VerifyResponse.of(lotteries.verifyUpload(roundId, file.getBytes(), seed));
	}

	@ExceptionHandler(SelectionRefused.class)
	ProblemDetail refused(SelectionRefused e) {
		return SelectionProblems.problem(e, messages);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail invalid(IllegalArgumentException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				messages.getMessage("lottery.verify.badFile", null, org.springframework.context.i18n.LocaleContextHolder
					.getLocale()));
		problem.setProperty("reason", "BAD_FILE");
		return problem;
	}
}
