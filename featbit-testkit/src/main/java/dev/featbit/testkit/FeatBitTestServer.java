package dev.featbit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded server that speaks the FeatBit evaluation server's SDK protocol on 127.0.0.1, for tests of any
 * FeatBit server-side SDK and for local development. Built on Jetty 11.
 *
 * <ul>
 *   <li>{@code ws://127.0.0.1:port/streaming?type=server&token=...}: token validation exactly as the server
 *       ({@code type} must be {@code server}, {@code version} absent, 1 or 2, the token decodes to this server's
 *       secret and a timestamp within 30 s, otherwise the connection is accepted and closed with 4003);
 *       {@code data-sync} answered with {@code full} (timestamp 0) or {@code patch} (items newer than the
 *       timestamp, archived ones included); {@code ping} answered with {@code pong}; {@code echo} echoed;
 *       flag and segment changes pushed to every connection as patches.</li>
 *   <li>{@code GET /api/public/sdk/server/latest-all[?timestamp=]}: polling, with the {@code Authorization}
 *       check (structural, as the server; or exact with {@link #requireExactSecretOverHttp(boolean)}); an empty
 *       patch is a 200 with an empty body.</li>
 *   <li>{@code POST /api/public/insight/track}: records every batch for assertions.</li>
 * </ul>
 *
 * <p>Controls for tests: load data, upsert or archive flags and segments at run time, and fault injection
 * (drop connections, refuse upgrades with a status, delay answers, send raw text, close with a code, scripted
 * HTTP statuses with {@code Retry-After}, stop answering pings, stop and restart on the same port). All waits
 * take a timeout; nothing sleeps.
 *
 * <pre>{@code
 * try (FeatBitTestServer server = FeatBitTestServer.start()) {
 *   server.load(json);
 *   FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl()).build();
 *   ...
 *   server.upsertFlag(changedFlagJson);   // pushed to connected SDKs
 * }
 * }</pre>
 */
public final class FeatBitTestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.testkit");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The evaluation server's default token expiry. */
  public static final long TOKEN_EXPIRY_MILLIS = 30_000;

  private final String secret;
  private final KeyStore keyStore;
  private final char[] keyStorePassword;
  private final Object monitor = new Object();
  private final Set<Session> sessions = new CopyOnWriteArraySet<>();
  private final ScheduledExecutorService delayer;
  private Server server;
  private int port;

  // data, guarded by monitor
  private final Map<String, ObjectNode> flags = new LinkedHashMap<>();
  private final Map<String, ObjectNode> segments = new LinkedHashMap<>();
  private long lastAssignedVersion;

  // faults and behaviour
  private volatile int refuseStatus;
  private volatile String refuseRetryAfter;
  private volatile long answerDelayMillis;
  private volatile int trickleFragments;
  private volatile long trickleGapMillis;
  private volatile long upgradeDelayMillis;
  private volatile boolean answerPings = true;
  private volatile boolean exactHttpSecret;
  private final Deque<ScriptedResponse> insightScript = new ArrayDeque<>();
  private final Deque<ScriptedResponse> pollingScript = new ArrayDeque<>();

  // records, guarded by monitor
  private final List<RecordedRequest> insightRequests = new ArrayList<>();
  private final List<RecordedRequest> pollingRequests = new ArrayList<>();
  private final List<JsonNode> clientMessages = new ArrayList<>();
  private final List<String> userAgents = new ArrayList<>();
  private final List<RecordedRequest> upgradeRequests = new ArrayList<>();
  private int upgradeAttempts;
  private int acceptedConnections;
  private int rejectedConnections;

  private FeatBitTestServer(String secret, KeyStore keyStore, char[] keyStorePassword) {
    this.secret = secret;
    this.keyStore = keyStore;
    this.keyStorePassword = keyStorePassword == null ? null : keyStorePassword.clone();
    this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "featbit-testkit-delay");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a server with a new random secret on a free port.
   *
   * @return the running server; close it to stop it
   */
  public static FeatBitTestServer start() {
    return start(Secrets.newSecret(), 0);
  }

  /**
   * Starts a server for {@code secret} (a well-formed FeatBit env secret) on {@code port} (0 = free port).
   *
   * @param secret the env secret the server accepts
   * @param port the loopback port to listen on, {@code 0} for a free one
   * @return the running server; close it to stop it
   */
  public static FeatBitTestServer start(String secret, int port) {
    if (!Secrets.isWellFormed(secret)) {
      throw new IllegalArgumentException("secret is not a well-formed FeatBit env secret");
    }
    FeatBitTestServer s = new FeatBitTestServer(secret, null, null);
    s.startJetty(port);
    return s;
  }

  /**
   * Starts a server with a new random secret on a free port that serves TLS only ({@code wss://} and
   * {@code https://}) with the key and certificate of {@code keyStore}, for example
   * {@link SelfSignedCertificate#keyStore()}. Clients must trust that certificate.
   *
   * @param keyStore holds the server's private key and certificate chain
   * @param password the password of the key store and of its key
   * @return the started server
   * @throws IllegalStateException when the server cannot start (for example an unusable key store)
   */
  public static FeatBitTestServer startTls(KeyStore keyStore, char[] password) {
    return startTls(Secrets.newSecret(), 0, keyStore, password);
  }

  /**
   * Like {@link #startTls(KeyStore, char[])} for {@code secret} on {@code port} (0 = free port).
   *
   * @param secret a well-formed FeatBit env secret
   * @param port the port, or 0 for a free one
   * @param keyStore holds the server's private key and certificate chain
   * @param password the password of the key store and of its key
   * @return the started server
   * @throws IllegalArgumentException when the secret is not well formed
   * @throws IllegalStateException when the server cannot start
   */
  public static FeatBitTestServer startTls(String secret, int port, KeyStore keyStore, char[] password) {
    if (!Secrets.isWellFormed(secret)) {
      throw new IllegalArgumentException("secret is not a well-formed FeatBit env secret");
    }
    FeatBitTestServer s = new FeatBitTestServer(secret, java.util.Objects.requireNonNull(keyStore, "keyStore"),
        java.util.Objects.requireNonNull(password, "password"));
    s.startJetty(port);
    return s;
  }

  private void startJetty(int requestedPort) {
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("featbit-testkit");
    pool.setDaemon(true);
    Server s = new Server(pool);
    // Jetty's default scheduler thread is neither named for us nor a daemon: never keep a JVM alive
    s.addBean(new org.eclipse.jetty.util.thread.ScheduledExecutorScheduler("featbit-testkit-scheduler", true));
    ServerConnector connector;
    if (keyStore != null) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(keyStore);
      tls.setKeyStorePassword(new String(keyStorePassword));
      HttpConfiguration httpConfig = new HttpConfiguration();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // clients connect to 127.0.0.1, which is never sent as SNI
      httpConfig.addCustomizer(secure);
      connector = new ServerConnector(s, tls, new HttpConnectionFactory(httpConfig));
    } else {
      connector = new ServerConnector(s);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(requestedPort);
    s.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ApiServlet()), "/api/public/*");
    JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
      container.setMaxTextMessageSize(256L * 1024 * 1024);
      container.setIdleTimeout(Duration.ofHours(1));
      container.addMapping("/streaming", (req, resp) -> {
        Map<String, String> headers = new HashMap<>();
        req.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        int status = refuseStatus > 0 ? refuseStatus : 101;
        RecordedRequest recorded = new RecordedRequest("GET", req.getRequestURI().getPath(), req.getQueryString(), headers, "",
            null, status);
        synchronized (monitor) {
          upgradeAttempts++;
          userAgents.add(req.getHeader("User-Agent"));
          upgradeRequests.add(recorded);
          monitor.notifyAll();
        }
        long hold = upgradeDelayMillis;
        if (hold > 0) {
          try {
            Thread.sleep(hold); // a slow handshake: this upgrade's answer is held, on its own Jetty thread
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
        int refuse = refuseStatus;
        if (refuse > 0) {
          try {
            if (refuseRetryAfter != null) {
              resp.setHeader("Retry-After", refuseRetryAfter);
            }
            resp.sendError(refuse, "refused by the test server");
          } catch (IOException e) {
            LOG.debug("refusing an upgrade failed", e);
          }
          return null;
        }
        return new StreamingEndpoint(req.getParameterMap());
      });
    });
    s.setHandler(context);
    s.setStopTimeout(0);
    try {
      s.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test server on port " + requestedPort + ": " + e, e);
    }
    server = s;
    port = connector.getLocalPort();
    LOG.info("FeatBit test server listening on 127.0.0.1:{}", port);
  }

  // ------------------------------------------------------------------------------------------ addresses

  /**
   * The env secret this server accepts.
   *
   * @return the secret
   */
  public String secret() {
    return secret;
  }

  /**
   * The loopback port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * {@code ws://127.0.0.1:port} (the SDK's streaming URL); {@code wss://} for a TLS server.
   *
   * @return the streaming base URL to give the SDK
   */
  public String streamingUrl() {
    return (keyStore != null ? "wss" : "ws") + "://127.0.0.1:" + port;
  }

  /**
   * {@code http://127.0.0.1:port} (the SDK's events and polling URL); {@code https://} for a TLS server.
   *
   * @return the HTTP base URL to give the SDK
   */
  public String httpUrl() {
    return (keyStore != null ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /**
   * Whether this server serves TLS ({@link #startTls(KeyStore, char[])}).
   *
   * @return true for a TLS server
   */
  public boolean isTls() {
    return keyStore != null;
  }

  // ------------------------------------------------------------------------------------------ data

  /**
   * Replaces all flags and segments with a data-sync message, a {@code latest-all} body or a bare
   * {@code {"featureFlags": [...], "segments": [...]}} object. Nothing is pushed.
   *
   * @param json the new flag data
   */
  public void load(String json) {
    JsonNode root = parse(json);
    JsonNode data = root.has("data") ? root.get("data") : root;
    synchronized (monitor) {
      flags.clear();
      segments.clear();
      for (JsonNode f : data.path("featureFlags")) {
        flags.put(f.get("key").asText(), (ObjectNode) f.deepCopy());
        lastAssignedVersion = Math.max(lastAssignedVersion, version(f));
      }
      for (JsonNode s : data.path("segments")) {
        segments.put(s.get("id").asText(), (ObjectNode) s.deepCopy());
        lastAssignedVersion = Math.max(lastAssignedVersion, version(s));
      }
    }
  }

  /**
   * Loads flags built with {@link TestFlag}.
   *
   * @param testFlags the flags that replace all stored flags and segments
   */
  public void load(TestFlag... testFlags) {
    synchronized (monitor) {
      flags.clear();
      segments.clear();
      for (TestFlag f : testFlags) {
        ObjectNode doc = f.toJson(nextVersionIso());
        flags.put(doc.get("key").asText(), doc);
      }
    }
  }

  /**
   * Inserts or replaces a flag, giving it a new {@code updatedAt} (later than anything before), and pushes it
   * to every connected SDK as a patch. Returns the stored document.
   *
   * @param flagJson the flag document as JSON text
   * @return the stored flag document, with its new {@code updatedAt}
   */
  public JsonNode upsertFlag(String flagJson) {
    return upsertFlag((ObjectNode) parse(flagJson));
  }

  /**
   * Like {@link #upsertFlag(String)}.
   *
   * @param flag the flag to store
   * @return the stored flag document, with its new {@code updatedAt}
   */
  public JsonNode upsertFlag(TestFlag flag) {
    return upsertFlag(flag.toJson(Instant.EPOCH.toString()));
  }

  /**
   * Like {@link #upsertFlag(String)}.
   *
   * @param flag the flag document (copied)
   * @return the stored flag document, with its new {@code updatedAt}
   */
  public JsonNode upsertFlag(ObjectNode flag) {
    return store(flags, "key", flag.deepCopy(), true);
  }

  /**
   * Archives a flag (new {@code updatedAt}, {@code isArchived: true}) and pushes it.
   *
   * @param key the key of the flag to archive
   */
  public void archiveFlag(String key) {
    archive(flags, "key", key, true);
  }

  /**
   * Inserts or replaces a segment (new {@code updatedAt}) and pushes it.
   *
   * @param segmentJson the segment document as JSON text
   * @return the stored segment document, with its new {@code updatedAt}
   */
  public JsonNode upsertSegment(String segmentJson) {
    return store(segments, "id", (ObjectNode) parse(segmentJson), false);
  }

  /**
   * Inserts or replaces a segment built with {@link TestSegment} (new {@code updatedAt}) and pushes it.
   *
   * @param segment the segment to store
   * @return the stored segment document, with its new {@code updatedAt}
   */
  public JsonNode upsertSegment(TestSegment segment) {
    return upsertSegment(segment.toJson("2000-01-01T00:00:00Z").toString());
  }

  /**
   * Archives a segment and pushes it.
   *
   * @param id the id of the segment to archive
   */
  public void archiveSegment(String id) {
    archive(segments, "id", id, false);
  }

  private void archive(Map<String, ObjectNode> docs, String idField, String id, boolean flag) {
    ObjectNode doc;
    synchronized (monitor) {
      doc = docs.get(id);
      if (doc == null) {
        throw new IllegalArgumentException("no " + (flag ? "flag " : "segment ") + id);
      }
      doc = doc.deepCopy();
    }
    doc.put("isArchived", true);
    store(docs, idField, doc, flag);
  }

  /** Stores a document with a new {@code updatedAt} and pushes it to every connection as a patch. */
  private JsonNode store(Map<String, ObjectNode> docs, String idField, ObjectNode doc, boolean flag) {
    String text;
    synchronized (monitor) {
      doc.put("updatedAt", nextVersionIso());
      docs.put(doc.get(idField).asText(), doc);
      text = flag ? patchMessage(List.of(doc), List.of()) : patchMessage(List.of(), List.of(doc));
    }
    pushToAll(text);
    return doc;
  }

  /**
   * Replaces the data with {@code json} (same shapes as {@link #load(String)}) the way a FeatBit server
   * would publish the edits: every flag or segment that is new or differs from the stored one (ignoring
   * {@code updatedAt}) is stored with a new {@code updatedAt}; every active one missing from {@code json} is
   * archived; all of it is pushed to every connected SDK as one patch. Returns what changed.
   *
   * @throws IllegalArgumentException when {@code json} is not JSON or an item has no key/id
   * @param json the new flag data
   * @return the keys and ids of the updated and archived flags and segments
   */
  public DataChanges replaceData(String json) {
    JsonNode root = parse(json);
    JsonNode data = root.has("data") ? root.get("data") : root;
    Map<String, ObjectNode> newFlags = index(data.path("featureFlags"), "key");
    Map<String, ObjectNode> newSegments = index(data.path("segments"), "id");
    List<JsonNode> pushedFlags = new ArrayList<>();
    List<JsonNode> pushedSegments = new ArrayList<>();
    DataChanges changes = new DataChanges();
    String text;
    synchronized (monitor) {
      diff(flags, newFlags, pushedFlags, changes.updatedFlags, changes.archivedFlags);
      diff(segments, newSegments, pushedSegments, changes.updatedSegments, changes.archivedSegments);
      if (pushedFlags.isEmpty() && pushedSegments.isEmpty()) {
        return changes;
      }
      text = patchMessage(pushedFlags, pushedSegments);
    }
    pushToAll(text);
    return changes;
  }

  private static Map<String, ObjectNode> index(JsonNode items, String idField) {
    Map<String, ObjectNode> m = new LinkedHashMap<>();
    for (JsonNode item : items) {
      JsonNode id = item.get(idField);
      if (!item.isObject() || id == null || !id.isTextual()) {
        throw new IllegalArgumentException("an item has no text \"" + idField + "\"");
      }
      m.put(id.asText(), (ObjectNode) item.deepCopy());
    }
    return m;
  }

  /** Under the monitor: applies {@code next} over {@code docs}, collecting what is to be pushed. */
  private void diff(Map<String, ObjectNode> docs, Map<String, ObjectNode> next, List<JsonNode> pushed,
      List<String> updated, List<String> archived) {
    for (Map.Entry<String, ObjectNode> e : next.entrySet()) {
      ObjectNode current = docs.get(e.getKey());
      if (current != null && sameIgnoringVersion(current, e.getValue())) {
        continue;
      }
      ObjectNode doc = e.getValue();
      doc.put("updatedAt", nextVersionIso());
      docs.put(e.getKey(), doc);
      pushed.add(doc);
      updated.add(e.getKey());
    }
    for (Map.Entry<String, ObjectNode> e : docs.entrySet()) {
      if (!next.containsKey(e.getKey()) && !e.getValue().path("isArchived").asBoolean(false)) {
        ObjectNode doc = e.getValue().deepCopy();
        doc.put("isArchived", true);
        doc.put("updatedAt", nextVersionIso());
        e.setValue(doc);
        pushed.add(doc);
        archived.add(e.getKey());
      }
    }
  }

  private static boolean sameIgnoringVersion(ObjectNode a, ObjectNode b) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    x.remove("updatedAt");
    y.remove("updatedAt");
    return x.equals(y);
  }

  /** What {@link #replaceData(String)} changed. */
  public static final class DataChanges {
    /** Keys of the flags stored with a new {@code updatedAt}. */
    public final List<String> updatedFlags = new ArrayList<>();
    /** Keys of the flags archived because the new data no longer holds them. */
    public final List<String> archivedFlags = new ArrayList<>();
    /** Ids of the segments stored with a new {@code updatedAt}. */
    public final List<String> updatedSegments = new ArrayList<>();
    /** Ids of the segments archived because the new data no longer holds them. */
    public final List<String> archivedSegments = new ArrayList<>();

    /**
     * Whether nothing changed (nothing was then pushed).
     *
     * @return {@code true} when all four lists are empty
     */
    public boolean isEmpty() {
      return updatedFlags.isEmpty() && archivedFlags.isEmpty() && updatedSegments.isEmpty()
          && archivedSegments.isEmpty();
    }

    @Override
    public String toString() {
      return "flags updated " + updatedFlags + ", archived " + archivedFlags + "; segments updated "
          + updatedSegments + ", archived " + archivedSegments;
    }
  }

  /**
   * The keys of all stored flags (archived ones included), in insertion order.
   *
   * @return a new list of flag keys
   */
  public List<String> flagKeys() {
    synchronized (monitor) {
      return new ArrayList<>(flags.keySet());
    }
  }

  /**
   * The stored segment document, or {@code null}.
   *
   * @param id the segment id
   * @return the segment document, or {@code null}
   */
  public JsonNode segment(String id) {
    synchronized (monitor) {
      ObjectNode s = segments.get(id);
      return s == null ? null : s.deepCopy();
    }
  }

  /**
   * Calls {@code listener} with every insight request after it is recorded (on the server's request thread;
   * keep it short). Replaces any previous listener; {@code null} removes it.
   *
   * @param listener called with each recorded insight request, or {@code null} to remove the listener
   */
  public void onInsight(java.util.function.Consumer<RecordedRequest> listener) {
    insightListener = listener;
  }

  private volatile java.util.function.Consumer<RecordedRequest> insightListener;

  /**
   * The stored flag document, or {@code null}.
   *
   * @param key the flag key
   * @return the flag document, or {@code null}
   */
  public JsonNode flag(String key) {
    synchronized (monitor) {
      ObjectNode f = flags.get(key);
      return f == null ? null : f.deepCopy();
    }
  }

  private String nextVersionIso() {
    long next = Math.max(System.currentTimeMillis(), lastAssignedVersion + 1);
    lastAssignedVersion = next;
    return Instant.ofEpochMilli(next).toString();
  }

  /** {@code updatedAt} in ms, truncated as the server does; 0 when absent or unreadable. */
  static long version(JsonNode doc) {
    JsonNode u = doc.get("updatedAt");
    if (u == null || !u.isTextual()) {
      return 0;
    }
    try {
      return OffsetDateTime.parse(u.asText()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(u.asText()).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e2) {
        return 0;
      }
    }
  }

  /** The server's answer to {@code data-sync} / {@code latest-all}: full for 0, else items newer than it. */
  private String dataSyncAnswer(long timestamp) {
    synchronized (monitor) {
      List<JsonNode> fs = new ArrayList<>();
      List<JsonNode> ss = new ArrayList<>();
      for (ObjectNode f : flags.values()) {
        if (timestamp == 0 || version(f) > timestamp) {
          fs.add(f);
        }
      }
      for (ObjectNode s : segments.values()) {
        if (timestamp == 0 || version(s) > timestamp) {
          ss.add(s);
        }
      }
      return message(timestamp == 0 ? "full" : "patch", fs, ss);
    }
  }

  private static String patchMessage(List<JsonNode> fs, List<JsonNode> ss) {
    return message("patch", fs, ss);
  }

  private static String message(String eventType, List<JsonNode> fs, List<JsonNode> ss) {
    ObjectNode root = JSON.createObjectNode();
    root.put("messageType", "data-sync");
    ObjectNode data = root.putObject("data");
    data.put("eventType", eventType);
    ArrayNode fa = data.putArray("featureFlags");
    fs.forEach(fa::add);
    ArrayNode sa = data.putArray("segments");
    ss.forEach(sa::add);
    return root.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------ faults

  /**
   * Answers every WebSocket upgrade with this HTTP status (0 restores normal service).
   *
   * @param httpStatus the status to answer upgrades with, {@code 0} to accept them again
   * @param retryAfter the {@code Retry-After} header of the refusals, or {@code null} for none
   */
  public void refuseConnections(int httpStatus, String retryAfter) {
    this.refuseRetryAfter = retryAfter;
    this.refuseStatus = httpStatus;
  }

  /**
   * Delays every data-sync answer and HTTP answer by {@code delay} (zero restores).
   *
   * @param delay how long to hold each answer
   */
  public void delayAnswers(Duration delay) {
    this.answerDelayMillis = delay.toMillis();
  }

  /**
   * Sends every data-sync answer as {@code fragments} WebSocket frames, {@code gap} apart: a large data set
   * on a slow link. Other messages wait for the fragmented one to finish. {@code fragments <= 1} restores
   * whole messages.
   *
   * @param fragments the number of frames per data-sync answer
   * @param gap the time between two frames
   */
  public void trickleDataSync(int fragments, Duration gap) {
    this.trickleGapMillis = gap.toMillis();
    this.trickleFragments = fragments;
  }

  /**
   * Holds every WebSocket upgrade for {@code delay} before answering it (a slow handshake; zero restores).
   *
   * @param delay how long to hold each upgrade
   */
  public void delayUpgrades(Duration delay) {
    this.upgradeDelayMillis = delay.toMillis();
  }

  /**
   * Whether pings get a pong (false simulates a half-open connection).
   *
   * @param answer {@code true} to answer pings (the default), {@code false} to leave them unanswered
   */
  public void answerPings(boolean answer) {
    this.answerPings = answer;
  }

  /**
   * HTTP endpoints accept only this server's exact secret (default: structural check, as the server).
   *
   * @param exact {@code true} to refuse every other secret on the polling and insight endpoints
   */
  public void requireExactSecretOverHttp(boolean exact) {
    this.exactHttpSecret = exact;
  }

  /**
   * The next insight requests get these answers, in order, then 200 again.
   *
   * @param responses the answers to give, one per request
   */
  public void scriptInsightResponses(ScriptedResponse... responses) {
    synchronized (monitor) {
      Collections.addAll(insightScript, responses);
    }
  }

  /**
   * The next polling requests get these answers, in order, then normal answers again.
   *
   * @param responses the answers to give, one per request
   */
  public void scriptPollingResponses(ScriptedResponse... responses) {
    synchronized (monitor) {
      Collections.addAll(pollingScript, responses);
    }
  }

  /**
   * Sends raw text (for example malformed JSON) to every connection.
   *
   * @param text the text frame to send
   */
  public void sendRawToAll(String text) {
    pushToAll(text);
  }

  /**
   * Closes every connection with a close frame.
   *
   * @param code the WebSocket close code (4003 rejects the secret, as the evaluation server does)
   * @param reason the close reason text
   */
  public void closeAll(int code, String reason) {
    for (Session s : sessions) {
      s.close(code, reason);
    }
  }

  /**
   * Drops every connection without a close frame (the SDK sees an abnormal closure).
   *
   * <p>The JDK's WebSocket client can miss an end of input that arrives within microseconds of the last
   * message's delivery (it is read while nothing is asked for, and lost). A client then notices the drop
   * by its liveness check, three ping intervals later: a test that drops a connection right after the
   * client received something should configure a short {@code pingInterval}, or use
   * {@link #closeAll(int, String)}, which a client always notices at once.
   */
  public void dropAllConnections() {
    for (Session s : sessions) {
      s.disconnect();
    }
    sessions.clear();
  }

  /** Stops listening (connections are dropped) and keeps the data; {@link #restart()} resumes on the same port. */
  public void stop() {
    Server s = server;
    if (s != null) {
      dropAllConnections(); // like a killed process: every socket goes away
      try {
        s.stop();
      } catch (Exception e) {
        LOG.debug("stop failed", e);
      }
      sessions.clear();
      server = null;
    }
  }

  /** Starts again on the same port after {@link #stop()}. */
  public void restart() {
    if (server == null) {
      startJetty(port);
    }
  }

  // ------------------------------------------------------------------------------------------ records

  /**
   * Insight batches received so far (every request, whatever the answer).
   *
   * @return a new list of the recorded requests
   */
  public List<RecordedRequest> insightRequests() {
    synchronized (monitor) {
      return new ArrayList<>(insightRequests);
    }
  }

  /**
   * Forgets the insight requests recorded so far and returns how many there were: for long runs that only need
   * counts (every batch keeps its body and parsed JSON otherwise).
   *
   * @return the number of requests forgotten
   */
  public int clearInsightRequests() {
    synchronized (monitor) {
      int n = insightRequests.size();
      insightRequests.clear();
      return n;
    }
  }

  /**
   * Polling requests received so far.
   *
   * @return a new list of the recorded requests
   */
  public List<RecordedRequest> pollingRequests() {
    synchronized (monitor) {
      return new ArrayList<>(pollingRequests);
    }
  }

  /**
   * Messages received from SDKs over WebSocket (parsed JSON), in order.
   *
   * @return a new list of the messages
   */
  public List<JsonNode> clientMessages() {
    synchronized (monitor) {
      return new ArrayList<>(clientMessages);
    }
  }

  /**
   * {@code User-Agent} headers of WebSocket upgrades, in order.
   *
   * @return a new list of the header values
   */
  public List<String> upgradeUserAgents() {
    synchronized (monitor) {
      return new ArrayList<>(userAgents);
    }
  }

  /**
   * The WebSocket upgrade requests received so far, in order, with their headers (lower-case names; repeated
   * headers joined with {@code ", "}) and the status they were answered with (101, or the refusal status).
   *
   * @return a copy of the recorded upgrade requests
   */
  public List<RecordedRequest> upgradeRequests() {
    synchronized (monitor) {
      return new ArrayList<>(upgradeRequests);
    }
  }

  /**
   * WebSocket upgrade requests received, whatever their outcome (refused, rejected or accepted).
   *
   * @return the number of upgrade requests since the server started
   */
  public int upgradeAttempts() {
    synchronized (monitor) {
      return upgradeAttempts;
    }
  }

  /**
   * Connections that passed validation.
   *
   * @return the number of accepted connections since the server started
   */
  public int acceptedConnections() {
    synchronized (monitor) {
      return acceptedConnections;
    }
  }

  /**
   * Connections closed with 4003.
   *
   * @return the number of rejected connections since the server started
   */
  public int rejectedConnections() {
    synchronized (monitor) {
      return rejectedConnections;
    }
  }

  /**
   * Currently open, validated connections.
   *
   * @return the number of open connections
   */
  public int openConnections() {
    return sessions.size();
  }

  /**
   * Waits until {@code condition} holds for this server, re-checking whenever something is recorded.
   *
   * @return whether it held before the timeout
   * @param condition the condition on this server
   * @param timeout the longest time to wait
   */
  public boolean await(Predicate<FeatBitTestServer> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!condition.test(this)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          monitor.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void record(Runnable r) {
    synchronized (monitor) {
      r.run();
      monitor.notifyAll();
    }
  }

  private void later(Runnable r) {
    long d = answerDelayMillis;
    if (d <= 0) {
      r.run();
    } else {
      delayer.schedule(r, d, TimeUnit.MILLISECONDS);
    }
  }

  private void pushToAll(String text) {
    for (Session s : sessions) {
      send(s, text);
    }
  }

  /**
   * Sends {@code text} in {@code fragments} frames {@code gap} apart from the delayer thread, holding the
   * session so that no other message interleaves with the fragments.
   */
  private void trickle(Session s, String text, int fragments, long gap) {
    int step = Math.max(1, (text.length() + fragments - 1) / fragments);
    delayer.execute(() -> {
      synchronized (s) {
        try {
          for (int from = 0; from < text.length() && s.isOpen(); from += step) {
            if (from > 0) {
              Thread.sleep(gap); // the slow link itself: the pause between two frames of one message
            }
            int to = Math.min(text.length(), from + step);
            s.getRemote().sendPartialString(text.substring(from, to), to == text.length());
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("trickled send failed: {}", e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }

  private static void send(Session s, String text) {
    synchronized (s) {
      if (!s.isOpen()) {
        return;
      }
      try {
        s.getRemote().sendString(text);
      } catch (IOException | RuntimeException e) {
        LOG.debug("send failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    stop();
    delayer.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------ endpoints

  /** Validation of the streaming request, as {@code RequestValidator.cs}. */
  private boolean valid(Map<String, List<String>> params) {
    List<String> type = params.getOrDefault("type", List.of());
    if (type.size() != 1 || !type.get(0).equals("server")) {
      return false;
    }
    List<String> version = params.getOrDefault("version", List.of());
    if (version.size() > 1 || (version.size() == 1 && !version.get(0).isEmpty() && !version.get(0).equals("1")
        && !version.get(0).equals("2"))) {
      return false;
    }
    List<String> token = params.getOrDefault("token", List.of());
    if (token.size() != 1 || token.get(0).trim().isEmpty()) {
      return false;
    }
    TokenDecoder.Decoded d = TokenDecoder.decode(token.get(0));
    if (d == null || d.secret.length() != 44 || !Secrets.isWellFormed(d.secret)) {
      return false;
    }
    if (Math.abs(System.currentTimeMillis() - d.timestamp) > TOKEN_EXPIRY_MILLIS) {
      return false;
    }
    return d.secret.equals(secret);
  }

  private final class StreamingEndpoint implements WebSocketListener {
    private final Map<String, List<String>> params;
    private Session session;

    StreamingEndpoint(Map<String, List<String>> params) {
      this.params = params;
    }

    @Override
    public void onWebSocketConnect(Session s) {
      this.session = s;
      if (!valid(params)) {
        record(() -> rejectedConnections++);
        s.close(4003, "invalid request, close by server");
        return;
      }
      sessions.add(s);
      record(() -> acceptedConnections++);
    }

    @Override
    public void onWebSocketText(String text) {
      JsonNode msg;
      try {
        msg = JSON.readTree(text);
      } catch (IOException e) {
        return; // the server logs and ignores invalid JSON
      }
      if (msg == null || !msg.has("messageType") || !msg.has("data")) {
        return;
      }
      record(() -> clientMessages.add(msg));
      String type = msg.get("messageType").asText().toLowerCase(Locale.ROOT);
      Session s = session;
      switch (type) {
        case "ping":
          if (answerPings) {
            send(s, "{\"messageType\":\"pong\",\"data\":{}}");
          }
          break;
        case "echo":
          send(s, text);
          break;
        case "data-sync":
          JsonNode data = msg.get("data");
          if (!data.isObject()) {
            return; // the server throws and drops the request
          }
          JsonNode ts = data.get("timestamp");
          long timestamp;
          if (ts == null) {
            timestamp = 0;
          } else if (!ts.isNumber()) {
            return; // null, strings: dropped without reply
          } else {
            timestamp = ts.canConvertToExactIntegral() ? ts.asLong() : 0;
          }
          int fragments = trickleFragments;
          if (fragments > 1) {
            later(() -> trickle(s, dataSyncAnswer(timestamp), fragments, trickleGapMillis));
          } else {
            later(() -> send(s, dataSyncAnswer(timestamp)));
          }
          break;
        default:
          break;
      }
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
      // not part of the protocol
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      sessions.remove(session);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      sessions.remove(session);
    }
  }

  private final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      Map<String, String> headers = new HashMap<>();
      for (String name : Collections.list(req.getHeaderNames())) {
        headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
      }
      String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String auth = req.getHeader("Authorization");
      boolean authorized = exactHttpSecret ? secret.equals(auth) : Secrets.isWellFormed(auth);
      if (path.equals("/api/public/sdk/server/latest-all") && req.getMethod().equals("GET")) {
        polling(req, resp, headers, body, authorized);
      } else if (path.equals("/api/public/insight/track") && req.getMethod().equals("POST")) {
        insight(req, resp, headers, body, authorized);
      } else {
        resp.setStatus(404);
      }
    }

    private void polling(HttpServletRequest req, HttpServletResponse resp, Map<String, String> headers, String body,
        boolean authorized) throws IOException {
      int status;
      String answer = null;
      ScriptedResponse scripted;
      synchronized (monitor) {
        scripted = pollingScript.poll();
      }
      String tsParam = req.getParameter("timestamp");
      long timestamp = 0;
      if (!authorized) {
        status = 401;
      } else if (scripted != null) {
        status = scripted.status;
        if (scripted.retryAfter != null) {
          resp.setHeader("Retry-After", scripted.retryAfter);
        }
        answer = scripted.body;
      } else {
        status = 200;
        if (tsParam != null) {
          try {
            timestamp = Long.parseLong(tsParam);
          } catch (NumberFormatException e) {
            status = 400;
          }
        }
        if (status == 200) {
          answer = dataSyncAnswer(timestamp);
          if (timestamp != 0 && JSON.readTree(answer).path("data").path("featureFlags").size() == 0
              && JSON.readTree(answer).path("data").path("segments").size() == 0) {
            answer = ""; // an empty patch is an empty 200
          }
        }
      }
      int finalStatus = status;
      record(() -> pollingRequests.add(new RecordedRequest("GET", req.getRequestURI(), req.getQueryString(), headers,
          body, null, finalStatus)));
      delay();
      resp.setStatus(status);
      if (answer != null && !answer.isEmpty()) {
        resp.setContentType("application/json");
        resp.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
      }
    }

    private void insight(HttpServletRequest req, HttpServletResponse resp, Map<String, String> headers, String body,
        boolean authorized) {
      JsonNode json = null;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        // recorded with json == null
      }
      int status;
      ScriptedResponse scripted;
      synchronized (monitor) {
        scripted = authorized ? insightScript.poll() : null;
      }
      if (!authorized) {
        status = 401;
      } else if (scripted != null) {
        status = scripted.status;
        if (scripted.retryAfter != null) {
          resp.setHeader("Retry-After", scripted.retryAfter);
        }
      } else if (json == null || !json.isArray()) {
        status = 400;
      } else {
        status = 200;
      }
      RecordedRequest recorded = new RecordedRequest("POST", req.getRequestURI(), req.getQueryString(), headers,
          body, json, status);
      record(() -> insightRequests.add(recorded));
      java.util.function.Consumer<RecordedRequest> listener = insightListener;
      if (listener != null) {
        try {
          listener.accept(recorded);
        } catch (RuntimeException e) {
          LOG.warn("insight listener failed", e);
        }
      }
      delay();
      resp.setStatus(status);
    }

    private void delay() {
      long d = answerDelayMillis;
      if (d > 0) {
        Object slow = new Object(); // simulated server latency for this request only
        synchronized (slow) {
          long until = System.currentTimeMillis() + d;
          long left;
          while ((left = until - System.currentTimeMillis()) > 0) {
            try {
              slow.wait(left);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }
    }
  }
}
