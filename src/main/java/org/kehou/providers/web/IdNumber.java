package org.kehou.providers.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.kehou.shared.ChineseIdNumber;

/** A resident ID number with a correct check digit; {@code null} and blank are left to @NotBlank. */
@Documented
@Constraint(validatedBy = IdNumber.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface IdNumber {

	String message() default "{providers.validation.idNumber}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<IdNumber, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || value.isBlank() || ChineseIdNumber.isValid(value);
		}
	}
}
