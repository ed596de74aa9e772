package dev.featbit.sdk.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.DataUpdateStatus.State;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.testing.TestData;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BootstrapDataSourceTest {
  ListenerDispatcher listeners;
  DataStore store;
  DataUpdater updater;

  @BeforeEach
  void setUp() {
    listeners = new ListenerDispatcher();
    store = new DataStore(new Compiler(100_000));
    updater = new DataUpdater(store, new StatusManager(listeners, State.READY),
        new FlagTrackerImpl(listeners, (s, k, u) -> null, store::snapshot));
  }

  @AfterEach
  void tearDown() {
    listeners.close(1000);
  }

  @Test
  void commitsDataAlreadyParsedWithoutTheText() throws Exception {
    DataSyncMessage parsed = DataSyncMessage.parseBootstrap(TestData.full(TestData.boolFlag("parsed")));
    // the text is another data set: the parsed data is what is committed, the text is not read again
    new BootstrapDataSource(updater, TestData.full(TestData.boolFlag("text")), parsed, 1_000_000).start();
    assertThat(store.snapshot().flag("parsed")).isNotNull();
    assertThat(store.snapshot().flag("text")).isNull();
    assertThat(store.snapshot().initialized).isTrue();
  }

  @Test
  void parsesTheTextWhenNothingWasParsed() {
    new BootstrapDataSource(updater, TestData.full(TestData.boolFlag("text")), null, 1_000_000).start();
    assertThat(store.snapshot().flag("text")).isNotNull();
  }

  @Test
  void releasesTheParsedDataOnceLoaded() throws Exception {
    WeakReference<DataSyncMessage> ref;
    BootstrapDataSource source;
    {
      DataSyncMessage parsed = DataSyncMessage.parseBootstrap(TestData.full(TestData.boolFlag("f")));
      ref = new WeakReference<>(parsed);
      source = new BootstrapDataSource(updater, null, parsed, 1_000_000);
    }
    source.start();
    assertThat(store.snapshot().flag("f")).isNotNull();
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
    }
    assertThat(ref.get()).as("parsed bootstrap data still reachable").isNull();
    assertThat(source).isNotNull();
  }
}
