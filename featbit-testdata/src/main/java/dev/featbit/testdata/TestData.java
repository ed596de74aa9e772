package dev.featbit.testdata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceFactory;
import dev.featbit.sdk.spi.DataSourceUpdates;
import dev.featbit.testkit.TestFlag;
import dev.featbit.testkit.TestSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory data source for tests: flags and segments defined in code, changed at run time, with no server,
 * no socket and no thread of its own.
 *
 * <pre>{@code
 * TestData flags = TestData.dataSource();
 * flags.update(TestFlag.bool("new-checkout").serve(false).targets(true, "qa-1"));
 * try (FBClient client = new FBClient(flags.configBuilder().build())) {
 *   client.boolVariation("new-checkout", FBUser.builder("qa-1").build(), false);   // true
 *   flags.update(TestFlag.bool("new-checkout").serve(true));                         // seen at once
 * }
 * }</pre>
 *
 * <p>Every change goes through the client's normal commit path, on the calling thread: when {@link #update}
 * returns, evaluations of every client using this source see the change, and flag change and value change
 * listeners are notified as for a change pushed by a server. A client started with this source is ready at once
 * with the items defined so far (possibly none). Each change gets a new version (its {@code updatedAt}), later
 * than every version before. One instance can feed several clients. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TestData implements DataSourceFactory {
  private static final long BASE_MILLIS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, ObjectNode> flags = new LinkedHashMap<>();
  private final Map<String, ObjectNode> segments = new LinkedHashMap<>();
  private final List<Source> sources = new ArrayList<>();
  private long versions;

  private TestData() {}

  /**
   * A new, empty data source.
   *
   * @return the data source
   */
  public static TestData dataSource() {
    return new TestData();
  }

  /**
   * A configuration builder for a client fed by this source: {@code dataSync(Components.customDataSource(this))},
   * no events, no secret needed. Add what the test needs ({@code hooks}, {@code flagDefault}...), then
   * {@code build()}.
   *
   * @return a configuration builder
   */
  public FBConfig.Builder configBuilder() {
    return FBConfig.builder(null).dataSync(Components.customDataSource(this)).events(Components.noEvents());
  }

  /**
   * Adds or replaces a flag (by key) and commits it to every client using this source.
   *
   * @param flag the flag
   * @return this source
   * @throws NullPointerException if {@code flag} is null
   */
  public TestData update(TestFlag flag) {
    Objects.requireNonNull(flag, "flag");
    synchronized (lock) {
      ObjectNode doc = flag.toJson(nextVersion());
      flags.put(flag.key(), doc);
      push("[" + doc + "]", "[]");
    }
    return this;
  }

  /**
   * Adds or replaces a segment (by id) and commits it to every client using this source; flags whose rules
   * use it are reported as changed.
   *
   * @param segment the segment
   * @return this source
   * @throws NullPointerException if {@code segment} is null
   */
  public TestData update(TestSegment segment) {
    Objects.requireNonNull(segment, "segment");
    synchronized (lock) {
      ObjectNode doc = segment.toJson(nextVersion());
      segments.put(segment.id(), doc);
      push("[]", "[" + doc + "]");
    }
    return this;
  }

  /**
   * Removes a flag (it is archived, as a FeatBit server does): evaluations of it then answer "flag not
   * found".
   *
   * @param flagKey the flag's key
   * @return this source
   * @throws IllegalArgumentException if no flag with this key was defined
   */
  public TestData delete(String flagKey) {
    synchronized (lock) {
      ObjectNode doc = archive(flags, flagKey);
      push("[" + doc + "]", "[]");
    }
    return this;
  }

  /**
   * Removes a segment: the clients receive a complete data set without it, and flags whose rules refer to it
   * are reported as changed and then evaluate as the SDK evaluates a flag referring to a segment missing from
   * the data: the fallback, reason {@code ERROR} (a malformed flag).
   *
   * @param segmentId the segment's id
   * @return this source
   * @throws IllegalArgumentException if no segment with this id was defined
   */
  public TestData deleteSegment(String segmentId) {
    synchronized (lock) {
      if (segments.remove(segmentId) == null) {
        throw new IllegalArgumentException("no segment " + segmentId);
      }
      String full = full();
      for (Source s : sources) {
        if (s.started) {
          s.updates.apply(full);
        }
      }
    }
    return this;
  }

  private ObjectNode archive(Map<String, ObjectNode> docs, String id) {
    ObjectNode old = docs.get(id);
    if (old == null || old.path("isArchived").asBoolean()) {
      throw new IllegalArgumentException("no flag " + id);
    }
    ObjectNode doc = old.deepCopy();
    doc.put("isArchived", true);
    doc.put("updatedAt", nextVersion());
    docs.put(id, doc);
    return doc;
  }

  private String nextVersion() {
    return Instant.ofEpochMilli(BASE_MILLIS + ++versions).toString();
  }

  private void push(String flagsJson, String segmentsJson) {
    String patch = "{\"eventType\":\"patch\",\"featureFlags\":" + flagsJson + ",\"segments\":" + segmentsJson + "}";
    for (Source s : sources) {
      if (s.started) {
        s.updates.apply(patch);
      }
    }
  }

  private String full() {
    return "{\"eventType\":\"full\",\"featureFlags\":" + flags.values() + ",\"segments\":" + segments.values() + "}";
  }

  /**
   * Called by the client's constructor: the data source of one client.
   *
   * @param context the client's context
   * @param updates where the source commits
   * @return the data source
   */
  @Override
  public DataSource create(ComponentContext context, DataSourceUpdates updates) {
    Source s = new Source(updates);
    synchronized (lock) {
      sources.add(s);
    }
    return s;
  }

  private final class Source implements DataSource {
    final DataSourceUpdates updates;
    boolean started; // guarded by lock

    Source(DataSourceUpdates updates) {
      this.updates = updates;
    }

    @Override
    public void start() {
      synchronized (lock) {
        started = true;
        updates.apply(full());
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        sources.remove(this);
      }
    }
  }
}
