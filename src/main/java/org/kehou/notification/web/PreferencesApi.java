package org.kehou.notification.web;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.notification.TopicGroup;
import org.kehou.notification.internal.Deliveries;
import org.kehou.notification.internal.Preferences;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A guardian's choice of external channels per topic group (the inbox always receives everything). Only the
 * switched-on channels are listed and accepted.
 */
@RestController
@RequestMapping("/api/v1/notification-preferences")
@Access(Role.GUARDIAN)
@Tag(name = "inbox")
class PreferencesApi {

	record Choice(@NotNull @Nullable TopicGroup group, @NotBlank @Size(max = 20) @Nullable String channel,
			@NotNull @Nullable Boolean enabled) {
	}

	record PreferencesRequest(@NotNull @Size(max = 50) @Nullable List<@Valid @NotNull Choice> preferences) {
	}

	record GroupResponse(TopicGroup group, String name, Map<String, Boolean> channels) {
	}

	record PreferencesResponse(List<String> channels, List<GroupResponse> groups) {
	}

	private final Preferences preferences;

	private final Deliveries deliveries;

	private final MessageSource messages;

	PreferencesApi(Preferences preferences, Deliveries deliveries, MessageSource messages) {
		this.preferences = preferences;
		this.deliveries = deliveries;
		this.messages = messages;
	}

	@GetMapping
	@Operation(summary = "The user's external channels per topic group (all on until switched off)")
	PreferencesResponse get() {
		List<String> channels = deliveries.channelNames();
		var all = preferences.of(CurrentUser.require().id(), channels);
		return new PreferencesResponse(channels, all.entrySet().stream()
			.map(e -> new GroupResponse(e.getKey(),
					messages.getMessage(e.getKey().messageKey(), null, LocaleContextHolder.getLocale()), e.getValue()))
			.toList());
	}

	@PutMapping
	@Operation(summary = "Switches external channels on or off per topic group; returns all preferences")
	PreferencesResponse put(@Valid @RequestBody PreferencesRequest request) {
		List<String> channels = deliveries.channelNames();
		long me = CurrentUser.require().id();
		List<Choice> choices = java.util.Objects.requireNonNull(request.preferences());
		choices.stream().filter(c -> !channels.contains(c.channel())).findFirst().ifPresent(c -> {
			throw new IllegalArgumentException("channel must be one of " + channels + ": " + c.channel());
		});
		choices.forEach(c -> preferences.set(me, java.util.Objects.requireNonNull(c.group()),
				java.util.Objects.requireNonNull(c.channel()), java.util.Objects.requireNonNull(c.enabled())));
		return get();
	}
}
