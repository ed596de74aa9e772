package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.testing.Clients;
import dev.featbit.sdk.testing.TestData;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact text the SDK writes: the insight batch body and {@link AllFlagStates#toJson()}. */
class JsonOutputTest {
  static final Duration T = Duration.ofSeconds(10);
  /** Characters that need escaping, non-ASCII (two-, three- and four-byte UTF-8) and HTML-ish text. */
  static final String ODD = "q\"b\\s/ \n\t\r\b\f \u0000\u0001\u001f\u007f é 中 \uD83D\uDE00 \u2028 </script>";
  /** How {@link #ODD} is written as text ({@code toJson}). */
  static final String ODD_JSON = "q\\\"b\\\\s/ \\n\\t\\r\\b\\f \\u0000\\u0001\\u001F\u007f é 中 \uD83D\uDE00 \u2028 </script>";
  /** How {@link #ODD} is written as UTF-8 (events): as text, but a surrogate pair is escaped. */
  static final String ODD_UTF8 = ODD_JSON.replace("\uD83D\uDE00", "\\uD83D\\uDE00");

  @Test
  void toJsonText() {
    String bootstrap = TestData.full(TestData.boolFlag("b"),
        TestData.flag("odd", new String[] {"o-1"}, new String[] {ODD}),
        TestData.flag("obj", new String[] {"j"}, new String[] {"{\"a\": [1, 2.50, null]}"}));
    try (FBClient c = Clients.offline(bootstrap)) {
      FBUser u = FBUser.builder("u").build();
      assertThat(c.getAllLatestFlagVariations(u).toJson()).isEqualTo("["
          + "{\"id\":\"b\",\"variation\":\"true\",\"variationType\":\"boolean\",\"variationId\":\"v-true\","
          + "\"reason\":\"FALLTHROUGH\",\"reasonText\":\"fall through all rules\"},"
          + "{\"id\":\"obj\",\"variation\":\"{\\\"a\\\": [1, 2.50, null]}\",\"variationType\":\"string\","
          + "\"variationId\":\"j\",\"reason\":\"FALLTHROUGH\",\"reasonText\":\"fall through all rules\"},"
          + "{\"id\":\"odd\",\"variation\":\"" + ODD_JSON + "\",\"variationType\":\"string\",\"variationId\":\"o-1\","
          + "\"reason\":\"FALLTHROUGH\",\"reasonText\":\"fall through all rules\"}]");
      assertThat(c.getAllLatestFlagVariations(null).toJson()).isEqualTo("[]");
    }
  }

  @Test
  void insightBatchText() {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("on"), TestFlag.strings("odd", ODD));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .eventsUrl(server.httpUrl()).startWait(T).flushInterval(Duration.ofSeconds(30)).build();
      try (FBClient c = new FBClient(config)) {
        FBUser odd = FBUser.builder("k-" + ODD).name(ODD).custom(ODD, ODD).custom("seats", 12).build();
        FBUser plain = FBUser.builder("u").build();
        assertThat(c.boolVariation("on", plain, false)).isTrue();
        assertThat(c.stringVariation("odd", odd, "x")).isEqualTo(ODD);
        c.trackMetric(plain, "one");
        for (double v : new double[] {129.95, -0.0, 3, 1e21, 1e-7, Double.MAX_VALUE, Double.MIN_VALUE, -12345.678}) {
          c.trackMetric(plain, "m", v);
        }
        c.identify(odd);
        assertThat(c.flushAndWait(T)).isTrue();
      }
      List<RecordedRequest> batches = server.insightRequests();
      assertThat(batches).hasSize(1);
      String body = batches.get(0).body().replaceAll("\"timestamp\":[0-9]+", "\"timestamp\":T");
      String plainUser = "{\"user\":{\"keyId\":\"u\",\"name\":\"\",\"customizedProperties\":[]},";
      String oddUser = "{\"user\":{\"keyId\":\"k-" + ODD_UTF8 + "\",\"name\":\"" + ODD_UTF8 + "\","
          + "\"customizedProperties\":[{\"name\":\"" + ODD_UTF8 + "\",\"value\":\"" + ODD_UTF8 + "\"},"
          + "{\"name\":\"seats\",\"value\":\"12\"}]}";
      String metrics = List.of("\"one\",\"numericValue\":1.0", "\"m\",\"numericValue\":129.95",
              "\"m\",\"numericValue\":-0.0", "\"m\",\"numericValue\":3.0", "\"m\",\"numericValue\":1.0E21",
              "\"m\",\"numericValue\":1.0E-7", "\"m\",\"numericValue\":1.7976931348623157E308",
              "\"m\",\"numericValue\":4.9E-324", "\"m\",\"numericValue\":-12345.678").stream()
          .map(m -> plainUser + "\"metrics\":[{\"route\":\"index/metric\",\"type\":\"CustomEvent\",\"eventName\":" + m
              + ",\"appType\":\"javaserverside\",\"timestamp\":T}]}")
          .collect(Collectors.joining(","));
      assertThat(body).isEqualTo("["
          + plainUser + "\"variations\":[{\"featureFlagKey\":\"on\",\"variation\":{\"id\":\"on-v0\",\"value\":\"true\"},"
          + "\"sendToExperiment\":true,\"timestamp\":T}]},"
          + oddUser + ",\"variations\":[{\"featureFlagKey\":\"odd\",\"variation\":{\"id\":\"odd-v0\",\"value\":\""
          + ODD_UTF8 + "\"},\"sendToExperiment\":true,\"timestamp\":T}]},"
          + metrics + ","
          + oddUser + "}]");
    }
  }
}
