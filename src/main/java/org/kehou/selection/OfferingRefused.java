package org.kehou.selection;

import java.util.Arrays;

/**
 * A change that conflicts with what is stored (409): a closed term, a course that can no longer be offered, an
 * instructor who may not teach, a fee above the cap, a wrong status. The message code is
 * {@code selection.offering.refused.<code>}.
 */
public class OfferingRefused extends IllegalStateException {

	private final String code;

	private final transient Object[] args;

	public OfferingRefused(String code, Object... args) {
		super(code + (args.length == 0 ? "" : " " + Arrays.toString(args)));
		this.code = code;
		this.args = args.clone();
	}

	public String code() {
		return code;
	}

	public String messageKey() {
		return "selection.offering.refused." + code;
	}

	public Object[] args() {
		return args.clone();
	}
}
