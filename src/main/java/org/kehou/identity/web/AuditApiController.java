package org.kehou.identity.web;

import org.kehou.identity.Access;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.Role;
import org.kehou.identity.internal.AuditSearch;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit}: the audit log as JSON, same filters and scope as the page, 50 entries a page. */
@RestController
@Access({ Role.CITY_ADMIN, Role.TOWN_ADMIN })
class AuditApiController {

	private final AuditSearch search;

	AuditApiController(AuditSearch search) {
		this.search = search;
	}

	@GetMapping("/api/v1/audit")
	AuditSearch.ResultPage audit(AuditController.AuditQuery query, @RequestParam(defaultValue = "0") int page) {
		return search.search(CurrentUser.scope(), query.filter(), page);
	}
}
