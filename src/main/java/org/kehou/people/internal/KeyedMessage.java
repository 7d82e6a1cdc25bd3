package org.kehou.people.internal;

import org.springframework.context.MessageSourceResolvable;

/** An exception whose message is a key of the people message bundle (also its default text). */
interface KeyedMessage extends MessageSourceResolvable {

	/** The key: the exceptions pass it to their superclass as the message. */
	String getMessage();

	@Override
	default String[] getCodes() {
		return new String[] { getMessage() };
	}

	@Override
	default String getDefaultMessage() {
		return getMessage();
	}
}
