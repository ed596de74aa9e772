package dev.featbit.spring;

import java.util.List;

/**
 * Invalid {@code featbit.*} configuration, thrown while the application context starts so the application
 * fails fast. {@link #property()} names the first property at fault ({@code featbit.streaming-url}, ...);
 * {@link #problems()} lists every problem found. Messages never contain the env secret.
 */
public class FeatBitConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The full name of the first property at fault. */
  private final String property;
  /** Every problem found. */
  private final List<String> problems;

  /**
   * A configuration error.
   *
   * @param property the full name of the first property at fault
   * @param problems every problem found, each starting with the full property name
   * @param cause the core's exception, or {@code null}
   */
  public FeatBitConfigurationException(String property, List<String> problems, Throwable cause) {
    super("Invalid FeatBit configuration: " + String.join("; ", problems), cause);
    this.property = property;
    this.problems = List.copyOf(problems);
  }

  /**
   * The full name of the first property at fault, e.g. {@code featbit.data-sync.ping-interval}; for a setting
   * only code makes (in an {@link FBConfigCustomizer}, such as {@code dataStore.cacheTtl}), the core's setting name.
   *
   * @return the property name
   */
  public String property() {
    return property;
  }

  /**
   * Every problem, each starting with the full property name.
   *
   * @return an unmodifiable list of the problems
   */
  public List<String> problems() {
    return problems;
  }
}
