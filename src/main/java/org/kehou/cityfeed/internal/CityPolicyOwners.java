package org.kehou.cityfeed.internal;

import org.kehou.cityfeed.CityPolicies;
import org.kehou.identity.CurrentUser;
import org.kehou.identity.OwnerResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the central access check who may open a city policy ({@code cityPolicyId}): a policy belongs to its
 * audiences, not to a school, so the owner is the caller's own anchors when the policy is shown to the caller (see
 * {@link CityPolicies}) and the city's only otherwise — anyone else gets 404.
 */
@Configuration(proxyBeanMethods = false)
class CityPolicyOwners {

	@Bean
	OwnerResolver cityPolicyOwner(CityPolicies policies) {
		return OwnerResolver.of("cityPolicyId", id -> policies.ownerFor(id, CurrentUser.find().orElse(null)));
	}
}
