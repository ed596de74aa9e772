package dev.featbit.opentelemetry;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.spi.HookContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Objects;

/**
 * Records every typed evaluation as the semantic conventions' {@code feature_flag.evaluation} event on the
 * span current when the flag is evaluated, with {@code feature_flag.key}, {@code feature_flag.provider.name}
 * ({@code FeatBit}), {@code feature_flag.result.variant} (the variation id, when one was served),
 * {@code feature_flag.result.reason} and, for a fallback, {@code error.type} (see {@link FeatureFlagAttributes}).
 * Without a recording current span it does nothing.
 *
 * <p>Privacy by default: the user key ({@code feature_flag.context.id}) and the value
 * ({@code feature_flag.result.value}) are only added when {@link Builder#includeUserKey(boolean)} and
 * {@link Builder#includeValue(boolean)} ask for them. {@link Builder#spans(boolean)} adds a span per evaluation,
 * a child of the current span (none when there is no current span), named after the client method
 * ({@code FBClient.boolVariation}) and carrying the same attributes.
 *
 * <p>Register it with {@code FBConfig.builder(...).hooks(TracingHook.create(openTelemetry))}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TracingHook implements Hook {
  /** The instrumentation scope name of this module's tracer and meter, {@value}. */
  public static final String INSTRUMENTATION_NAME = "dev.featbit.opentelemetry";

  private final Tracer tracer;
  private final boolean spans;
  private final boolean includeUserKey;
  private final boolean includeValue;

  private TracingHook(Builder b) {
    this.tracer = b.spans ? Scope.tracer(b.openTelemetry) : null;
    this.spans = b.spans;
    this.includeUserKey = b.includeUserKey;
    this.includeValue = b.includeValue;
  }

  /**
   * A hook with the defaults: events only, without user key or value.
   *
   * @param openTelemetry the OpenTelemetry instance (its tracer provider makes the optional spans)
   * @return the hook
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static TracingHook create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder of a hook.
   *
   * @param openTelemetry the OpenTelemetry instance (its tracer provider makes the optional spans)
   * @return a builder with the defaults
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * The hook's name, for the SDK's logs.
   *
   * @return {@code "featbit-opentelemetry-tracing"}
   */
  @Override
  public String name() {
    return "featbit-opentelemetry-tracing";
  }

  /**
   * Starts the evaluation's span when spans are on and a span is current.
   *
   * @param context the evaluation
   * @return the span, or {@code null}
   */
  @Override
  public Object beforeEvaluation(HookContext context) {
    if (!spans) {
      return null;
    }
    Context parent = Context.current();
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    return tracer.spanBuilder("FBClient." + context.method())
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(FeatureFlagAttributes.KEY, context.flagKey())
        .setAttribute(FeatureFlagAttributes.PROVIDER_NAME, FeatureFlagAttributes.PROVIDER)
        .startSpan();
  }

  /**
   * Adds the {@code feature_flag.evaluation} event to the current span and ends the evaluation's span.
   *
   * @param context the evaluation
   * @param data the span {@link #beforeEvaluation} started, or {@code null}
   * @param detail the result
   */
  @Override
  public void afterEvaluation(HookContext context, Object data, EvalDetail<?> detail) {
    Span current = Span.current();
    Span own = data instanceof Span ? (Span) data : null;
    if (!current.isRecording() && own == null) {
      return;
    }
    Attributes attributes = attributes(context, detail);
    if (current.isRecording()) {
      current.addEvent(FeatureFlagAttributes.EVALUATION_EVENT, attributes);
    }
    if (own != null) {
      own.setAllAttributes(attributes);
      String errorType = attributes.get(FeatureFlagAttributes.ERROR_TYPE);
      if (errorType != null) {
        own.setStatus(StatusCode.ERROR, errorType);
      }
      own.end();
    }
  }

  private Attributes attributes(HookContext context, EvalDetail<?> detail) {
    AttributesBuilder a = Attributes.builder();
    String key = context.flagKey() != null ? context.flagKey() : detail.flagKey();
    if (key != null) {
      a.put(FeatureFlagAttributes.KEY, key);
    }
    a.put(FeatureFlagAttributes.PROVIDER_NAME, FeatureFlagAttributes.PROVIDER);
    String variant = detail.variationId();
    if (variant != null && !variant.isEmpty()) {
      a.put(FeatureFlagAttributes.RESULT_VARIANT, variant);
    }
    a.put(FeatureFlagAttributes.RESULT_REASON, FeatureFlagAttributes.reason(detail.reason()));
    String errorType = FeatureFlagAttributes.errorType(detail.errorKind());
    if (errorType != null) {
      a.put(FeatureFlagAttributes.ERROR_TYPE, errorType);
      if (FeatureFlagAttributes.needsMessage(detail.errorKind()) && !detail.reasonText().isEmpty()) {
        a.put(FeatureFlagAttributes.ERROR_MESSAGE, detail.reasonText());
      }
    }
    if (includeUserKey) {
      FBUser user = context.user();
      if (user != null && user.key() != null && !user.key().isEmpty()) {
        a.put(FeatureFlagAttributes.CONTEXT_ID, user.key());
      }
    }
    if (includeValue) {
      Values.put(a, FeatureFlagAttributes.RESULT_VALUE, detail.value());
    }
    return a.build();
  }

  /** Options of a {@link TracingHook}. Not thread-safe; {@link #build()} copies them. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean spans;
    private boolean includeUserKey;
    private boolean includeValue;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Whether each evaluation also gets its own span, a child of the current span (no span when there is no
     * current span). Default {@code false}.
     *
     * @param spans {@code true} for a span per evaluation
     * @return this builder
     */
    public Builder spans(boolean spans) {
      this.spans = spans;
      return this;
    }

    /**
     * Whether the user key is recorded as {@code feature_flag.context.id}. Default {@code false}: user keys
     * often identify people, and traces are widely readable.
     *
     * @param includeUserKey {@code true} to record the user key
     * @return this builder
     */
    public Builder includeUserKey(boolean includeUserKey) {
      this.includeUserKey = includeUserKey;
      return this;
    }

    /**
     * Whether the value returned is recorded as {@code feature_flag.result.value} (a boolean, long, double or
     * string attribute; JSON objects and arrays as JSON text). Default {@code false}: the variation id
     * identifies the value, and values may be large or sensitive.
     *
     * @param includeValue {@code true} to record the value
     * @return this builder
     */
    public Builder includeValue(boolean includeValue) {
      this.includeValue = includeValue;
      return this;
    }

    /**
     * Creates the hook.
     *
     * @return the hook
     */
    public TracingHook build() {
      return new TracingHook(this);
    }
  }
}
