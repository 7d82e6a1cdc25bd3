package org.kehou.catalogue.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.catalogue.CourseCategory;
import org.kehou.catalogue.FeeCap;
import org.kehou.catalogue.FeeCaps;
import org.kehou.catalogue.NewFeeCap;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.shared.Money;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "catalogue", description = "Course categories and fee standards (收费标准)")
class FeeStandardsApi {

	private final FeeCaps caps;

	FeeStandardsApi(FeeCaps caps) {
		this.caps = caps;
	}

	/** One category's standard: the city's cap and, for a town, the town's own cap if it set one. */
	record FeeStandard(String category, String name, String kind, @Nullable CapView city, @Nullable CapView town) {
	}

	record CapView(long id, String category, @Nullable Long townId, String level, long amountFen, String amount,
			int lessonMinutes, LocalDate validFrom, String source, String setBy) {

		static CapView of(FeeCap cap) {
			return new CapView(cap.id(), cap.categoryCode(), cap.townId(), cap.level().name(), cap.amount().fen(),
					cap.amount().toString(), cap.lessonMinutes(), cap.validFrom(), cap.source(), cap.setBy());
		}
	}

	/** A new cap; {@code amount} as text ("¥2.50", "2.5"). */
	record FeeCapRequest(@NotBlank String category, @NotBlank @Size(max = 20) String amount,
			@NotNull @Min(10) @Max(240) Integer lessonMinutes, @NotNull LocalDate validFrom,
			@NotBlank @Size(max = 200) String source) {

		NewFeeCap toNewCap() {
			return new NewFeeCap(category, Money.parse(amount), lessonMinutes, validFrom, source);
		}
	}

	@GetMapping("/api/v1/fee-standards")
	@Access
	@Operation(summary = "The city's fee caps in force (today unless a date is given)")
	List<FeeStandard> cityStandards(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return standards(null, date == null ? FeeCaps.today() : date);
	}

	@GetMapping("/api/v1/towns/{townId}/fee-standards")
	@Access
	@Operation(summary = "A town's fee standards: the city's caps and the town's own lower caps in force")
	List<FeeStandard> townStandards(@PathVariable long townId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
		return standards(townId, date == null ? FeeCaps.today() : date);
	}

	@PostMapping("/api/v1/fee-caps")
	@Access(Role.CITY_ADMIN)
	@Operation(summary = "Set a new city-wide cap (supersedes the previous one from its date)")
	ResponseEntity<CapView> setCityCap(@Valid @RequestBody FeeCapRequest request) {
		CapView saved = CapView.of(caps.setCityCap(request.toNewCap()));
		return ResponseEntity.created(URI.create("/api/v1/fee-standards")).body(saved);
	}

	@PostMapping("/api/v1/towns/{townId}/fee-caps")
	@Access(Role.TOWN_ADMIN)
	@Operation(summary = "Set the town's own cap; it may not be above the city's (409)")
	ResponseEntity<CapView> setTownCap(@PathVariable long townId, @Valid @RequestBody FeeCapRequest request) {
		CapView saved = CapView.of(caps.setTownCap(townId, request.toNewCap()));
		return ResponseEntity.created(URI.create("/api/v1/towns/" + townId + "/fee-standards")).body(saved);
	}

	private List<FeeStandard> standards(@Nullable Long townId, LocalDate date) {
		var city = caps.capsInForce(null, date);
		var town = townId == null ? List.<FeeCap>of() : caps.capsInForce(townId, date);
		return caps.categories().stream()
			.map(c -> new FeeStandard(c.code(), c.nameZh(), c.kind().name(), find(city, c), find(town, c)))
			.toList();
	}

	private static @Nullable CapView find(List<FeeCap> caps, CourseCategory category) {
		return caps.stream().filter(c -> c.categoryCode().equals(category.code())).findFirst().map(CapView::of)
			.orElse(null);
	}
}
