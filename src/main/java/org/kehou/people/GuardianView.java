package org.kehou.people;

/** A guardian with the phone number masked. */
public record GuardianView(long id, String name, String phoneMasked) {
}
