package org.kehou.selection;

/**
 * Lottery priority groups from policy. The hardship categories come from the child's approved hardship records
 * (people module), staff children from the school's list; a round gives each group a weight (0–100) and a child
 * draws with the highest weight among its groups.
 */
public enum PriorityGroup {
	SUBSISTENCE, POVERTY_REGISTERED, SPECIAL_NEEDS, ORPHAN, LEFT_BEHIND, MIGRANT, STAFF_CHILD;

	public String messageKey() {
		return "places.priority." + name();
	}
}
