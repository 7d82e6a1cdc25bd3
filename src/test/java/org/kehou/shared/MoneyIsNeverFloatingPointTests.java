package org.kehou.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.asm.Type;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/**
 * Money is never a floating-point number (issue 6): in the main code no field, record component, method or
 * constructor parameter, or method return named like money ({@code fen}, {@code amount}, {@code price},
 * {@code fee}, {@code money}, {@code balance}, {@code yuan}, any case) is a {@code float}/{@code double} or their
 * boxes (or arrays of them); and the ledger module uses no floating point at all — not in a signature, and not in a
 * single bytecode instruction (a local {@code double}, a call to {@code Math.round(double)}, a {@code 0.01} constant).
 * ArchUnit (on the classpath through Spring Modulith) reads the classes; parameter names come from the
 * {@code -parameters} flag the Boot parent compiles with; the instructions are read with Spring's ASM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoneyIsNeverFloatingPointTests {

	static final Pattern MONEY = Pattern.compile("(?i).*(fen|amount|price|fee|money|balance|yuan).*");

	static final Set<String> FLOATING = Set.of("float", "double", "java.lang.Float", "java.lang.Double");

	JavaClasses main;

	@BeforeAll
	void importMainCode() {
		main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("org.kehou");
		assertThat(main.size()).as("main classes imported").isGreaterThan(200);
		assertThat(main.stream().filter(c -> c.getPackageName().startsWith("org.kehou.ledger")).count())
			.as("ledger classes imported").isGreaterThan(10);
	}

	static boolean floating(JavaClass type) {
		return FLOATING.contains(type.getBaseComponentType().getName());
	}

	static boolean floating(Class<?> type) {
		Class<?> t = type;
		while (t.isArray()) {
			t = t.getComponentType();
		}
		return FLOATING.contains(t.getName());
	}

	/** Money-named members with a floating-point type; parameter names read by reflection. */
	static final ArchCondition<JavaClass> HAVE_NO_FLOATING_POINT_MONEY = new ArchCondition<>(
			"have no money-named field, record component, parameter or return value of a floating-point type") {

		@Override
		public void check(JavaClass c, ConditionEvents events) {
			for (JavaField f : c.getFields()) {
				if (MONEY.matcher(f.getName()).matches() && floating(f.getRawType())) {
					events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is " + f.getRawType().getName()));
				}
			}
			for (JavaCodeUnit u : c.getCodeUnits()) {
				if (u.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC)) {
					continue;
				}
				if (MONEY.matcher(u.getName()).matches() && floating(u.getRawReturnType())) {
					events.add(SimpleConditionEvent.violated(u, u.getFullName() + " returns " + u.getRawReturnType().getName()));
				}
				if (u.getRawParameterTypes().stream().noneMatch(MoneyIsNeverFloatingPointTests::floating)
						|| u instanceof com.tngtech.archunit.core.domain.JavaStaticInitializer) {
					continue;
				}
				Executable reflected = (Executable) u.reflect();
				for (java.lang.reflect.Parameter p : reflected.getParameters()) {
					if (!p.isNamePresent()) {
						events.add(SimpleConditionEvent.violated(u, u.getFullName() + ": parameter names not compiled in"));
					}
					else if (MONEY.matcher(p.getName()).matches() && floating(p.getType())) {
						events.add(SimpleConditionEvent.violated(u,
								u.getFullName() + " parameter " + p.getName() + " is " + p.getType().getName()));
					}
				}
			}
		}
	};

	static final ArchRule MONEY_IS_NEVER_FLOATING_POINT = ArchRuleDefinition.classes()
		.that()
		.resideInAPackage("org.kehou..")
		.should(HAVE_NO_FLOATING_POINT_MONEY)
		.because("money is fen as long (Money) or BigDecimal of a fixed scale, never floating point (issue 6)");

	static final ArchRule THE_LEDGER_HAS_NO_FLOATING_POINT = ArchRuleDefinition.noClasses()
		.that()
		.resideInAPackage("org.kehou.ledger..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("java.lang.Float")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("java.lang.Double")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("float")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("double")
		.because("the ledger counts fen; nothing in it may be floating point");

	@Test
	void noMoneyNamedMemberOfTheMainCodeIsFloatingPoint() {
		MONEY_IS_NEVER_FLOATING_POINT.check(main);
	}

	@Test
	void theLedgerDependsOnNoFloatingPointType() {
		THE_LEDGER_HAS_NO_FLOATING_POINT.check(main);
	}

	@Test
	void noInstructionOfTheLedgerIsFloatingPoint() throws IOException {
		List<String> found = new ArrayList<>();
		List<JavaClass> ledger = main.stream().filter(c -> c.getPackageName().startsWith("org.kehou.ledger")).toList();
		for (JavaClass c : ledger) {
			found.addAll(floatingPointIn(c.getName()));
		}
		assertThat(found).as("floating point in the ledger's bytecode").isEmpty();
	}

	/** Controls: the rules do catch offenders (so a passing run means something). */
	@Test
	void theRulesCatchOffenders() throws IOException {
		JavaClasses offenders = new ClassFileImporter().importClasses(Offender.class);
		assertThat(MONEY_IS_NEVER_FLOATING_POINT.evaluate(offenders).getFailureReport().getDetails())
			.anyMatch(d -> d.contains("amountYuan"))
			.anyMatch(d -> d.contains("totalFee"))
			.anyMatch(d -> d.contains("parameter priceEach"))
			.noneMatch(d -> d.contains("weight"));
		assertThat(floatingPointIn(Offender.class.getName())).anyMatch(s -> s.contains("ratio"))
			.anyMatch(s -> s.contains("opcode"));
	}

	@SuppressWarnings("unused")
	static class Offender {

		double amountYuan;

		double weight;

		Double totalFee() {
			return 0.0;
		}

		void charge(float priceEach) {
		}

		long ratio(long fen) {
			return Math.round(fen * 1.5);
		}
	}

	/** Every use of float or double in a class's bytecode: signatures, constants, arithmetic, conversions, calls. */
	static List<String> floatingPointIn(String className) throws IOException {
		List<String> found = new ArrayList<>();
		String resource = className.replace('.', '/') + ".class";
		try (InputStream in = MoneyIsNeverFloatingPointTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			new ClassReader(in).accept(new ClassVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public FieldVisitor visitField(int access, String name, String descriptor, String signature,
						Object value) {
					if (floating(Type.getType(descriptor))) {
						found.add(className + "." + name + " field " + descriptor);
					}
					return null;
				}

				@Override
				public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
						String[] exceptions) {
					String where = className + "." + method;
					if (floatingDescriptor(descriptor)) {
						found.add(where + " signature " + descriptor);
					}
					return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {

						@Override
						public void visitInsn(int opcode) {
							if (FLOATING_OPCODES.contains(opcode)) {
								found.add(where + " opcode " + opcode);
							}
						}

						@Override
						public void visitVarInsn(int opcode, int varIndex) {
							visitInsn(opcode);
						}

						@Override
						public void visitIntInsn(int opcode, int operand) {
							if (opcode == Opcodes.NEWARRAY && (operand == Opcodes.T_FLOAT || operand == Opcodes.T_DOUBLE)) {
								found.add(where + " new floating-point array");
							}
						}

						@Override
						public void visitLdcInsn(Object value) {
							if (value instanceof Float || value instanceof Double) {
								found.add(where + " constant " + value);
							}
						}

						@Override
						public void visitTypeInsn(int opcode, String type) {
							if (type.equals("java/lang/Float") || type.equals("java/lang/Double")) {
								found.add(where + " type " + type);
							}
						}

						@Override
						public void visitFieldInsn(int opcode, String owner, String name, String desc) {
							if (floating(Type.getType(desc))) {
								found.add(where + " field access " + owner + "." + name);
							}
						}

						@Override
						public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
							if (floatingDescriptor(desc) || owner.equals("java/lang/Float") || owner.equals("java/lang/Double")) {
								found.add(where + " calls " + owner + "." + name + desc);
							}
						}

						@Override
						public void visitInvokeDynamicInsn(String name, String desc, org.springframework.asm.Handle bsm,
								Object... args) {
							if (floatingDescriptor(desc)) {
								found.add(where + " invokedynamic " + name + desc);
							}
						}
					};
				}
			}, 0);
		}
		return found;
	}

	static boolean floating(Type type) {
		Type t = type.getSort() == Type.ARRAY ? type.getElementType() : type;
		return t.getSort() == Type.FLOAT || t.getSort() == Type.DOUBLE
				|| (t.getSort() == Type.OBJECT && FLOATING.contains(t.getClassName()));
	}

	static boolean floatingDescriptor(String methodDescriptor) {
		if (floating(Type.getReturnType(methodDescriptor))) {
			return true;
		}
		for (Type t : Type.getArgumentTypes(methodDescriptor)) {
			if (floating(t)) {
				return true;
			}
		}
		return false;
	}

	static final Set<Integer> FLOATING_OPCODES = Set.of(Opcodes.FCONST_0, Opcodes.FCONST_1, Opcodes.FCONST_2,
			Opcodes.DCONST_0, Opcodes.DCONST_1, Opcodes.FLOAD, Opcodes.DLOAD, Opcodes.FALOAD, Opcodes.DALOAD,
			Opcodes.FSTORE, Opcodes.DSTORE, Opcodes.FASTORE, Opcodes.DASTORE, Opcodes.FADD, Opcodes.DADD, Opcodes.FSUB,
			Opcodes.DSUB, Opcodes.FMUL, Opcodes.DMUL, Opcodes.FDIV, Opcodes.DDIV, Opcodes.FREM, Opcodes.DREM,
			Opcodes.FNEG, Opcodes.DNEG, Opcodes.I2F, Opcodes.I2D, Opcodes.L2F, Opcodes.L2D, Opcodes.F2I, Opcodes.F2L,
			Opcodes.F2D, Opcodes.D2I, Opcodes.D2L, Opcodes.D2F, Opcodes.FCMPL, Opcodes.FCMPG, Opcodes.DCMPL,
			Opcodes.DCMPG, Opcodes.FRETURN, Opcodes.DRETURN);
}
