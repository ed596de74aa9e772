package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.DataUpdateStatusProvider;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.testkit.Secrets;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testsupport.AllowLogs;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.OpenFeatureError;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness, rejection, stale/ready, configuration changes and shutdown, through the OpenFeature API. */
@AllowLogs({"featbit.sync", "dev.openfeature.sdk"})
class LifecycleTest extends ProviderTestBase {
  static final EvaluationContext USER = new ImmutableContext("user-1");

  @Test
  void readyAfterTheFirstFullDataSet() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider provider = new FeatBitProvider(config().build());
    assertThat(provider.initTimeout()).isEqualTo(T);
    api.setProviderAndWait(provider);
    Client client = api.getClient();
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(next(ProviderEvent.PROVIDER_READY).getProviderName()).isEqualTo("FeatBit");
    assertThat(client.getBooleanValue("flag-a", false, USER)).isTrue();
    assertThat(provider.getFeatBitClient().isInitialized()).isTrue();
    assertThat(server.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void constructorDoesNotBlockAndInitializeWaitsForData() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    server.delayAnswers(Duration.ofSeconds(1));
    FeatBitProvider provider = new FeatBitProvider(config().build()); // startWait 10 s: a blocking constructor
    assertThat(provider.getFeatBitClient().isInitialized()).isFalse(); // would return with data
    api.setProviderAndWait(provider);
    assertThat(provider.getFeatBitClient().isInitialized()).isTrue();
    assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.READY);
  }

  @Test
  void timeoutIsErrorThenReadyWhenDataArrives() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    server.refuseConnections(503, null);
    FeatBitProvider provider = new FeatBitProvider(config().build(),
        FeatBitProviderOptions.builder().initTimeout(Duration.ofMillis(300)).build());
    assertThat(provider.initTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> api.setProviderAndWait(provider))
        .isInstanceOf(ProviderNotReadyError.class)
        .satisfies(e -> assertThat(((OpenFeatureError) e).getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY))
        .hasMessageContaining("300 ms")
        .hasMessageNotContaining(server.secret());
    Client client = api.getClient();
    assertThat(next(ProviderEvent.PROVIDER_ERROR).getMessage()).contains("no flag data");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.ERROR);
    // ERROR does not short-circuit: the provider answers with the SDK's CLIENT_NOT_READY fallback
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("flag-a", false, USER);
    assertThat(d.getValue()).isFalse();
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);

    server.refuseConnections(0, null);
    next(ProviderEvent.PROVIDER_READY);
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(client.getBooleanValue("flag-a", false, USER)).isTrue();
    assertThat(events.get(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED)).isEmpty();
  }

  @Test
  void zeroInitTimeoutFailsFastWhenNoDataYet() {
    server.refuseConnections(503, null);
    FeatBitProvider provider = new FeatBitProvider(config().startWait(Duration.ZERO).build());
    assertThat(provider.initTimeout()).isZero();
    assertThatThrownBy(() -> api.setProviderAndWait(provider)).isInstanceOf(ProviderNotReadyError.class);
  }

  @Test
  void rejectedSecretIsFatal() throws Exception {
    String wrongSecret = Secrets.newSecret();
    FeatBitProvider provider = new FeatBitProvider(FBConfig.builder(wrongSecret)
        .streamingUrl(server.streamingUrl()).startWait(T).disableEvents().build());
    assertThatThrownBy(() -> api.setProviderAndWait(provider))
        .isInstanceOf(FatalError.class)
        .satisfies(e -> assertThat(((OpenFeatureError) e).getErrorCode()).isEqualTo(ErrorCode.PROVIDER_FATAL))
        .hasMessageContaining("4003")
        .hasMessageNotContaining(wrongSecret);
    Client client = api.getClient();
    assertThat(client.getProviderState()).isEqualTo(ProviderState.FATAL);
    assertThat(next(ProviderEvent.PROVIDER_ERROR).getMessage()).contains("rejected");
    assertThat(server.rejectedConnections()).isEqualTo(1);
    // OpenFeature short-circuits a FATAL provider ...
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("flag-a", true, USER);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_FATAL);
    // ... and the provider itself says the same when called directly
    assertThat(provider.getBooleanEvaluation("flag-a", true, USER).getErrorCode()).isEqualTo(ErrorCode.PROVIDER_FATAL);
  }

  @Test
  void rejectionAfterReadyEmitsFatalError() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    api.setProviderAndWait(new FeatBitProvider(config().build()));
    server.closeAll(4003, "secret revoked");
    EventDetails e = next(ProviderEvent.PROVIDER_ERROR);
    assertThat(e.getMessage()).contains("4003");
    assertThat(e.getEventMetadata().getString(FeatBitProvider.METADATA_ERROR_CODE)).isEqualTo("PROVIDER_FATAL");
    assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.FATAL);
    assertThat(api.getClient().getBooleanDetails("flag-a", false, USER).getErrorCode())
        .isEqualTo(ErrorCode.PROVIDER_FATAL);
  }

  @Test
  void staleWhenTheServerStopsAndReadyAgainAfterRestart() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider provider = new FeatBitProvider(config().pingInterval(Duration.ofMillis(200)).build());
    api.setProviderAndWait(provider);
    Client client = api.getClient();
    next(ProviderEvent.PROVIDER_READY);

    server.stop(); // noticed at once, or by the liveness check (3 x 200 ms)
    EventDetails stale = next(ProviderEvent.PROVIDER_STALE);
    assertThat(stale.getMessage()).contains("interrupted");
    assertThat(client.getProviderState()).isEqualTo(ProviderState.STALE);
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("flag-a", false, USER);
    assertThat(d.getValue()).as("the last data is still served").isTrue();
    assertThat(d.getErrorCode()).isNull();

    server.restart();
    next(ProviderEvent.PROVIDER_READY);
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    assertThat(provider.getFeatBitClient().dataUpdateStatusProvider().state())
        .isEqualTo(DataUpdateStatus.State.READY);
  }

  @Test
  void configurationChangedWithTheChangedFlagKeys() throws Exception {
    server.load(TestFlag.bool("flag-a"), TestFlag.strings("theme", "light", "dark"));
    api.setProviderAndWait(new FeatBitProvider(config().build()));
    Client client = api.getClient();
    BlockingQueue<EventDetails> clientLevel = new LinkedBlockingQueue<>();
    client.onProviderConfigurationChanged(clientLevel::add);

    server.upsertFlag(TestFlag.bool("flag-a").serve(false));
    EventDetails e = next(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
    assertThat(e.getFlagsChanged()).as("the initial data set is not a change").containsExactly("flag-a");
    assertThat(e.getProviderName()).isEqualTo("FeatBit");
    assertThat(client.getBooleanValue("flag-a", true, USER)).isFalse();
    EventDetails atClient = clientLevel.poll(T.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(atClient).isNotNull();
    assertThat(atClient.getFlagsChanged()).containsExactly("flag-a");

    server.archiveFlag("theme");
    assertThat(next(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED).getFlagsChanged()).containsExactly("theme");
    assertThat(client.getStringDetails("theme", "x", USER).getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void shutdownClosesTheClientTheProviderCreated() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider provider = new FeatBitProvider(config().build());
    assertThat(provider.closesClientOnShutdown()).isTrue();
    api.setProviderAndWait(provider);
    FBClient client = provider.getFeatBitClient();
    api.shutdown();
    assertThat(client.isClosed()).isTrue();
    assertThat(server.await(s -> s.openConnections() == 0, T)).isTrue();
    // a shut-down provider cannot start again; calls on it never throw
    assertThatThrownBy(() -> provider.initialize(USER)).isInstanceOf(FatalError.class);
    provider.shutdown();
    provider.track("x", USER, null);
    assertThat(provider.getBooleanEvaluation("flag-a", false, USER).getValue()).isTrue();
  }

  @Test
  void wrappedClientStaysOpenUnlessHandedOver() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    try (FBClient shared = new FBClient(config().build())) {
      FeatBitProvider provider = new FeatBitProvider(shared);
      assertThat(provider.closesClientOnShutdown()).isFalse();
      assertThat(provider.getFeatBitClient()).isSameAs(shared);
      api.setProviderAndWait(provider);
      assertThat(api.getClient().getBooleanValue("flag-a", false, USER)).isTrue();
      api.shutdown();
      assertThat(shared.isClosed()).isFalse();
      assertThat(shared.dataUpdateStatusProvider().state()).isEqualTo(DataUpdateStatus.State.READY);

      // the same client under a new provider, this time handed over
      FeatBitProvider owner = new FeatBitProvider(shared,
          FeatBitProviderOptions.builder().closeClientOnShutdown(true).build());
      api.setProviderAndWait(owner);
      assertThat(api.getClient().getBooleanValue("flag-a", false, USER)).isTrue();
      api.shutdown();
      assertThat(shared.isClosed()).isTrue();
    }
  }

  @Test
  void ownedClientCanBeKeptOpen() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider provider = new FeatBitProvider(config().build(),
        FeatBitProviderOptions.builder().closeClientOnShutdown(false).build());
    try (FBClient client = provider.getFeatBitClient()) {
      api.setProviderAndWait(provider);
      api.shutdown();
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void replacingTheProviderShutsTheOldOneDown() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider first = new FeatBitProvider(config().build());
    api.setProviderAndWait(first);
    FeatBitProvider second = new FeatBitProvider(config().build());
    api.setProviderAndWait(second);
    assertThat(awaitState(first.getFeatBitClient(), DataUpdateStatus.State.CLOSED)).isTrue();
    assertThat(first.getFeatBitClient().isClosed()).isTrue();
    assertThat(second.getFeatBitClient().isClosed()).isFalse();
    assertThat(api.getClient().getBooleanValue("flag-a", false, USER)).isTrue();
  }

  @Test
  void wrappingAStaleClientStartsStale() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    // a short ping interval: a dropped socket is not always reported, the liveness check always notices
    try (FBClient shared = new FBClient(config().pingInterval(Duration.ofMillis(200)).build())) {
      server.stop();
      assertThat(awaitState(shared, DataUpdateStatus.State.STALE)).isTrue();
      api.setProviderAndWait(new FeatBitProvider(shared));
      next(ProviderEvent.PROVIDER_READY);
      next(ProviderEvent.PROVIDER_STALE);
      assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.STALE);
      assertThat(api.getClient().getBooleanValue("flag-a", false, USER)).isTrue();
      server.restart();
      next(ProviderEvent.PROVIDER_READY);
      assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.READY);
    }
  }

  @Test
  void closingTheWrappedClientUnderneathIsFatal() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FBClient shared = new FBClient(config().build());
    api.setProviderAndWait(new FeatBitProvider(shared));
    shared.close();
    EventDetails e = next(ProviderEvent.PROVIDER_ERROR);
    assertThat(e.getMessage()).contains("closed");
    assertThat(e.getEventMetadata().getString(FeatBitProvider.METADATA_ERROR_CODE)).isEqualTo("PROVIDER_FATAL");
    assertThat(api.getClient().getProviderState()).isEqualTo(ProviderState.FATAL);
  }

  @Test
  void eventsReachOpenFeatureInOrderWhileItsLockIsBusy() throws Exception {
    server.load(TestFlag.bool("flag-a"));
    FeatBitProvider provider = new FeatBitProvider(config().pingInterval(Duration.ofMillis(200)).build());
    api.setProviderAndWait(provider);
    next(ProviderEvent.PROVIDER_READY);

    // another domain's provider initializes slowly: OpenFeature holds its write lock, so emissions queue up
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch initializing = new CountDownLatch(1);
    FeatureProvider slow = new NoOpProvider() {
      @Override
      public void initialize(EvaluationContext ctx) throws Exception {
        initializing.countDown();
        release.await(T.toMillis(), TimeUnit.MILLISECONDS);
      }
    };
    Thread setter = new Thread(() -> api.setProviderAndWait("slow-domain", slow), "test-slow-provider");
    setter.setDaemon(true);
    setter.start();
    assertThat(initializing.await(T.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    server.stop();
    assertThat(awaitState(provider.getFeatBitClient(), DataUpdateStatus.State.STALE)).isTrue();
    server.restart();
    assertThat(awaitState(provider.getFeatBitClient(), DataUpdateStatus.State.READY)).isTrue();
    release.countDown();
    setter.join(T.toMillis());
    assertThat(setter.isAlive()).isFalse();

    assertThat(next(ProviderEvent.PROVIDER_STALE).getProviderName()).isEqualTo("FeatBit");
    // STALE then READY reach OpenFeature's state machine in this order: the READY handler sees the client READY
    EventDetails ready;
    do {
      ready = next(ProviderEvent.PROVIDER_READY);
    } while (!"FeatBit".equals(ready.getProviderName()));
    Client client = api.getClient();
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
  }

  @Test
  void offlineWithBootstrapJson() throws Exception {
    String bootstrap = dataSet(doc(TestFlag.strings("theme", "light", "dark").serve("dark")),
        doc(TestFlag.of("limits", "json", "{\"max\":3}", "{}")));
    FeatBitProvider provider = new FeatBitProvider(FBConfig.builder(null).offline(true).bootstrap(bootstrap).build());
    api.setProviderAndWait(provider);
    Client client = api.getClient();
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    FlagEvaluationDetails<String> d = client.getStringDetails("theme", "light", USER);
    assertThat(d.getValue()).isEqualTo("dark");
    assertThat(d.getVariant()).isEqualTo("theme-v1");
    assertThat(d.getReason()).isEqualTo("DEFAULT");
    assertThat(client.getObjectValue("limits", null, USER).asStructure().getValue("max").asInteger()).isEqualTo(3);
    client.track("offline-metric", USER); // offline: nothing is sent, nothing fails
    assertThat(server.upgradeAttempts()).isZero();
  }
}
