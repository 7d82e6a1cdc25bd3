/**
 * Organisation: the city, its towns/streets (镇街), schools (some city-direct, 市直属), grades 1–9 and classes
 * (班级); which service platform serves which school; and each school's term calendars (学期校历).
 * <p>
 * Other modules use {@link org.kehou.organisation.Schools}, {@link org.kehou.organisation.Towns},
 * {@link org.kehou.organisation.ServicePlatforms} and {@link org.kehou.organisation.Terms}; a term's days are
 * answered by the pure domain class {@link org.kehou.organisation.TermCalendar}.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(displayName = "Organisation")
package org.kehou.organisation;

import org.jspecify.annotations.NullMarked;
