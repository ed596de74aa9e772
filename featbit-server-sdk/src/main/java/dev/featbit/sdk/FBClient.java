package dev.featbit.sdk;

import dev.featbit.sdk.config.DataSyncConfig;
import dev.featbit.sdk.internal.ClientContext;
import dev.featbit.sdk.internal.EvaluationCounter;
import dev.featbit.sdk.internal.Json;
import dev.featbit.sdk.internal.LogOnce;
import dev.featbit.sdk.internal.data.DataSource;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.BoundedRegex;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.CompiledSegment;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.eval.DotNetText;
import dev.featbit.sdk.internal.eval.Fallback;
import dev.featbit.sdk.internal.eval.Outcome;
import dev.featbit.sdk.internal.eval.Served;
import dev.featbit.sdk.internal.events.EventProcessor;
import dev.featbit.sdk.internal.events.EventSink;
import dev.featbit.sdk.internal.eval.Variation;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import dev.featbit.sdk.internal.store.PersistentStoreCache;
import dev.featbit.sdk.internal.store.Snapshot;
import dev.featbit.sdk.internal.store.SnapshotStore;
import dev.featbit.sdk.internal.sync.DataUpdater;
import dev.featbit.sdk.internal.sync.FlagTrackerImpl;
import dev.featbit.sdk.internal.sync.ListenerDispatcher;
import dev.featbit.sdk.internal.sync.PollingDataSource;
import dev.featbit.sdk.internal.sync.StatusManager;
import dev.featbit.sdk.internal.sync.StreamingDataSource;
import dev.featbit.sdk.internal.sync.BootstrapDataSource;
import dev.featbit.sdk.internal.sync.Updates;
import dev.featbit.sdk.spi.Hook;
import dev.featbit.sdk.spi.HookContext;
import dev.featbit.sdk.spi.PersistentDataStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FeatBit client: evaluates flags locally from an in-memory snapshot of the environment's flags and
 * segments, exactly as the FeatBit evaluation server would.
 *
 * <pre>{@code
 * try (FBClient client = new FBClient(config)) {
 *   FBUser user = FBUser.builder("user-42").name("Ada").custom("plan", "team").build();
 *   if (client.boolVariation("new-checkout", user, false)) { ... }
 *   EvalDetail<String> d = client.stringVariationDetail("theme", user, "light");
 * }
 * }</pre>
 *
 * <p>Every public method is thread-safe and never throws for a recoverable problem: an evaluation that cannot
 * serve a variation returns the caller's fallback with a {@link ReasonKind} saying why ({@code
 * CLIENT_NOT_READY}, {@code WRONG_TYPE} or {@code ERROR}) and logs the cause once. Evaluation takes no lock
 * and does no I/O; a plain boolean or string evaluation allocates nothing, with events on too (the insight goes
 * into a preallocated per-thread buffer, set up on the thread's first event; a full buffer drops it).
 *
 * <p>Create one client per environment and share it; {@link #close()} it when the application stops.
 *
 * @since 0.1.0
 */
public final class FBClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.client");
  private static final Logger EVAL_LOG = LoggerFactory.getLogger("featbit.eval");

  private final FBConfig config;
  private final ClientContext ctx;
  private final DataStore store;
  private final EventSink events;
  private final EventProcessor eventProcessor; // null offline or with events disabled
  private final ListenerDispatcher listeners = new ListenerDispatcher();
  private final StatusManager status;
  private final FlagTrackerImpl flagTracker;
  private final DataUpdater updater;
  private final dev.featbit.sdk.spi.DataSource dataSource;
  private final PersistentStoreCache persistent; // null without a persistent data store
  private final SnapshotStore snapshotStore; // null without a snapshot file
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean eventsOpen;
  private final LogOnce logOnce = new LogOnce(1000);
  private final boolean evaluationMetrics;
  private final EvaluationCounter evaluationCounter; // null unless evaluationMetrics
  private final Map<String, Variation> defaults; // null when no per-flag default is configured
  private final Hook[] hooks; // null when no hook is registered

  /**
   * Creates a client and starts it. Offline, the bootstrap data is loaded and the client is ready when this
   * returns. Online, this waits up to {@link FBConfig#startWait()} for the first full data set; on timeout
   * it returns anyway (check {@link #isInitialized()}) and synchronisation continues in the background.
   *
   * @param config the configuration
   * @throws NullPointerException if {@code config} is null
   */
  public FBClient(FBConfig config) {
    Objects.requireNonNull(config, "config");
    // the client does not keep the bootstrap text (it can be megabytes): loaded below, then released
    this.config = config.withoutBootstrapJson();
    this.ctx = new ClientContext(this.config);
    this.evaluationMetrics = config.isEvaluationMetricsEnabled();
    this.evaluationCounter = evaluationMetrics ? new EvaluationCounter() : null;
    this.defaults = compileDefaults(config.defaults());
    this.hooks = config.hooks().isEmpty() ? null : config.hooks().toArray(new Hook[0]);
    this.store = new DataStore(new Compiler(config.regexStepBudget()));
    boolean offline = config.isOffline();
    DataSyncConfig.Kind kind = offline ? DataSyncConfig.Kind.NONE : config.dataSync().kind();
    this.eventsOpen = !config.isEventsDisabled();
    this.status = new StatusManager(listeners, offline ? DataUpdateStatus.State.READY
        : DataUpdateStatus.State.NOT_READY, ctx.clock());
    this.flagTracker = new FlagTrackerImpl(listeners, this::evaluateRaw, store::snapshot);
    this.updater = new DataUpdater(store, status, flagTracker);
    boolean network = !offline && (kind == DataSyncConfig.Kind.STREAMING || kind == DataSyncConfig.Kind.POLLING
        || !config.isEventsDisabled());
    ctx.start(network);

    PersistentStoreCache cache = null;
    if (!offline && config.dataStore().persistentFactory() != null) {
      try {
        PersistentDataStore ps = config.dataStore().persistentFactory().create(ctx);
        if (ps != null) {
          cache = new PersistentStoreCache(ctx, ps, updater, config.dataStore().cacheTtl(),
              kind == DataSyncConfig.Kind.NONE);
        }
      } catch (Exception e) {
        LOG.error("The persistent data store could not be created ({}); the client runs without it",
            e.toString());
        status.error(DataUpdateStatus.ErrorKind.STORE, "store not created: " + e.getClass().getSimpleName());
      }
    }
    this.persistent = cache;
    if (cache != null) {
      updater.writeThrough(cache);
    }
    this.snapshotStore = offline || config.dataStore().snapshotFile() == null ? null
        : new SnapshotStore(ctx, updater, config.dataStore().snapshotFile(), config.dataStore().snapshotInterval());
    if (snapshotStore != null) {
      updater.writeThrough(snapshotStore);
    }

    if (offline || config.isEventsDisabled()) {
      this.eventProcessor = null;
      this.events = EventSink.NONE;
    } else {
      this.eventProcessor = new EventProcessor(ctx);
      this.events = eventProcessor;
      // a rejected secret closes the client's sync for good: no more events either (D-12)
      status.addStatusListener(st -> {
        if (st.state() == DataUpdateStatus.State.CLOSED) {
          eventsOpen = false;
        }
      });
    }
    DataSyncMessage parsedBootstrap = config.takeParsedBootstrap();
    this.dataSource = createDataSource(kind, offline ? config.bootstrapJson() : null,
        offline ? parsedBootstrap : null);

    if (eventProcessor != null) {
      eventProcessor.start();
    }
    boolean fromStore = cache != null && cache.start();
    if (fromStore && dataSource != null) {
      status.interrupted(DataUpdateStatus.ErrorKind.STORE,
          "serving data from the persistent data store until the data source delivers");
    }
    if (!fromStore && snapshotStore != null) {
      fromStore = snapshotStore.load();
    }
    if (!offline && config.bootstrapJson() != null) {
      if (fromStore) {
        LOG.info("Bootstrap data not used: the client already serves stored data until the data source delivers");
      } else {
        fromStore = loadProvisional(config.bootstrapJson(), parsedBootstrap);
      }
    }
    if (dataSource != null) {
      dataSource.start();
    }
    if (offline) {
      LOG.info("Client started offline with {} flags", store.snapshot().activeFlags().size());
      return;
    }
    long millis = config.startWait().toMillis();
    if (millis > 0 && dataSource != null && !fromStore) {
      DataUpdateStatusProvider.ReadyResult r = status.waitForReady(config.startWait());
      if (r == DataUpdateStatusProvider.ReadyResult.TIMED_OUT) {
        LOG.warn("Client not initialized within startWait ({} ms): {}. Check {} and that the server is reachable, "
            + "or raise startWait; synchronisation continues in the background", millis, lastError(),
            endpointSetting(kind));
      } else if (r != DataUpdateStatusProvider.ReadyResult.READY) {
        LOG.warn("Client did not initialize ({}): {}", r, lastError());
      }
    }
  }

  /** The status's last error for a log line: kind and safe message. */
  private String lastError() {
    DataUpdateStatus.ErrorInfo e = status.status().lastError();
    return e == null ? "no answer from the server yet" : "last error " + e.kind() + ": " + e.message();
  }

  /** The setting that says where the data comes from, with its value (credentials removed). */
  private String endpointSetting(DataSyncConfig.Kind kind) {
    switch (kind) {
      case STREAMING:
        return "streamingUrl (" + FBConfig.redactUrl(config.streamingUrl()) + ")";
      case POLLING:
        return "pollingUrl (" + FBConfig.redactUrl(config.pollingUrl()) + ")";
      default:
        return "the data source";
    }
  }

  private dev.featbit.sdk.spi.DataSource createDataSource(DataSyncConfig.Kind kind, String bootstrap,
      DataSyncMessage parsedBootstrap) {
    switch (kind) {
      case STREAMING:
        return new StreamingDataSource(ctx, updater,
            config.pollingFallbackAfter() == null ? null : () -> new PollingDataSource(ctx, updater, true));
      case POLLING:
        return new PollingDataSource(ctx, updater);
      case CUSTOM:
        try {
          dev.featbit.sdk.spi.DataSource custom = config.dataSync().customFactory().create(ctx, new Updates(updater));
          if (custom != null) {
            return custom;
          }
          LOG.error("The custom data source factory returned null; the client has no data source");
        } catch (RuntimeException e) {
          LOG.error("The custom data source could not be created: {}", e.toString());
        }
        status.error(DataUpdateStatus.ErrorKind.UNKNOWN, "custom data source not created");
        return null;
      default:
        return config.isOffline() ? new BootstrapDataSource(updater, bootstrap, parsedBootstrap,
            config.regexStepBudget()) : null;
    }
  }

  private static Map<String, Variation> compileDefaults(Map<String, String> table) {
    if (table.isEmpty()) {
      return null;
    }
    Map<String, Variation> m = new HashMap<>(table.size() * 2);
    for (Map.Entry<String, String> e : table.entrySet()) {
      m.put(e.getKey(), Variation.standalone(e.getValue()));
    }
    return m;
  }

  /** Online bootstrap data: served (STALE) until the data source's first full data set replaces it. */
  private boolean loadProvisional(String json, DataSyncMessage parsed) {
    try {
      if (updater.applyProvisional(parsed != null ? parsed
          : DataSyncMessage.parseBootstrap(json, new FullDataCompiler(config.regexStepBudget()))) == null) {
        return false;
      }
    } catch (DataSyncMessage.InvalidMessageException e) {
      LOG.error("Flag data rejected: {}", e.getMessage()); // build() validated it: not expected
      return false;
    }
    LOG.info("Serving {} flags from bootstrap data until the data source delivers",
        store.snapshot().activeFlags().size());
    status.provisional(DataUpdateStatus.ErrorKind.STORE, "serving bootstrap data until the data source delivers");
    return true;
  }

  /** Loads bootstrap data: always a complete data set, whatever its {@code eventType} says. */
  private boolean load(String json) {
    return BootstrapDataSource.load(updater, json, config.regexStepBudget());
  }

  /**
   * Offline mode: replaces all flag data with {@code json} (a {@code data-sync} message or a
   * {@code latest-all} body), as {@code initializeFromExternalJson} of FeatBit's other Java SDK does.
   *
   * @return {@code true} if the data was loaded; {@code false} when it is not FeatBit flag data or the client
   *     is online (the data is then ignored)
   * @param json the flag data as JSON text
   */
  public boolean initializeFromExternalJson(String json) {
    if (!config.isOffline()) {
      LOG.warn("initializeFromExternalJson is only available in offline mode; data ignored");
      return false;
    }
    return load(json);
  }

  /**
   * True once flag data was established (offline: at once; online: after the first full data set).
   *
   * @return {@code true} once the client has a complete data set
   */
  public boolean isInitialized() {
    return store.snapshot().initialized;
  }

  /**
   * True when an active (non-archived) flag with this key is in the store.
   *
   * @param flagKey the key to look up; {@code null} is never known
   * @return {@code true} if the current data holds an active flag with this key
   */
  public boolean isFlagKnown(String flagKey) {
    return flagKey != null && store.snapshot().flag(flagKey) != null;
  }

  /**
   * The configuration this client runs with, without the bootstrap JSON text ({@link FBConfig#bootstrapJson()}
   * is {@code null}): the client releases it once the data is loaded.
   *
   * @return the client's configuration
   */
  public FBConfig config() {
    return config;
  }

  // ------------------------------------------------------------------------------------- evaluation core

  /**
   * Evaluates without conversion or event, for the typed variations. Never throws. A fallback is counted here,
   * a served value by {@link #record} or {@link #wrongType}, so each typed call counts once under its final
   * reason (the served test is the one every caller makes next).
   */
  private Outcome evaluate(String flagKey, FBUser user) {
    Outcome o = evaluate(store.snapshot(), flagKey, user);
    if (!o.isServed() && evaluationMetrics) {
      evaluationCounter.add(o.kind, o.errorKind);
    }
    return o;
  }

  /** A raw-string detail against a given snapshot, without event (listeners, tools). */
  private EvalDetail<String> evaluateRaw(Snapshot s, String flagKey, FBUser user) {
    Outcome o = evaluate(s, flagKey, user);
    if (o.isServed()) {
      return ((Served) o).rawDetail();
    }
    return fallback(flagKey, "", o);
  }

  private Outcome evaluate(Snapshot s, String flagKey, FBUser user) {
    if (!s.initialized) {
      return notReady();
    }
    CompiledFlag flag = flagKey == null ? null : s.flag(flagKey);
    if (flag == null) {
      return unknownFlag(flagKey);
    }
    if (user == null || DotNetText.isNullOrWhiteSpace(user.key())) {
      return noUser(flagKey);
    }
    try {
      return flag.evaluate(user, s.segmentTable());
    } catch (Defect d) {
      return defect(flag, d);
    } catch (BoundedRegex.BudgetExceeded e) {
      return budgetExceeded(flag);
    } catch (RuntimeException | StackOverflowError e) {
      return unexpected(flag, e);
    }
  }

  // the failure paths of an evaluation, out of line (logged once each)

  private Outcome notReady() {
    if (status.isRejected()) {
      if (logOnce.first("rejected")) {
        EVAL_LOG.warn("Evaluation after the server rejected the env secret: returning fallback values; this "
            + "client gets no flag data (check envSecret)");
      }
      return Fallback.SECRET_REJECTED;
    }
    if (logOnce.first("not-ready")) {
      EVAL_LOG.warn("Evaluation before the client is initialized: returning fallback values");
    }
    return Fallback.CLIENT_NOT_READY;
  }

  private Outcome unknownFlag(String flagKey) {
    if (logOnce.first("unknown:" + flagKey)) {
      EVAL_LOG.warn("Unknown feature flag '{}': returning the fallback value", flagKey);
    }
    return Fallback.FLAG_NOT_FOUND;
  }

  private Outcome noUser(String flagKey) {
    if (logOnce.first("no-user")) {
      EVAL_LOG.warn("Evaluation of '{}' without a user or with a blank user key: returning the fallback value",
          flagKey);
    }
    return Fallback.USER_NOT_SPECIFIED;
  }

  private static Outcome defect(CompiledFlag flag, Defect d) {
    if (d.firstReport()) {
      EVAL_LOG.error("Flag '{}' (version {}) has malformed data: {}", flag.key, flag.version, d.getMessage());
    }
    return d.fallback;
  }

  private Outcome budgetExceeded(CompiledFlag flag) {
    if (logOnce.first("regex:" + flag.key + ":" + flag.version)) {
      EVAL_LOG.warn("Flag '{}': a regex match exceeded the step budget ({} character reads); returning the "
          + "fallback value", flag.key, config.regexStepBudget());
    }
    return REGEX_BUDGET;
  }

  private Outcome unexpected(CompiledFlag flag, Throwable e) {
    if (logOnce.first("unexpected:" + flag.key + ":" + flag.version)) {
      EVAL_LOG.error("Unexpected error evaluating flag '{}': {}", flag.key, e.toString());
      EVAL_LOG.debug("Stack trace", e);
    }
    return Fallback.UNEXPECTED_ERROR;
  }


  private static final Fallback REGEX_BUDGET = Fallback.REGEX_BUDGET_EXCEEDED;

  /** Called once per successful typed evaluation, after the value converted. */
  private void record(FBUser user, Served served) {
    if (evaluationMetrics) {
      evaluationCounter.add(served.kind, EvalDetail.ErrorKind.NONE);
    }
    if (eventsOpen) {
      try {
        events.evaluation(user, served);
      } catch (RuntimeException e) {
        if (logOnce.first("event-sink")) {
          LOG.error("Recording an evaluation event failed: {}", e.toString());
        }
      }
    }
  }

  private Outcome wrongType(String flagKey, String type) {
    if (evaluationMetrics) {
      evaluationCounter.add(ReasonKind.WRONG_TYPE, EvalDetail.ErrorKind.WRONG_TYPE);
    }
    if (logOnce.first("type:" + flagKey + ":" + type)) {
      EVAL_LOG.warn("Flag '{}' served a value that is not a valid {}: returning the fallback value", flagKey, type);
    }
    return Fallback.WRONG_TYPE;
  }

  private static <T> EvalDetail<T> fallback(String flagKey, T fallback, Outcome o) {
    return new EvalDetail<>(flagKey, fallback, "", o.kind, o.reasonText, o.errorKind);
  }

  private static <T> EvalDetail<T> served(Served s, T value) {
    return new EvalDetail<>(s.flagKey, value, s.variation.id, s.kind, s.reasonText, s.errorKind);
  }

  // ------------------------------------------------------------------------------------- typed variations

  /**
   * The flag's value as a boolean ({@code true}/{@code false} in any letter case), or {@code fallback}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no boolean can be served (client not ready, unknown flag, no user, malformed
   *     data, another type), unless a per-flag default applies
   * @return the served value, or the fallback
   */
  public boolean boolVariation(String flagKey, FBUser user, boolean fallback) {
    if (hooks != null) {
      return boolHooked("boolVariation", flagKey, user, fallback).value();
    }
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      Boolean b = s.variation.asBoolean;
      if (b != null) {
        record(user, s);
        return b;
      }
      wrongType(flagKey, "boolean");
    }
    return boolDefault(flagKey, fallback);
  }

  /**
   * Like {@link #boolVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no boolean can be served
   * @return the value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<Boolean> boolVariationDetail(String flagKey, FBUser user, boolean fallback) {
    if (hooks != null) {
      return boolHooked("boolVariationDetail", flagKey, user, fallback);
    }
    return boolVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<Boolean> boolVariationDetail0(String flagKey, FBUser user, boolean fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      Boolean b = s.variation.asBoolean;
      if (b != null) {
        record(user, s);
        return served(s, b);
      }
      o = wrongType(flagKey, "boolean");
    }
    return fallback(flagKey, boolDefault(flagKey, fallback), o);
  }

  /**
   * The flag's value as served (any flag type), or {@code fallback} (which may be {@code null}).
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no value can be served (client not ready, unknown flag, no user, malformed
   *     data), unless a per-flag default applies
   * @return the served value as FeatBit stores it, or the fallback
   */
  public String stringVariation(String flagKey, FBUser user, String fallback) {
    if (hooks != null) {
      return stringHooked("stringVariation", flagKey, user, fallback).value();
    }
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      record(user, s);
      return s.variation.value;
    }
    return stringDefault(flagKey, fallback);
  }

  /**
   * Like {@link #stringVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no value can be served
   * @return the value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<String> stringVariationDetail(String flagKey, FBUser user, String fallback) {
    if (hooks != null) {
      return stringHooked("stringVariationDetail", flagKey, user, fallback);
    }
    return stringVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<String> stringVariationDetail0(String flagKey, FBUser user, String fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      record(user, s);
      return s.rawDetail();
    }
    return fallback(flagKey, stringDefault(flagKey, fallback), o);
  }

  /**
   * The flag's value as an {@code int} (whole number in range; {@code "1.0"} is not), or {@code fallback}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no {@code int} can be served (client not ready, unknown flag, no user,
   *     malformed data, another type or out of range), unless a per-flag default applies
   * @return the served value, or the fallback
   */
  public int intVariation(String flagKey, FBUser user, int fallback) {
    if (hooks != null) {
      return intHooked("intVariation", flagKey, user, fallback).value();
    }
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      if (s.variation.isInt()) {
        record(user, s);
        return s.variation.asLong.intValue();
      }
      wrongType(flagKey, "int");
    }
    return intDefault(flagKey, fallback);
  }

  /**
   * Like {@link #intVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no {@code int} can be served
   * @return the value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<Integer> intVariationDetail(String flagKey, FBUser user, int fallback) {
    if (hooks != null) {
      return intHooked("intVariationDetail", flagKey, user, fallback);
    }
    return intVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<Integer> intVariationDetail0(String flagKey, FBUser user, int fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      if (s.variation.isInt()) {
        record(user, s);
        return served(s, s.variation.asLong.intValue());
      }
      o = wrongType(flagKey, "int");
    }
    return fallback(flagKey, intDefault(flagKey, fallback), o);
  }

  /**
   * The flag's value as a {@code long} (whole number in range), or {@code fallback}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no {@code long} can be served (client not ready, unknown flag, no user,
   *     malformed data, another type or out of range), unless a per-flag default applies
   * @return the served value, or the fallback
   */
  public long longVariation(String flagKey, FBUser user, long fallback) {
    if (hooks != null) {
      return longHooked("longVariation", flagKey, user, fallback).value();
    }
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      Long l = s.variation.asLong;
      if (l != null) {
        record(user, s);
        return l;
      }
      wrongType(flagKey, "long");
    }
    return longDefault(flagKey, fallback);
  }

  /**
   * Like {@link #longVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no {@code long} can be served
   * @return the value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<Long> longVariationDetail(String flagKey, FBUser user, long fallback) {
    if (hooks != null) {
      return longHooked("longVariationDetail", flagKey, user, fallback);
    }
    return longVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<Long> longVariationDetail0(String flagKey, FBUser user, long fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      Long l = s.variation.asLong;
      if (l != null) {
        record(user, s);
        return served(s, l);
      }
      o = wrongType(flagKey, "long");
    }
    return fallback(flagKey, longDefault(flagKey, fallback), o);
  }

  /**
   * The flag's value as a finite {@code double} (parsed independently of the locale; NaN and infinities are
   * refused), or {@code fallback}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no finite {@code double} can be served (client not ready, unknown flag, no
   *     user, malformed data, another type), unless a per-flag default applies
   * @return the served value, or the fallback
   */
  public double doubleVariation(String flagKey, FBUser user, double fallback) {
    if (hooks != null) {
      return doubleHooked("doubleVariation", flagKey, user, fallback).value();
    }
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      double d = s.variation.asDouble;
      if (d == d) {
        record(user, s);
        return d;
      }
      wrongType(flagKey, "double");
    }
    return doubleDefault(flagKey, fallback);
  }

  /**
   * Like {@link #doubleVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no {@code double} can be served
   * @return the value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<Double> doubleVariationDetail(String flagKey, FBUser user, double fallback) {
    if (hooks != null) {
      return doubleHooked("doubleVariationDetail", flagKey, user, fallback);
    }
    return doubleVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<Double> doubleVariationDetail0(String flagKey, FBUser user, double fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      double d = s.variation.asDouble;
      if (d == d) {
        record(user, s);
        return served(s, d);
      }
      o = wrongType(flagKey, "double");
    }
    return fallback(flagKey, doubleDefault(flagKey, fallback), o);
  }

  /**
   * The flag's value as JSON text (it must be valid JSON), or {@code fallback}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned when no JSON value can be served (client not ready, unknown flag, no user,
   *     malformed data, text that is not JSON), unless a per-flag default applies; it is not checked to be JSON
   * @return the served JSON text, or the fallback
   */
  public String jsonVariation(String flagKey, FBUser user, String fallback) {
    if (hooks != null) {
      return jsonHooked("jsonVariation", flagKey, user, fallback).value();
    }
    return jsonVariationDetail0(flagKey, user, fallback).value();
  }

  /**
   * Like {@link #jsonVariation} with the reason.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no JSON value can be served
   * @return the JSON text with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<String> jsonVariationDetail(String flagKey, FBUser user, String fallback) {
    if (hooks != null) {
      return jsonHooked("jsonVariationDetail", flagKey, user, fallback);
    }
    return jsonVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<String> jsonVariationDetail0(String flagKey, FBUser user, String fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      if (s.variation.isJson()) {
        record(user, s);
        return served(s, s.variation.value);
      }
      o = wrongType(flagKey, "JSON");
    }
    return fallback(flagKey, jsonDefault(flagKey, fallback), o);
  }

  /**
   * The flag's JSON value parsed into plain Java objects: {@code Map<String, Object>} (insertion-ordered),
   * {@code List<Object>}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}/{@code Double},
   * {@code Boolean} or {@code null}; each call returns a fresh, caller-owned copy. Returns {@code fallback}
   * (kind {@code WRONG_TYPE}) when the value is not JSON.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback the value of the detail when no JSON value can be served; returned as it is, not copied
   * @return the parsed value with its variation id, reason and, for a fallback, the error kind
   */
  public EvalDetail<Object> jsonValueVariationDetail(String flagKey, FBUser user, Object fallback) {
    if (hooks != null) {
      return jsonValueHooked("jsonValueVariationDetail", flagKey, user, fallback);
    }
    return jsonValueVariationDetail0(flagKey, user, fallback);
  }

  private EvalDetail<Object> jsonValueVariationDetail0(String flagKey, FBUser user, Object fallback) {
    Outcome o = evaluate(flagKey, user);
    if (o.isServed()) {
      Served s = (Served) o;
      if (s.variation.isJson()) {
        try {
          Object parsed = Json.readPlain(s.variation.value);
          record(user, s);
          return served(s, parsed);
        } catch (IOException | RuntimeException e) {
          // isJson() said it parses; treat a surprise like a type mismatch
        }
      }
      o = wrongType(flagKey, "JSON");
    }
    return fallback(flagKey, jsonValueDefault(flagKey, fallback), o);
  }

  /**
   * The value part of {@link #jsonValueVariationDetail}.
   *
   * @param flagKey the key of the flag to evaluate
   * @param user the user to evaluate for
   * @param fallback returned, as it is, when no JSON value can be served
   * @return a fresh parsed copy of the served value, or the fallback
   */
  public Object jsonValueVariation(String flagKey, FBUser user, Object fallback) {
    if (hooks != null) {
      return jsonValueHooked("jsonValueVariation", flagKey, user, fallback).value();
    }
    return jsonValueVariationDetail0(flagKey, user, fallback).value();
  }

  /**
   * Explains how a flag evaluates for a user: the result and the steps the server's algorithm took to reach
   * it (targets, rules and conditions with the user's values, segments, rollout bucket, or the data defect
   * met), from one snapshot of the flag data. A diagnostic for tools and support, not for the request path:
   * it allocates freely. It records no event, is not counted in {@link #evaluationStats()}, logs nothing
   * and never throws.
   *
   * @param flagKey the flag key
   * @param user the user
   * @return the explanation; its {@link Explanation#result() result} is what {@link #stringVariationDetail}
   *     would return with a fallback of {@code ""}, with the same {@link EvalDetail.ErrorKind} for a fallback
   */
  public Explanation explain(String flagKey, FBUser user) {
    java.util.List<String> steps = new java.util.ArrayList<>();
    Outcome o;
    try {
      o = explain(store.snapshot(), flagKey, user, steps);
    } catch (RuntimeException | StackOverflowError e) {
      steps.add("=> ERROR: unexpected " + e.getClass().getSimpleName());
      o = Fallback.UNEXPECTED_ERROR;
    }
    EvalDetail<String> result = o.isServed() ? ((Served) o).rawDetail() : fallback(flagKey, "", o);
    return new Explanation(result, steps);
  }

  /** The steps of {@link #evaluate(Snapshot, String, FBUser)}, in its order, written to {@code steps}. */
  private static Outcome explain(Snapshot s, String flagKey, FBUser user, java.util.List<String> steps) {
    if (!s.initialized) {
      steps.add("the client has no flag data yet");
      return explained(Fallback.CLIENT_NOT_READY, steps);
    }
    CompiledFlag flag = flagKey == null ? null : s.flag(flagKey);
    if (flag == null) {
      steps.add("flag not found");
      return explained(Fallback.FLAG_NOT_FOUND, steps);
    }
    if (user == null || DotNetText.isNullOrWhiteSpace(user.key())) {
      steps.add("no user, or a blank user key");
      return explained(Fallback.USER_NOT_SPECIFIED, steps);
    }
    try {
      Served served = flag.explain(user, s.segmentTable(), steps);
      return served != null ? served : explained(Fallback.FLAG_NOT_FOUND, steps); // archived: hidden by flag()
    } catch (Defect d) {
      return d.fallback; // the steps end with the defect
    } catch (BoundedRegex.BudgetExceeded e) {
      return REGEX_BUDGET;
    }
  }

  private static Outcome explained(Fallback f, java.util.List<String> steps) {
    steps.add("=> " + f.kind + " (" + f.reasonText + ")");
    return f;
  }

  // ------------------------------------------------------------------------------------- hooks

  // the hooked paths, out of line so that the plain methods stay small for the JIT

  private EvalDetail<Boolean> boolHooked(String method, String flagKey, FBUser user, boolean fallback) {
    return hooked(method, flagKey, user, fallback, () -> boolVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<String> stringHooked(String method, String flagKey, FBUser user, String fallback) {
    return hooked(method, flagKey, user, fallback, () -> stringVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<Integer> intHooked(String method, String flagKey, FBUser user, int fallback) {
    return hooked(method, flagKey, user, fallback, () -> intVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<Long> longHooked(String method, String flagKey, FBUser user, long fallback) {
    return hooked(method, flagKey, user, fallback, () -> longVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<Double> doubleHooked(String method, String flagKey, FBUser user, double fallback) {
    return hooked(method, flagKey, user, fallback, () -> doubleVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<String> jsonHooked(String method, String flagKey, FBUser user, String fallback) {
    return hooked(method, flagKey, user, fallback, () -> jsonVariationDetail0(flagKey, user, fallback));
  }

  private EvalDetail<Object> jsonValueHooked(String method, String flagKey, FBUser user, Object fallback) {
    return hooked(method, flagKey, user, fallback, () -> jsonValueVariationDetail0(flagKey, user, fallback));
  }

  /** Runs the hooks around one evaluation; a hook that throws is logged once per stage and skipped. */
  private <T> EvalDetail<T> hooked(String method, String flagKey, FBUser user, Object fallback,
      java.util.function.Supplier<EvalDetail<T>> evaluation) {
    Hook[] hs = hooks;
    HookContext context = new HookContext(method, flagKey, user, fallback);
    Object[] data = new Object[hs.length];
    for (int i = 0; i < hs.length; i++) {
      try {
        data[i] = hs[i].beforeEvaluation(context);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        hookFailed(hs[i], "beforeEvaluation", e);
      }
    }
    EvalDetail<T> detail = evaluation.get();
    for (int i = 0; i < hs.length; i++) {
      try {
        hs[i].afterEvaluation(context, data[i], detail);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        hookFailed(hs[i], "afterEvaluation", e);
      }
    }
    return detail;
  }

  private void hookFailed(Hook hook, String stage, Throwable e) {
    String name;
    try {
      name = hook.name();
    } catch (RuntimeException n) {
      name = hook.getClass().getName();
    }
    if (logOnce.first("hook:" + System.identityHashCode(hook) + ":" + stage)) {
      LOG.error("Evaluation hook '{}' failed in {} and was skipped: {}", name, stage, e.toString());
    }
  }

  // ------------------------------------------------------------------------------------- per-flag defaults

  /** The configured per-flag default when it is a boolean, else the caller's fallback. */
  private boolean boolDefault(String flagKey, boolean fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null && v.asBoolean != null ? v.asBoolean : fallback;
  }

  private String stringDefault(String flagKey, String fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null ? v.value : fallback;
  }

  private int intDefault(String flagKey, int fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null && v.isInt() ? v.asLong.intValue() : fallback;
  }

  private long longDefault(String flagKey, long fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null && v.asLong != null ? v.asLong : fallback;
  }

  private double doubleDefault(String flagKey, double fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null && v.asDouble == v.asDouble ? v.asDouble : fallback;
  }

  private String jsonDefault(String flagKey, String fallback) {
    Variation v = configuredDefault(flagKey);
    return v != null && v.isJson() ? v.value : fallback;
  }

  private Object jsonValueDefault(String flagKey, Object fallback) {
    Variation v = configuredDefault(flagKey);
    if (v != null && v.isJson()) {
      try {
        return Json.readPlain(v.value);
      } catch (IOException | RuntimeException e) {
        // isJson() said it parses
      }
    }
    return fallback;
  }

  /** The per-flag default of the configuration, or null (one field check when none is configured). */
  private Variation configuredDefault(String flagKey) {
    Map<String, Variation> d = defaults;
    return d == null || flagKey == null ? null : d.get(flagKey);
  }

  // ------------------------------------------------------------------------------------- events

  /**
   * Records a custom metric with value 1.0 (works before readiness; see {@link #trackMetric(FBUser, String, double)}).
   *
   * @param user the user the metric is about
   * @param eventName the metric's event name, as defined in FeatBit
   */
  public void trackMetric(FBUser user, String eventName) {
    trackMetric(user, eventName, 1.0);
  }

  /**
   * Records a custom metric ({@code CustomEvent} insight) for experiments. Never blocks: the event is queued
   * and sent in the background. Ignored (with a warning once) for a missing user or blank key, a blank event
   * name or a non-finite value; nothing is recorded offline, with events disabled, or after {@link #close()}.
   *
   * @param user the user the metric is about
   * @param eventName the metric's event name, as defined in FeatBit
   * @param value the metric's numeric value
   */
  public void trackMetric(FBUser user, String eventName, double value) {
    if (!eventsOpen) {
      return;
    }
    if (user == null || DotNetText.isNullOrWhiteSpace(user.key()) || eventName == null
        || eventName.trim().isEmpty() || Double.isNaN(value) || Double.isInfinite(value)) {
      if (logOnce.first("bad-track")) {
        LOG.warn("trackMetric ignored: it needs a user with a key, an event name and a finite value");
      }
      return;
    }
    try {
      events.metric(user, eventName, value);
    } catch (RuntimeException e) {
      if (logOnce.first("event-sink")) {
        LOG.error("Recording a metric failed: {}", e.toString());
      }
    }
  }

  /**
   * Records several metrics for one user (one event each, same timestamp).
   *
   * @param user the user the metrics are about
   * @param metrics event name to numeric value
   */
  public void trackMetrics(FBUser user, java.util.Map<String, Double> metrics) {
    if (metrics == null) {
      return;
    }
    for (java.util.Map.Entry<String, Double> m : metrics.entrySet()) {
      trackMetric(user, m.getKey(), m.getValue() == null ? Double.NaN : m.getValue());
    }
  }

  /**
   * Sends a user-only insight that registers or updates the end user and its attributes on the server.
   *
   * @param user the user to register
   */
  public void identify(FBUser user) {
    if (!eventsOpen || eventProcessor == null || user == null || DotNetText.isNullOrWhiteSpace(user.key())) {
      return;
    }
    eventProcessor.identify(user);
  }

  /** Asks for the queued events to be sent now; returns at once. */
  public void flush() {
    if (eventProcessor != null) {
      eventProcessor.flush();
    }
  }

  /**
   * Waits until the events accepted before this call have been sent or have finally failed, at most
   * {@code timeout}; returns {@code false} if the time ran out (delivery then continues in the background).
   * "Completed" is not "delivered": see {@link #eventStats()}.
   *
   * @param timeout the longest time to wait
   * @return {@code true} if every such event was sent or has finally failed in time
   */
  public boolean flushAndWait(Duration timeout) {
    return eventProcessor == null || eventProcessor.flushAndWait(timeout == null ? Duration.ZERO : timeout);
  }

  /**
   * Event counters (all zero offline or with events disabled).
   *
   * @return the counters at the time of the call
   */
  public EventStats eventStats() {
    return eventProcessor == null ? new EventStats(0, 0, 0, 0) : eventProcessor.stats();
  }

  /**
   * Typed evaluations counted by reason since the client started, when
   * {@link FBConfig.Builder#evaluationMetrics(boolean)} is on; otherwise all zero with
   * {@link EvaluationStats#isEnabled()} {@code false}.
   *
   * @return the counters at the time of the call
   */
  public EvaluationStats evaluationStats() {
    return evaluationMetrics ? new EvaluationStats(true, evaluationCounter.snapshot()) : EvaluationStats.disabled();
  }

  // ------------------------------------------------------------------------------------- bulk

  /**
   * Evaluates every active flag for {@code user} from one snapshot, without events and without type
   * conversion (spec 6.14). Not gated on readiness: it returns whatever data is committed (an empty result
   * before the first data set). An unusable user gives an empty, invalid result.
   *
   * @param user the user to evaluate for
   * @return the detail of every active flag, or an invalid, empty result when {@code user} is unusable
   */
  public AllFlagStates getAllLatestFlagVariations(FBUser user) {
    if (user == null || DotNetText.isNullOrWhiteSpace(user.key())) {
      return AllFlagStates.invalid("user not specified");
    }
    Snapshot s = store.snapshot();
    CompiledFlag[] flags = s.activeFlagsSorted();
    int n = flags.length;
    String[] keys = new String[n];
    @SuppressWarnings({"unchecked", "rawtypes"})
    EvalDetail<String>[] details = new EvalDetail[n];
    String[] types = new String[n];
    CompiledSegment[] segments = s.segmentTable();
    for (int i = 0; i < n; i++) {
      CompiledFlag f = flags[i];
      Outcome o;
      try {
        o = f.evaluate(user, segments);
      } catch (Defect d) {
        if (d.firstReport()) {
          EVAL_LOG.error("Flag '{}' (version {}) has malformed data: {}", f.key, f.version, d.getMessage());
        }
        o = d.fallback;
      } catch (BoundedRegex.BudgetExceeded e) {
        o = REGEX_BUDGET;
      } catch (RuntimeException | StackOverflowError e) {
        o = Fallback.UNEXPECTED_ERROR;
      }
      keys[i] = f.key;
      types[i] = f.variationType;
      details[i] = o.isServed() ? ((Served) o).rawDetail() : fallback(f.key, "", o);
    }
    return new AllFlagStates(true, "", keys, details, types);
  }

  // ------------------------------------------------------------------------------------- lifecycle

  /**
   * Readiness and health of synchronisation.
   *
   * @return the client's status provider
   */
  public DataUpdateStatusProvider dataUpdateStatusProvider() {
    return status;
  }

  /**
   * Flag-change and value-change listeners.
   *
   * @return the client's flag tracker
   */
  public FlagTracker flagTracker() {
    return flagTracker;
  }

  /**
   * Stops synchronisation and event delivery and releases resources: no connection, request or callback
   * starts after it returns (callbacks already queued may finish). Idempotent and thread-safe, callable from a
   * listener; data already loaded stays evaluable (without events).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    eventsOpen = false;
    status.closed();
    updater.close();
    if (dataSource != null) {
      try {
        dataSource.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the data source failed: {}", e.toString());
      }
    }
    events.close();
    if (snapshotStore != null) {
      snapshotStore.close(config.shutdownTimeout().toMillis());
    }
    if (persistent != null) {
      persistent.close(config.shutdownTimeout().toMillis());
    }
    ctx.close();
    listeners.close(1000);
    LOG.info("Client closed");
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once {@code close()} was called
   */
  public boolean isClosed() {
    return closed.get();
  }
}
