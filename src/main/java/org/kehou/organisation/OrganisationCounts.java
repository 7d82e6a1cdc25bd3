package org.kehou.organisation;

/** How many towns, schools and classes lie in a scope. */
public record OrganisationCounts(long towns, long schools, long classes) {
}
