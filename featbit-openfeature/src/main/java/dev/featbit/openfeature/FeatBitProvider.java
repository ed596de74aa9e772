package dev.featbit.openfeature;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.DataUpdateStatusProvider;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FlagTracker;
import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.Subscription;
import dev.openfeature.sdk.Awaitable;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The <a href="https://openfeature.dev">OpenFeature</a> provider for FeatBit: evaluates flags locally with a
 * FeatBit {@link FBClient}.
 *
 * <pre>{@code
 * OpenFeatureAPI api = OpenFeatureAPI.getInstance();
 * api.setProviderAndWait(new FeatBitProvider(config));   // creates, owns and (on shutdown) closes the client
 * Client client = api.getClient();
 * boolean on = client.getBooleanValue("new-checkout", false, new ImmutableContext("user-42"));
 * }</pre>
 *
 * <h2>Evaluation</h2>
 * Boolean, string, integer, long, double and object evaluations call the client's typed {@code ...Detail}
 * methods (object: {@code jsonValueVariationDetail}); the variant is the FeatBit variation id. Reasons:
 * {@code OFF} → {@link Reason#DISABLED}, {@code TARGET_MATCH} and {@code RULE_MATCH} →
 * {@link Reason#TARGETING_MATCH}, {@code FALLTHROUGH} → {@link Reason#DEFAULT} (the flag's default rule; the
 * SDK does not say whether it was a percentage rollout, so {@code SPLIT} is never guessed), fallbacks →
 * {@link Reason#ERROR} with an error code: {@code CLIENT_NOT_READY} → {@link ErrorCode#PROVIDER_NOT_READY}
 * ({@link ErrorCode#PROVIDER_FATAL} once the client stopped for good), {@code WRONG_TYPE} →
 * {@link ErrorCode#TYPE_MISMATCH}, and {@code ERROR} by its {@link EvalDetail.ErrorKind}: {@code FLAG_NOT_FOUND}
 * → {@link ErrorCode#FLAG_NOT_FOUND}, {@code USER_NOT_SPECIFIED} → {@link ErrorCode#TARGETING_KEY_MISSING}, the
 * others ({@code MALFORMED_FLAG}, {@code REGEX_BUDGET_EXCEEDED}, {@code EXCEPTION}) → {@link ErrorCode#GENERAL}.
 * The flag metadata carries FeatBit's own reason as
 * {@code reasonKind} (e.g. {@code RULE_MATCH}) and {@code reasonText} (e.g. {@code match rule beta}).
 *
 * <h2>Lifecycle and ownership</h2>
 * {@link #FeatBitProvider(FBConfig)} creates the client (without blocking: the wait happens in
 * {@link #initialize}) and closes it on {@link #shutdown()}. {@link #FeatBitProvider(FBClient)} wraps a client
 * that someone else owns (a Spring bean, for example) and leaves it open on shutdown, unless
 * {@link FeatBitProviderOptions.Builder#closeClientOnShutdown(boolean)} says otherwise. {@link #initialize}
 * waits up to the configuration's {@code startWait} (or {@link FeatBitProviderOptions#initTimeout()}) for the
 * first full data set and throws {@link FatalError} when the server rejected the secret (close code 4003) or
 * the client is closed (state {@code FATAL}), {@link ProviderNotReadyError} on timeout (state {@code ERROR};
 * synchronisation goes on and {@code PROVIDER_READY} follows when data arrives). Events afterwards:
 * {@code PROVIDER_STALE} when synchronisation is interrupted, {@code PROVIDER_READY} when it recovers,
 * {@code PROVIDER_ERROR} with {@link ErrorCode#PROVIDER_FATAL} when the client stops for good, and
 * {@code PROVIDER_CONFIGURATION_CHANGED} with the changed flag keys. A provider cannot be initialized again
 * after {@link #shutdown()}: create a new one.
 *
 * <p>No method throws for a recoverable problem (except {@link #initialize}, whose exceptions are how
 * OpenFeature learns the provider's state). The provider creates no thread of its own: the OpenFeature SDK runs
 * emissions on its daemon {@code openfeature-event-emitter-thread}s and handlers on its
 * {@code openfeature-event-handler-thread}s; this provider hands its events over in order, one at a time.
 *
 * @since 0.1.0
 */
public final class FeatBitProvider extends EventProvider {
  /** The provider name in OpenFeature metadata. */
  public static final String NAME = "FeatBit";
  /** Flag-metadata key of FeatBit's {@link ReasonKind} name. */
  public static final String METADATA_REASON_KIND = "reasonKind";
  /** Flag-metadata key of FeatBit's human-readable reason text. */
  public static final String METADATA_REASON_TEXT = "reasonText";
  /** Event-metadata key of the {@link ErrorCode} name of a {@code PROVIDER_ERROR} event. */
  public static final String METADATA_ERROR_CODE = "errorCode";

  private static final Logger LOG = LoggerFactory.getLogger("featbit.openfeature");
  private static final Metadata METADATA = () -> NAME;

  /** Where the provider is in its life. */
  private enum Phase {
    /** Constructed; {@code initialize} not called yet. */
    NEW,
    /** {@code initialize} is waiting for data. */
    INITIALIZING,
    /** {@code initialize} timed out; {@code PROVIDER_READY} is emitted when data arrives. */
    WAITING,
    READY,
    STALE,
    /** The client stopped for good (secret rejected or closed). */
    FATAL,
    SHUT_DOWN
  }

  private final FBClient client;
  private final boolean closeClientOnShutdown;
  private final Duration initTimeout;
  private final Object lock = new Object();
  // guarded by lock
  private Phase phase = Phase.NEW;
  private Subscription statusSubscription;
  private Subscription flagSubscription;
  private Awaitable lastEmission = Awaitable.FINISHED;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * Creates a provider with its own client for {@code config}. The client starts synchronising at once but
   * this constructor does not wait: {@link #initialize} waits up to {@code config.startWait()}. The client is
   * closed by {@link #shutdown()} (call it yourself if the provider is never handed to OpenFeature).
   *
   * @throws NullPointerException if {@code config} is null
   * @param config the configuration of the client the provider creates and owns
   */
  public FeatBitProvider(FBConfig config) {
    this(config, FeatBitProviderOptions.defaults());
  }

  /**
   * Like {@link #FeatBitProvider(FBConfig)} with options ({@code initTimeout} replaces {@code startWait};
   * {@code closeClientOnShutdown(false)} leaves the client to the caller, see {@link #getFeatBitClient()}).
   *
   * @throws NullPointerException if an argument is null
   * @param config the configuration of the client the provider creates
   * @param options the provider's options
   */
  public FeatBitProvider(FBConfig config, FeatBitProviderOptions options) {
    this(newClient(config, options), true, config.startWait(), options);
  }

  /** Checks the arguments first: no client (and no threads) for a call that fails. */
  private static FBClient newClient(FBConfig config, FeatBitProviderOptions options) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(options, "options");
    return new FBClient(withoutStartWait(config));
  }

  /**
   * Wraps a client that the caller owns: {@link #shutdown()} does <em>not</em> close it (the owner does).
   * {@link #initialize} waits up to the client configuration's {@code startWait}.
   *
   * @throws NullPointerException if {@code client} is null
   * @param client the client to evaluate with
   */
  public FeatBitProvider(FBClient client) {
    this(client, FeatBitProviderOptions.defaults());
  }

  /**
   * Wraps a client with options; {@code closeClientOnShutdown(true)} hands the client over to the provider.
   *
   * @throws NullPointerException if an argument is null
   * @param client the client to evaluate with
   * @param options the provider's options
   */
  public FeatBitProvider(FBClient client, FeatBitProviderOptions options) {
    this(Objects.requireNonNull(client, "client"), false, client.config().startWait(),
        Objects.requireNonNull(options, "options"));
  }

  private FeatBitProvider(FBClient client, boolean owned, Duration startWait, FeatBitProviderOptions options) {
    this.client = client;
    this.closeClientOnShutdown = options.closeClientOnShutdown() != null ? options.closeClientOnShutdown() : owned;
    this.initTimeout = options.initTimeout() != null ? options.initTimeout() : startWait;
  }

  /** The same configuration without the constructor's wait (the provider waits in {@code initialize}). */
  private static FBConfig withoutStartWait(FBConfig config) {
    if (config.startWait().isZero()) {
      return config;
    }
    try {
      return config.toBuilder().startWait(Duration.ZERO).build();
    } catch (RuntimeException e) {
      // cannot happen for a built configuration; fall back to a client that waits in its constructor
      LOG.debug("Configuration copy failed: {}", e.toString());
      return config;
    }
  }

  /**
   * The FeatBit client behind this provider (for FeatBit-only features: status, all flags, flush...).
   *
   * @return the client
   */
  public FBClient getFeatBitClient() {
    return client;
  }

  /**
   * Whether {@link #shutdown()} closes the client.
   *
   * @return {@code true} if the provider closes the client when it shuts down
   */
  public boolean closesClientOnShutdown() {
    return closeClientOnShutdown;
  }

  /**
   * How long {@link #initialize} waits for the first full data set.
   *
   * @return the initialization timeout
   */
  public Duration initTimeout() {
    return initTimeout;
  }

  @Override
  public Metadata getMetadata() {
    return METADATA;
  }

  // ------------------------------------------------------------------------------------------ lifecycle

  /**
   * Waits up to {@link #initTimeout()} for the client's first full data set (offline: ready at once).
   *
   * @throws FatalError when the server rejected the env secret (close code 4003), the client is closed or this
   *     provider was shut down (OpenFeature state {@code FATAL})
   * @throws ProviderNotReadyError when no data arrived in time (state {@code ERROR}); synchronisation continues
   *     and {@code PROVIDER_READY} is emitted when data arrives
   */
  @Override
  public void initialize(EvaluationContext evaluationContext) throws Exception {
    DataUpdateStatusProvider status = client.dataUpdateStatusProvider();
    synchronized (lock) {
      if (phase == Phase.SHUT_DOWN) {
        throw new FatalError("this FeatBitProvider was shut down; create a new one");
      }
      if (phase == Phase.READY || phase == Phase.STALE) {
        return;
      }
      phase = Phase.INITIALIZING;
      if (statusSubscription == null) {
        statusSubscription = status.addStatusListener(this::onStatus);
      }
    }
    status.waitForReady(initTimeout);
    synchronized (lock) {
      if (phase == Phase.SHUT_DOWN) {
        throw new FatalError("this FeatBitProvider was shut down during initialization");
      }
      DataUpdateStatus now = status.status();
      switch (now.state()) {
        case READY:
          phase = Phase.READY;
          subscribeFlagChanges();
          return;
        case STALE:
          // data is there (READY for OpenFeature once this returns) but synchronisation is interrupted right now
          phase = Phase.STALE;
          subscribeFlagChanges();
          lastEmission = emitSafely(ProviderEvent.PROVIDER_STALE, staleDetails(now)); // no wait here: see emitAfter
          return;
        case CLOSED:
          phase = Phase.FATAL;
          throw new FatalError(closedMessage(now));
        default:
          phase = Phase.WAITING;
          throw new ProviderNotReadyError("FeatBit delivered no flag data within " + initTimeout.toMillis()
              + " ms; synchronisation continues and PROVIDER_READY follows when data arrives"
              + lastErrorSuffix(now));
      }
    }
  }

  /** Status changes of the client, on the SDK's listener thread, in order. */
  private void onStatus(DataUpdateStatus s) {
    ProviderEvent event;
    ProviderEventDetails details;
    Awaitable previous;
    synchronized (lock) {
      switch (phase) {
        case NEW:
        case INITIALIZING: // initialize() reads the state itself when its wait ends
        case FATAL:
        case SHUT_DOWN:
          return;
        default:
          break;
      }
      switch (s.state()) {
        case READY:
          if (phase != Phase.STALE && phase != Phase.WAITING) {
            return;
          }
          phase = Phase.READY;
          subscribeFlagChanges();
          event = ProviderEvent.PROVIDER_READY;
          details = ProviderEventDetails.builder().message("FeatBit flag data is up to date").build();
          break;
        case STALE:
          if (phase != Phase.READY) {
            return;
          }
          phase = Phase.STALE;
          event = ProviderEvent.PROVIDER_STALE;
          details = staleDetails(s);
          break;
        case CLOSED:
          phase = Phase.FATAL;
          event = ProviderEvent.PROVIDER_ERROR;
          // OpenFeature 1.x passes errorCode to its state machine (-> FATAL) but not to handlers' EventDetails:
          // the event metadata repeats it for them
          details = ProviderEventDetails.builder()
              .errorCode(ErrorCode.PROVIDER_FATAL).message(closedMessage(s))
              .eventMetadata(ImmutableMetadata.builder()
                  .addString(METADATA_ERROR_CODE, ErrorCode.PROVIDER_FATAL.name()).build())
              .build();
          break;
        default:
          return;
      }
      previous = lastEmission;
    }
    emitAfter(previous, event, details);
  }

  /**
   * Listens for flag changes once the client is ready: the listener is registered after the commit that made
   * the client ready, so the initial data set is not reported as a configuration change. Caller holds the lock.
   */
  private void subscribeFlagChanges() {
    if (flagSubscription == null) {
      flagSubscription = client.flagTracker().addFlagChangeListener(this::onFlagsChanged);
    }
  }

  /** Flag changes, on the SDK's listener thread, in commit order. */
  private void onFlagsChanged(FlagTracker.FlagChangeEvent e) {
    if (e.flagKeys().isEmpty()) {
      return;
    }
    Awaitable previous;
    synchronized (lock) {
      if (phase != Phase.READY && phase != Phase.STALE) {
        return;
      }
      previous = lastEmission;
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(e.flagKeys()));
    emitAfter(previous, ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, ProviderEventDetails.builder()
        .flagsChanged(keys).message("FeatBit flags changed").build());
  }

  /**
   * Emits once the previous emission has been delivered: OpenFeature runs each emission as a task on a thread
   * pool, so two quick ones (STALE then READY during a reconnection) could otherwise reach its state machine in
   * the wrong order. Only called on the SDK's listener thread, never with {@link #lock} held and never from
   * {@link #initialize} (a caller of {@code setProviderAndWait} holds the lock the emission task needs).
   * {@link #shutdown()} releases a wait for an emission that its executor may drop.
   */
  private void emitAfter(Awaitable previous, ProviderEvent event, ProviderEventDetails details) {
    previous.await();
    synchronized (lock) {
      if (phase != Phase.SHUT_DOWN) {
        lastEmission = emitSafely(event, details);
      }
    }
  }

  /** Emits now; caller holds {@link #lock}. Never throws. */
  private Awaitable emitSafely(ProviderEvent event, ProviderEventDetails details) {
    try {
      Awaitable a = emit(event, details);
      return a != null ? a : Awaitable.FINISHED;
    } catch (RuntimeException e) {
      // the event executor is gone (shutdown raced with a status change): nobody is listening any more
      LOG.debug("OpenFeature event {} not emitted: {}", event, e.toString());
      return Awaitable.FINISHED;
    }
  }

  private static ProviderEventDetails staleDetails(DataUpdateStatus s) {
    return ProviderEventDetails.builder()
        .message("FeatBit synchronisation interrupted; evaluating the last flag data" + lastErrorSuffix(s)).build();
  }

  private static String closedMessage(DataUpdateStatus s) {
    DataUpdateStatus.ErrorInfo e = s.lastError();
    if (e != null && e.kind() == DataUpdateStatus.ErrorKind.REJECTED) {
      return "the FeatBit evaluation server rejected the env secret (close code 4003: wrong or client-side "
          + "secret, or host clock more than 30 s off); synchronisation stopped for good";
    }
    return "the FeatBit client is closed; synchronisation stopped for good";
  }

  /** The status's last error (kind and safe message: the SDK keeps secrets and tokens out of it). */
  private static String lastErrorSuffix(DataUpdateStatus s) {
    DataUpdateStatus.ErrorInfo e = s.lastError();
    return e == null ? "" : " (last error: " + e.kind() + ": " + e.message() + ")";
  }

  /**
   * Stops listening to the client, closes it if this provider owns it (see {@link #closesClientOnShutdown()})
   * and stops the event executor. Idempotent; the provider cannot be initialized again.
   */
  @Override
  public void shutdown() {
    Subscription status;
    Subscription flags;
    Awaitable pending;
    synchronized (lock) {
      if (phase == Phase.SHUT_DOWN) {
        return;
      }
      phase = Phase.SHUT_DOWN;
      status = statusSubscription;
      flags = flagSubscription;
      pending = lastEmission;
      statusSubscription = null;
      flagSubscription = null;
    }
    pending.wakeup(); // a listener waiting for it must not wait for an executor that is going away
    if (status != null) {
      status.close();
    }
    if (flags != null) {
      flags.close();
    }
    if (closeClientOnShutdown) {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the FeatBit client failed: {}", e.toString());
      }
    }
    super.shutdown();
  }

  // ------------------------------------------------------------------------------------------ evaluation

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<Boolean> d = client.boolVariationDetail(key, u.user, defaultValue != null && defaultValue);
      return d.isServed() ? served(d, d.value()) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  /** Any flag type: the served value as FeatBit stores it (a boolean flag gives {@code "true"}). */
  @Override
  public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<String> d = client.stringVariationDetail(key, u.user, defaultValue);
      return d.isServed() ? served(d, d.value()) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  /** Whole numbers in {@code int} range only ({@code "1.0"} and {@code "1.5"} are {@code TYPE_MISMATCH}). */
  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<Integer> d = client.intVariationDetail(key, u.user, defaultValue == null ? 0 : defaultValue);
      return d.isServed() ? served(d, d.value()) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  /** Whole numbers in {@code long} range, natively (no detour through {@code double}). */
  @Override
  public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<Long> d = client.longVariationDetail(key, u.user, defaultValue == null ? 0L : defaultValue);
      return d.isServed() ? served(d, d.value()) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  /** Finite numbers ({@code NaN} and infinities are {@code TYPE_MISMATCH}). */
  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<Double> d = client.doubleVariationDetail(key, u.user, defaultValue == null ? 0.0 : defaultValue);
      return d.isServed() ? served(d, d.value()) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  /**
   * The flag's JSON value (objects become {@code Structure}s, arrays lists, JSON {@code null} the null value);
   * a value that is not JSON is {@code TYPE_MISMATCH}. The default {@code Value} is handed to the SDK as a plain
   * Java object; on a fallback the caller's default {@code Value} itself is returned.
   */
  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
    try {
      Contexts.Conversion u = Contexts.toUser(ctx);
      if (!u.ok()) {
        return contextError(defaultValue, u);
      }
      EvalDetail<Object> d = client.jsonValueVariationDetail(key, u.user, Values.toPlain(defaultValue));
      return d.isServed() ? served(d, Values.toValue(d.value())) : fallback(key, d, defaultValue);
    } catch (RuntimeException e) {
      return unexpected(key, defaultValue, e);
    }
  }

  private static <T> ProviderEvaluation<T> served(EvalDetail<?> d, T value) {
    return ProviderEvaluation.<T>builder()
        .value(value)
        .variant(d.variationId())
        .reason(reason(d.reason()).toString())
        .flagMetadata(metadata(d))
        .build();
  }

  private <T> ProviderEvaluation<T> fallback(String key, EvalDetail<?> d, T defaultValue) {
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.toString())
        .errorCode(errorCode(key, d))
        .errorMessage(d.reasonText())
        .flagMetadata(metadata(d))
        .build();
  }

  private <T> ProviderEvaluation<T> contextError(T defaultValue, Contexts.Conversion u) {
    if (warned.add("context:" + u.errorCode)) {
      LOG.warn("Evaluation with an unusable OpenFeature context (default value served; logged once): {}", u.message);
    }
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.toString())
        .errorCode(u.errorCode)
        .errorMessage(u.message)
        .build();
  }

  private <T> ProviderEvaluation<T> unexpected(String key, T defaultValue, RuntimeException e) {
    if (warned.add("unexpected")) {
      LOG.error("Unexpected error evaluating flag '{}' through OpenFeature: {}", key, e.toString());
      LOG.debug("Stack trace", e);
    }
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.toString())
        .errorCode(ErrorCode.GENERAL)
        .errorMessage("unexpected error: " + e.getClass().getSimpleName())
        .build();
  }

  private static ImmutableMetadata metadata(EvalDetail<?> d) {
    return ImmutableMetadata.builder()
        .addString(METADATA_REASON_KIND, d.reason().name())
        .addString(METADATA_REASON_TEXT, d.reasonText())
        .build();
  }

  /** FeatBit's reason kind as an OpenFeature reason (see the class comment). */
  static Reason reason(ReasonKind kind) {
    switch (kind) {
      case OFF:
        return Reason.DISABLED;
      case TARGET_MATCH:
      case RULE_MATCH:
        return Reason.TARGETING_MATCH;
      case FALLTHROUGH:
        return Reason.DEFAULT;
      default:
        return Reason.ERROR;
    }
  }

  /** The error code of a fallback detail, by its error kind (see the class comment). */
  ErrorCode errorCode(String key, EvalDetail<?> d) {
    switch (d.errorKind()) {
      case CLIENT_NOT_READY:
        return client.dataUpdateStatusProvider().state() == DataUpdateStatus.State.CLOSED
            ? ErrorCode.PROVIDER_FATAL : ErrorCode.PROVIDER_NOT_READY;
      case WRONG_TYPE:
        return ErrorCode.TYPE_MISMATCH;
      case FLAG_NOT_FOUND:
        return ErrorCode.FLAG_NOT_FOUND;
      case USER_NOT_SPECIFIED:
        return ErrorCode.TARGETING_KEY_MISSING;
      case MALFORMED_FLAG:
      case REGEX_BUDGET_EXCEEDED:
        return ErrorCode.GENERAL;
      default:
        // EXCEPTION, which is also the kind of a detail built without one: a key the client does not know is
        // reported as not found
        return client.isFlagKnown(key) ? ErrorCode.GENERAL : ErrorCode.FLAG_NOT_FOUND;
    }
  }

  // ------------------------------------------------------------------------------------------ tracking

  /**
   * OpenFeature tracking as a FeatBit custom metric ({@code trackMetric}): the context's user, the event name,
   * and the details' value ({@code 1.0} without details or value). Other details attributes are not sent
   * (FeatBit metrics carry one number). A context without a usable user is ignored with a warning (once).
   */
  @Override
  public void track(String eventName, EvaluationContext context, TrackingEventDetails details) {
    try {
      synchronized (lock) {
        if (phase == Phase.SHUT_DOWN) {
          return;
        }
      }
      Contexts.Conversion u = Contexts.toUser(context);
      if (!u.ok()) {
        if (warned.add("track:" + u.errorCode)) {
          LOG.warn("OpenFeature track ignored: {}", u.message);
        }
        return;
      }
      double value = 1.0;
      if (details != null) {
        Optional<Number> v = details.getValue();
        if (v != null && v.isPresent()) {
          value = v.get().doubleValue();
        }
      }
      client.trackMetric(u.user, eventName, value);
    } catch (RuntimeException e) {
      if (warned.add("track-unexpected")) {
        LOG.error("OpenFeature track failed: {}", e.toString());
      }
    }
  }

  /** Shows the provider's state, never the configuration's secret. */
  @Override
  public String toString() {
    synchronized (lock) {
      return "FeatBitProvider{" + phase + ", closeClientOnShutdown=" + closeClientOnShutdown + "}";
    }
  }
}
