/**
 * Catalogue: course categories (课程类别) and the fee standards (收费标准) — the caps the city sets per category and
 * lesson, which a town may only lower. City master data, so it starts in every deployment role.
 * <p>
 * Other modules ask {@link org.kehou.catalogue.FeeCaps} for the cap in force ({@code capFor}) or to check a price
 * ({@code check}); amounts are {@link org.kehou.shared.Money}. Providers' courses come with a later slice.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(displayName = "Catalogue")
package org.kehou.catalogue;

import org.jspecify.annotations.NullMarked;
