/**
 * OpenTelemetry traces and metrics for the FeatBit server-side SDK: {@link dev.featbit.opentelemetry.TracingHook}
 * (the semantic conventions' {@code feature_flag.evaluation} event on the current span, and optional spans),
 * {@link dev.featbit.opentelemetry.MetricsHook} (an evaluation counter) and
 * {@link dev.featbit.opentelemetry.HealthMetrics} (synchronisation state, data age and event delivery as
 * asynchronous instruments). {@link dev.featbit.opentelemetry.FeatureFlagAttributes} holds the convention's
 * attribute keys and the mapping of the SDK's reasons and error kinds to the convention's values.
 *
 * @since 0.1.0
 */
package dev.featbit.opentelemetry;
