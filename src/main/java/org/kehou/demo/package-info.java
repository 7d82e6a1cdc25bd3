/**
 * Demo: generates a realistic synthetic city (香山市, a fictional city) with towns, schools, grades, classes, term
 * calendars, staff, students, guardians, hardship records and sign-in accounts, plus fixed demo accounts for every
 * role ({@link org.kehou.identity.DemoAccount}).
 * <p>
 * This module is seed data: it writes <em>directly</em> into the tables of the organisation, people and identity
 * modules (with PostgreSQL {@code COPY}, for speed), instead of going through their services. It sits on top of
 * every other module and nobody depends on it. Personal data is stored exactly as the people module stores it:
 * encrypted ({@code *_enc}), keyed hash ({@code *_hash}) and masked ({@code *_masked}), never in plain text.
 * <p>
 * When it runs: see {@link org.kehou.demo.DemoProperties}.
 */
@NullMarked
package org.kehou.demo;

import org.jspecify.annotations.NullMarked;
