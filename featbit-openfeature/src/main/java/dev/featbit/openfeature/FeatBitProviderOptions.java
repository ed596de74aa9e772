package dev.featbit.openfeature;

import java.time.Duration;
import java.util.Objects;

/**
 * Optional settings of a {@link FeatBitProvider}, immutable.
 *
 * <pre>{@code
 * FeatBitProviderOptions options = FeatBitProviderOptions.builder()
 *     .initTimeout(Duration.ofSeconds(10))     // default: the client's FBConfig.startWait()
 *     .closeClientOnShutdown(true)             // default: true only if the provider created the client
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatBitProviderOptions {
  private static final FeatBitProviderOptions DEFAULTS = new Builder().build();

  private final Duration initTimeout;
  private final Boolean closeClientOnShutdown;

  private FeatBitProviderOptions(Builder b) {
    this.initTimeout = b.initTimeout;
    this.closeClientOnShutdown = b.closeClientOnShutdown;
  }

  /**
   * A new builder with every option unset (the defaults).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default options.
   *
   * @return options with every option unset
   */
  public static FeatBitProviderOptions defaults() {
    return DEFAULTS;
  }

  /**
   * How long {@code initialize} waits for the first full data set, or {@code null} when unset (then the
   * client configuration's {@code startWait} applies).
   *
   * @return the timeout, or {@code null}
   */
  public Duration initTimeout() {
    return initTimeout;
  }

  /**
   * Whether {@code shutdown} closes the FeatBit client, or {@code null} when unset (then: closed if the
   * provider created it from an {@code FBConfig}, left open if it was handed an existing {@code FBClient}).
   *
   * @return the choice, or {@code null}
   */
  public Boolean closeClientOnShutdown() {
    return closeClientOnShutdown;
  }

  @Override
  public String toString() {
    return "FeatBitProviderOptions{initTimeout=" + initTimeout + ", closeClientOnShutdown=" + closeClientOnShutdown
        + "}";
  }

  /** Builder of {@link FeatBitProviderOptions}; not thread-safe. */
  public static final class Builder {
    private Duration initTimeout;
    private Boolean closeClientOnShutdown;

    private Builder() {}

    /**
     * Bounds the wait of {@code initialize} for the first full data set ({@code 0}: do not wait, succeed only
     * if the client already has data).
     *
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @param timeout the longest wait, zero or positive
     * @return this builder
     */
    public Builder initTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "initTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("initTimeout must not be negative");
      }
      this.initTimeout = timeout;
      return this;
    }

    /**
     * Whether {@code shutdown} closes the FeatBit client (see {@link FeatBitProviderOptions#closeClientOnShutdown()}).
     *
     * @param close {@code true} to close the client on shutdown, {@code false} to leave it open
     * @return this builder
     */
    public Builder closeClientOnShutdown(boolean close) {
      this.closeClientOnShutdown = close;
      return this;
    }

    /**
     * Builds the options; the builder can go on being used.
     *
     * @return the options set so far
     */
    public FeatBitProviderOptions build() {
      return new FeatBitProviderOptions(this);
    }
  }
}
