package org.kehou.attendance;

/** To whom a child is released at the end of a session. */
public enum HandOver {
	/** one of the child's guardians (authorised implicitly) */
	GUARDIAN,
	/** a person a guardian authorised for the child */
	PERSON,
	/** nobody: the child goes home alone, under the permission a guardian signed */
	ALONE
}
