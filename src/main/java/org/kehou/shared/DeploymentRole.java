package org.kehou.shared;

/** What a Kehou process runs as: a town's service platform, the city supervision platform, or both. */
public enum DeploymentRole {
	SERVICE, SUPERVISION, ALL;

	public static final String PROPERTY = "kehou.role";

	public static DeploymentRole parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException(
					"kehou.role must be one of service, supervision, all (was '" + value + "')", e);
		}
	}

	/** Whether a module that belongs to {@code moduleRole} runs in this process. */
	public boolean runs(DeploymentRole moduleRole) {
		return this == ALL || moduleRole == ALL || this == moduleRole;
	}
}
