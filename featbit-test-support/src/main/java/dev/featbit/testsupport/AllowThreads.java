package dev.featbit.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that SDK threads outlive a test or test class on purpose (a client shared with later tests, such as
 * one in a cached Spring application context): the thread check is skipped for it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
public @interface AllowThreads {
  /**
   * Why the threads outlive the test.
   *
   * @return the reason
   */
  String value();
}
