package dev.featbit.sdk.testing;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The public calls that read or write JSON: {@code jsonValueVariation}, {@code AllFlagStates.toJson} and event
 * delivery. {@code RuntimeClosureTest} also runs it in a class loader holding only the SDK and its runtime
 * dependencies, so it uses nothing but the SDK's public API and the JDK.
 */
public final class JsonScenario {
  private JsonScenario() {}

  /** What {@link #run} returns for the flags of {@code RuntimeClosureTest}. */
  public static final String EXPECTED = String.join("\n",
      "json=LinkedHashMap{layout=String:grid,n=ArrayList[Integer:1,Double:2.5,Long:12345678901,],"
          + "big=BigInteger:123456789012345678901234567890,e=Double:Infinity,dup=Integer:2,o=LinkedHashMap{},"
          + "z=null,t=Boolean:true,}",
      "copy=true",
      "text=String:plain",
      "toJson=[{\"id\":\"json\",\"variation\":\"{\\\"layout\\\":\\\"grid\\\",\\\"n\\\":[1,2.5,12345678901],"
          + "\\\"big\\\":123456789012345678901234567890,\\\"e\\\":1e400,\\\"dup\\\":1,\\\"o\\\":{},\\\"z\\\":null,"
          + "\\\"t\\\":true,\\\"dup\\\":2}\",\"variationType\":\"json\",\"variationId\":\"json-v0\","
          + "\"reason\":\"FALLTHROUGH\",\"reasonText\":\"fall through all rules\"},"
          + "{\"id\":\"text\",\"variation\":\"\\\"plain\\\"\",\"variationType\":\"json\",\"variationId\":\"text-v0\","
          + "\"reason\":\"FALLTHROUGH\",\"reasonText\":\"fall through all rules\"}]",
      "flushed=true",
      "sent=4");

  /**
   * Evaluates flags {@code json} and {@code text}, sends their events and one metric, and describes the results.
   *
   * @param secret the server's environment secret
   * @param streamingUrl the server's WebSocket base URL
   * @param eventsUrl the server's HTTP base URL
   * @return one {@code name=value} line per result, with the Java type of every value
   */
  @SuppressWarnings("unchecked")
  public static String run(String secret, String streamingUrl, String eventsUrl) {
    FBConfig config = FBConfig.builder(secret).streamingUrl(streamingUrl).eventsUrl(eventsUrl)
        .startWait(Duration.ofSeconds(10)).flushInterval(Duration.ofSeconds(30)).build();
    try (FBClient client = new FBClient(config)) {
      FBUser user = FBUser.builder("u-1").name("Ada").build();
      Object json = client.jsonValueVariation("json", user, "fallback");
      String first = describe(json);
      StringBuilder b = new StringBuilder("json=").append(first);
      Map<String, Object> mine = (Map<String, Object>) json;
      ((List<Object>) mine.get("n")).clear();
      mine.clear();
      String again = describe(client.jsonValueVariationDetail("json", user, "fallback").value());
      b.append("\ncopy=").append(again.equals(first));
      b.append("\ntext=").append(describe(client.jsonValueVariation("text", user, "fallback")));
      b.append("\ntoJson=").append(client.getAllLatestFlagVariations(user).toJson());
      client.trackMetric(user, "checkout", 2.5);
      b.append("\nflushed=").append(client.flushAndWait(Duration.ofSeconds(10)));
      b.append("\nsent=").append(client.eventStats().sent());
      return b.toString();
    }
  }

  @SuppressWarnings("unchecked")
  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(v.getClass().getSimpleName());
    if (v instanceof Map) {
      b.append('{');
      ((Map<String, Object>) v).forEach((k, e) -> b.append(k).append('=').append(describe(e)).append(','));
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      ((List<Object>) v).forEach(e -> b.append(describe(e)).append(','));
      b.append(']');
    } else {
      b.append(':').append(v);
    }
    return b.toString();
  }
}
