package dev.featbit.sdk.spi;

import dev.featbit.sdk.FBUser;

/**
 * What a {@link Hook} is told about one evaluation. Immutable.
 *
 * @since 0.1.0
 */
public final class HookContext {
  private final String method;
  private final String flagKey;
  private final FBUser user;
  private final Object fallback;

  /**
   * Creates a context (the client does; tests of hooks may too).
   *
   * @param method the client method called, e.g. {@code "boolVariation"}
   * @param flagKey the flag key
   * @param user the user (may be null)
   * @param fallback the caller's fallback value (boxed; may be null)
   */
  public HookContext(String method, String flagKey, FBUser user, Object fallback) {
    this.method = method;
    this.flagKey = flagKey;
    this.user = user;
    this.fallback = fallback;
  }

  /**
   * The client method called, e.g. {@code "boolVariation"} or {@code "stringVariationDetail"}.
   *
   * @return the method name
   */
  public String method() {
    return method;
  }

  /**
   * The flag key evaluated.
   *
   * @return the flag key
   */
  public String flagKey() {
    return flagKey;
  }

  /**
   * The user evaluated for (may be null: the evaluation then answers "user not specified").
   *
   * @return the user
   */
  public FBUser user() {
    return user;
  }

  /**
   * The caller's fallback value, boxed.
   *
   * @return the fallback
   */
  public Object fallback() {
    return fallback;
  }

  /**
   * Shows the method and flag key (not the user's attributes).
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "HookContext{" + method + " " + flagKey + "}";
  }
}
