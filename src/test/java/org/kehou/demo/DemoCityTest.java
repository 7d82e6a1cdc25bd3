package org.kehou.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * A full-stack test on the embedded PostgreSQL with the tiny demo city generated at start (2 towns + 1 city-direct
 * school, 4 schools, 2 grades × 2 classes, 10 students per class) and the demo accounts of docs/demo.md. Every test
 * class carrying exactly this annotation shares one application context, so use it as is (add no properties) in
 * scope tests and browser tests that need a populated city.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = { "kehou.demo.enabled=true", "kehou.demo.scale=tiny", "kehou.demo.seed=20260901" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
public @interface DemoCityTest {
}
