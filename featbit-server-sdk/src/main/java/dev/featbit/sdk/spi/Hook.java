package dev.featbit.sdk.spi;

import dev.featbit.sdk.EvalDetail;

/**
 * Code that runs around every typed evaluation of a client ({@code boolVariation}, {@code stringVariationDetail}
 * ...): tracing, metrics, audit. Registered with {@code FBConfig.Builder.hooks(...)}.
 *
 * <p>Contract: for each evaluation, every hook's {@link #beforeEvaluation} runs in registration order, then
 * the flag is evaluated, then every hook's {@link #afterEvaluation} runs in registration order, on the
 * caller's thread. What {@code beforeEvaluation} returns is handed to the same hook's
 * {@code afterEvaluation} (a span, a start time). A hook that throws is logged once (per hook and stage) and
 * skipped; the evaluation's result never changes. {@code getAllLatestFlagVariations} and {@code explain} run
 * no hooks. Hooks must be thread-safe and quick: they run on the request path.
 *
 * <p>With no hook registered, nothing about evaluation changes (no allocation, no call).
 *
 * @since 0.1.0
 */
public interface Hook {
  /**
   * The hook's name, for logs.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Runs before the flag is evaluated.
   *
   * @param context the evaluation's flag key, user, fallback and method
   * @return data for this hook's {@link #afterEvaluation}, or {@code null}
   */
  default Object beforeEvaluation(HookContext context) {
    return null;
  }

  /**
   * Runs after the flag was evaluated, with the result the caller gets.
   *
   * @param context the evaluation's flag key, user, fallback and method
   * @param data what this hook's {@link #beforeEvaluation} returned (null if it returned nothing or threw)
   * @param detail the result: value, variation id, reason, error kind
   */
  default void afterEvaluation(HookContext context, Object data, EvalDetail<?> detail) {}
}
