package org.kehou.identity;

import java.util.Set;

/**
 * Who a piece of data belongs to, as far as scopes are concerned: the towns and schools it lies in, the guardians
 * whose child it concerns, the providers it belongs to. A {@link Scope} covers an owner when they share an anchor.
 */
public record Owner(Set<Long> townIds, Set<Long> schoolIds, Set<Long> guardianIds, Set<Long> providerIds) {

	public Owner {
		townIds = Set.copyOf(townIds);
		schoolIds = Set.copyOf(schoolIds);
		guardianIds = Set.copyOf(guardianIds);
		providerIds = Set.copyOf(providerIds);
	}

	/** City-level data (e.g. a city-direct school's parent): only the city sees it. */
	public static final Owner CITY = new Owner(Set.of(), Set.of(), Set.of(), Set.of());

	public static Owner town(long townId) {
		return new Owner(Set.of(townId), Set.of(), Set.of(), Set.of());
	}

	/** @param townId null for a city-direct school */
	public static Owner school(@org.jspecify.annotations.Nullable Long townId, long schoolId) {
		return new Owner(townId == null ? Set.of() : Set.of(townId), Set.of(schoolId), Set.of(), Set.of());
	}

	public static Owner provider(long providerId) {
		return new Owner(Set.of(), Set.of(), Set.of(), Set.of(providerId));
	}

	public Owner withGuardians(Set<Long> guardians) {
		return new Owner(townIds, schoolIds, guardians, providerIds);
	}

	public Owner and(Owner other) {
		return new Owner(union(townIds, other.townIds), union(schoolIds, other.schoolIds),
				union(guardianIds, other.guardianIds), union(providerIds, other.providerIds));
	}

	private static Set<Long> union(Set<Long> a, Set<Long> b) {
		var all = new java.util.HashSet<>(a);
		all.addAll(b);
		return all;
	}
}
