package org.kehou.attendance;

/** How an authorised pickup person (接送人) is related to the child; message keys {@code pickup.relation.<NAME>}. */
public enum PickupRelation {
	GRANDPARENT, RELATIVE, CAREGIVER, FRIEND, OTHER
}
