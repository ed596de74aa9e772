package dev.featbit.example.webflux;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The flag-driven endpoints; every handler gets the request's user from the starter. Evaluations are local and
 * never block, so they run inline on the event loop.
 */
@RestController
@RequestMapping("/api")
public class ShopHandler {
  static final String DEFAULT_UI_CONFIG = "{\"theme\":\"light\",\"maxItems\":10,\"banner\":null}";
  static final List<String> CATALOG = List.of("red running shoes", "blue trail shoes", "wool socks", "rain jacket",
      "running shorts");

  private final FBClient featbit;

  public ShopHandler(FBClient featbit) {
    this.featbit = featbit;
  }

  /** A feature behind a boolean flag: the endpoint exists only for users the flag serves {@code true}. */
  @GetMapping("/reports/beta")
  public Mono<ResponseEntity<Map<String, Object>>> betaReports(FBUser user) {
    if (!featbit.boolVariation("beta-reports", user, false)) {
      return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not found")));
    }
    return Mono.just(ResponseEntity.ok(Map.of("report", "beta", "rows", List.of("revenue by hour",
        "cohort retention"))));
  }

  /** A gradual rollout: the flag's percentage rollout decides which code path serves this user. */
  @GetMapping("/search")
  public Mono<Map<String, Object>> search(FBUser user, @RequestParam(name = "q", defaultValue = "") String query) {
    boolean newEngine = featbit.boolVariation("new-search-engine", user, false);
    List<String> results = newEngine ? semantic(query) : keyword(query);
    return Mono.just(Map.of("engine", newEngine ? "semantic" : "keyword", "results", results));
  }

  /** An A/B test: the string flag picks the price shown; the checkout below is the conversion. */
  @GetMapping("/pricing")
  public Mono<Map<String, Object>> pricing(FBUser user) {
    String plan = featbit.stringVariation("pricing-experiment", user, "standard");
    return Mono.just(Map.of("plan", plan, "price", price(plan)));
  }

  /** The conversion of the pricing experiment, sent to FeatBit as custom events. */
  @PostMapping("/checkout")
  public Mono<Map<String, Object>> checkout(FBUser user) {
    String plan = featbit.stringVariation("pricing-experiment", user, "standard");
    featbit.trackMetric(user, "checkout-completed");
    featbit.trackMetric(user, "revenue", price(plan));
    return Mono.just(Map.of("status", "paid", "plan", plan, "price", price(plan)));
  }

  /** Remote configuration: a JSON flag returned as it is served. */
  @GetMapping(path = "/ui-config", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<String> uiConfig(FBUser user) {
    return Mono.just(featbit.jsonVariation("ui-config", user, DEFAULT_UI_CONFIG));
  }

  static double price(String plan) {
    return "discount".equals(plan) ? 8.0 : 10.0;
  }

  static List<String> keyword(String query) {
    String q = query.toLowerCase(Locale.ROOT);
    return CATALOG.stream().filter(item -> item.contains(q)).toList();
  }

  static List<String> semantic(String query) {
    String[] words = query.toLowerCase(Locale.ROOT).split("\\s+");
    return CATALOG.stream().filter(item -> {
      for (String w : words) {
        if (!w.isEmpty() && item.contains(w)) {
          return true;
        }
      }
      return false;
    }).toList();
  }
}
