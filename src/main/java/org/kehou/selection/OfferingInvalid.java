package org.kehou.selection;

import java.util.Arrays;

/**
 * Bad input for an offering (400): the field it concerns, a message code {@code selection.offering.invalid.<code>}
 * and its arguments, so the API and the pages can say it in the caller's language.
 */
public class OfferingInvalid extends IllegalArgumentException {

	private final String field;

	private final String code;

	private final transient Object[] args;

	public OfferingInvalid(String field, String code, Object... args) {
		super(field + ": " + code + (args.length == 0 ? "" : " " + Arrays.toString(args)));
		this.field = field;
		this.code = code;
		this.args = args.clone();
	}

	public String field() {
		return field;
	}

	public String messageKey() {
		return "selection.offering.invalid." + code;
	}

	public Object[] args() {
		return args.clone();
	}
}
