package org.kehou.organisation.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.organisation.TownView;
import org.kehou.organisation.Towns;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/v1/towns")
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
@Tag(name = "organisation", description = "Towns, schools, grades, classes, terms and service platforms")
class TownApi {

	private final Towns towns;

	TownApi(Towns towns) {
		this.towns = towns;
	}

	@GetMapping
	@Operation(summary = "Towns and streets (镇街) in the caller's scope")
	List<TownView> list() {
		return towns.listTowns(CurrentUser.scope());
	}

	@GetMapping("/{townId}")
	@Operation(summary = "One town")
	TownView get(@PathVariable long townId) {
		return towns.findTown(townId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}
}
