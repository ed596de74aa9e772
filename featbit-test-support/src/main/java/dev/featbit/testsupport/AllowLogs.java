package dev.featbit.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test (method or class) logs errors: ERROR events from these loggers, or from loggers below
 * them ({@code "featbit"} covers {@code featbit.sync}), do not fail it. Without the annotation any ERROR event
 * fails the test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
public @interface AllowLogs {
  /**
   * The loggers whose errors are expected; empty means any logger.
   *
   * @return logger names
   */
  String[] value() default {};
}
