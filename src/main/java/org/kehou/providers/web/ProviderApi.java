package org.kehou.providers.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.providers.ProviderReminders;
import org.kehou.providers.ProviderStatus;
import org.kehou.providers.ProviderSummary;
import org.kehou.providers.ProviderView;
import org.kehou.providers.Providers;
import org.kehou.providers.ReviewAction;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "providers", description = "Providers' applications, their review, admission to town pools, exit")
class ProviderApi {

	record SubmitRequest(@NotEmpty(message = "{providers.validation.towns}") @Nullable List<Long> townIds) {
	}

	record ReviewRequest(@NotNull(message = "{providers.validation.required}") @Nullable ReviewAction action,
			@Size(max = 1000, message = "{providers.validation.size}") @Nullable String reason) {
	}

	record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

		static <T> PageResponse<T> of(Page<T> page) {
			return new PageResponse<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
					page.getTotalPages());
		}
	}

	private final Providers providers;

	private final ProviderReminders reminders;

	ProviderApi(Providers providers, ProviderReminders reminders) {
		this.providers = providers;
		this.reminders = reminders;
	}

	@GetMapping
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "Providers in the caller's scope: all (city), the town's pool (town), itself (provider); "
			+ "annualReview=true: only those under annual review")
	PageResponse<ProviderSummary> list(@RequestParam(required = false) @Nullable ProviderStatus status,
			@RequestParam(defaultValue = "false") boolean annualReview, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return PageResponse.of(providers.list(CurrentUser.scope(), status, annualReview,
				PageRequest.of(Math.max(page, 0), Math.min(Math.max(size, 1), 100))));
	}

	@GetMapping("/{providerId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "A provider's application with its town admissions and review history")
	ProviderView get(@PathVariable long providerId) {
		return providers.find(providerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PutMapping("/{providerId}")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Save the application (only while drafting or correcting it)")
	ProviderView update(@PathVariable long providerId, @Valid @RequestBody ProviderForm form) {
		return providers.update(providerId, form.details());
	}

	@PostMapping("/{providerId}/submit")
	@Access(Role.PROVIDER_ADMIN)
	@Operation(summary = "Submit the application to the pools of the given towns")
	ProviderView submit(@PathVariable long providerId, @Valid @RequestBody SubmitRequest request) {
		return providers.submit(providerId, java.util.Objects.requireNonNull(request.townIds()));
	}

	@PostMapping("/{providerId}/review")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	@Operation(summary = "Decide: APPROVE, REJECT or RETURN (with reason) on an application to a town's pool, by the "
			+ "town office or the city as kehou.providers.review says (the city names the town with ?townId=, or "
			+ "decides on all awaiting it); CONFIRM a town's approval (city, TOWN_THEN_CITY); city-wide SUSPEND, "
			+ "REINSTATE (only with a valid licence) or EXPEL (with reason)")
	ProviderView review(@PathVariable long providerId, @RequestParam(required = false) @Nullable Long townId,
			@Valid @RequestBody ReviewRequest request) {
		return providers.review(providerId, java.util.Objects.requireNonNull(request.action()), request.reason(),
				townId, CurrentUser.scope());
	}

	record AnnualReviewResponse(int providersAsked) {
	}

	@PostMapping("/annual-review")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
	@Operation(summary = "Open the annual review (年度复核) of the admitted providers: all towns (city) or the town's pool")
	AnnualReviewResponse openAnnualReview() {
		return new AnnualReviewResponse(providers.openAnnualReview(CurrentUser.scope()));
	}

	@GetMapping("/{providerId}/reminders")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.PROVIDER_ADMIN })
	@Operation(summary = "Reminders of the provider's and its instructors' documents expiring soon")
	List<ProviderReminders.Reminder> reminders(@PathVariable long providerId) {
		return reminders.list(providerId);
	}
}
