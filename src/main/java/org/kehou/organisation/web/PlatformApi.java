package org.kehou.organisation.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kehou.identity.Access;
import org.kehou.identity.Role;
import org.kehou.organisation.PlatformView;
import org.kehou.organisation.ServicePlatforms;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Role.CITY_ADMIN)
@Tag(name = "organisation")
class PlatformApi {

	private final ServicePlatforms platforms;

	PlatformApi(ServicePlatforms platforms) {
		this.platforms = platforms;
	}

	@GetMapping("/api/v1/platforms")
	@Operation(summary = "Service platforms and the schools each one serves (city only)")
	List<PlatformView> list() {
		return platforms.listPlatforms();
	}
}
