package org.kehou.courses.web;

import java.util.List;
import java.util.Objects;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.kehou.courses.CourseDetails;
import org.kehou.courses.CourseView;
import org.kehou.shared.Money;

/**
 * A course as the form and the JSON API send it. Amounts are text in yuan ({@code ¥30.00}, {@code 30}, {@code 2.5}).
 */
record CourseForm(
		@NotBlank(message = "{courses.validation.required}") @Size(max = 100,
				message = "{courses.validation.size}") @Nullable String name,
		@NotBlank(message = "{courses.validation.required}") @Nullable String category,
		@Size(max = 2000, message = "{courses.validation.size}") @Nullable String description,
		@NotEmpty(message = "{courses.validation.grades}") @Nullable List<@NotNull @Min(value = 1,
				message = "{courses.validation.grades}") @Max(value = 9,
						message = "{courses.validation.grades}") Integer> grades,
		@NotNull(message = "{courses.validation.required}") @Min(value = 10,
				message = "{courses.validation.minutes}") @Max(value = 240,
						message = "{courses.validation.minutes}") @Nullable Integer lessonMinutes,
		@NotNull(message = "{courses.validation.required}") @Min(value = 1,
				message = "{courses.validation.lessons}") @Max(value = 200,
						message = "{courses.validation.lessons}") @Nullable Integer lessonsPerTerm,
		@NotBlank(message = "{courses.validation.required}") @Pattern(regexp = AMOUNT,
				message = "{courses.validation.amount}") @Nullable String price,
		@Pattern(regexp = "^$|" + AMOUNT, message = "{courses.validation.amount}") @Nullable String materialsFee,
		@NotNull(message = "{courses.validation.required}") @Min(value = 1,
				message = "{courses.validation.size.class}") @Max(value = 500,
						message = "{courses.validation.size.class}") @Nullable Integer minSize,
		@NotNull(message = "{courses.validation.required}") @Min(value = 1,
				message = "{courses.validation.size.class}") @Max(value = 500,
						message = "{courses.validation.size.class}") @Nullable Integer maxSize,
		@Nullable Boolean notAcademic) {

	static final String AMOUNT = "^\\s*[¥￥]?\\s*\\d{1,7}(\\.\\d{1,2})?\\s*元?\\s*$";

	static CourseForm empty() {
		return new CourseForm(null, null, null, List.of(), 60, 16, null, null, 10, 30, false);
	}

	static CourseForm of(CourseView c) {
		var d = c.details();
		return new CourseForm(d.name(), d.categoryCode(), d.description(), d.grades(), d.lessonMinutes(),
				d.lessonsPerTerm(), d.price().yuan().toPlainString(), d.materials().yuan().toPlainString(), d.minSize(),
				d.maxSize(), d.notAcademic());
	}

	CourseDetails details() {
		return new CourseDetails(Objects.requireNonNull(name).strip(), Objects.requireNonNull(category), description,
				grades == null ? List.of() : grades, Objects.requireNonNull(lessonMinutes),
				Objects.requireNonNull(lessonsPerTerm), Money.parse(Objects.requireNonNull(price)),
				materialsFee == null || materialsFee.isBlank() ? Money.ZERO : Money.parse(materialsFee),
				Objects.requireNonNull(minSize), Objects.requireNonNull(maxSize), Boolean.TRUE.equals(notAcademic));
	}
}
