package org.kehou.people.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.people.internal.DataRequest;
import org.kehou.people.internal.DataRequests;
import org.kehou.people.internal.PeopleScope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Guardians' data requests as the school handles them. Guardians submit theirs under /students/{studentId}. */
@RestController
@RequestMapping("/api/v1")
class DataRequestApi {

	record Decision(@NotNull DataRequest.Status outcome, @Nullable @Size(max = 1000) String response) {
	}

	private final DataRequests requests;

	DataRequestApi(DataRequests requests) {
		this.requests = requests;
	}

	@GetMapping("/schools/{schoolId}/data-requests")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN })
	List<DataRequest> list(@PathVariable long schoolId,
			@RequestParam(required = false) DataRequest.@Nullable Status status) {
		return requests.search(PeopleScope.of(CurrentUser.scope()), schoolId, status);
	}

	@GetMapping("/data-requests/{dataRequestId}")
	@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN, Role.SCHOOL_ADMIN, Role.GUARDIAN })
	DataRequest show(@PathVariable long dataRequestId) {
		return requests.find(dataRequestId).orElseThrow();
	}

	@PostMapping("/data-requests/{dataRequestId}/decision")
	@Access(Role.SCHOOL_ADMIN)
	DataRequest decide(@PathVariable long dataRequestId, @Valid @RequestBody Decision decision) {
		return requests.handle(dataRequestId, decision.outcome(), decision.response() == null ? "" : decision.response());
	}
}
