/**
 * The FeatBit server-side SDK's public API: {@link dev.featbit.sdk.FBClient} (evaluate flags),
 * {@link dev.featbit.sdk.FBConfig} (configure it), {@link dev.featbit.sdk.FBUser} (who is evaluated),
 * {@link dev.featbit.sdk.EvalDetail} and {@link dev.featbit.sdk.ReasonKind} (results), and
 * {@link dev.featbit.sdk.FeatBit} (an application-wide client). Everything under
 * {@code dev.featbit.sdk.internal} is implementation and may change without notice.
 */
package dev.featbit.sdk;
