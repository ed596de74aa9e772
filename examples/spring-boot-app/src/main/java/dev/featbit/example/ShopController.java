package dev.featbit.example;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The flag-driven endpoints; every handler gets the request's user from the starter. */
@RestController
@RequestMapping("/api")
public class ShopController {
  static final String DEFAULT_UI_CONFIG = "{\"theme\":\"light\",\"maxItems\":10,\"banner\":null}";

  private final FBClient featbit;
  private final SearchService search;

  public ShopController(FBClient featbit, SearchService search) {
    this.featbit = featbit;
    this.search = search;
  }

  /** A feature behind a boolean flag: the endpoint exists only for users the flag serves {@code true}. */
  @GetMapping("/reports/beta")
  public ResponseEntity<Map<String, Object>> betaReports(FBUser user) {
    if (!featbit.boolVariation("beta-reports", user, false)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not found"));
    }
    return ResponseEntity.ok(Map.of("report", "beta", "rows", List.of("revenue by hour", "cohort retention")));
  }

  /** A gradual rollout: the flag's percentage rollout decides which implementation serves this user. */
  @GetMapping("/search")
  public Map<String, Object> search(FBUser user, @RequestParam(name = "q", defaultValue = "") String query) {
    boolean newEngine = featbit.boolVariation("new-search-engine", user, false);
    List<String> results = newEngine ? search.semantic(query) : search.keyword(query);
    return Map.of("engine", newEngine ? "semantic" : "keyword", "results", results);
  }

  /** An A/B test: the string flag picks the price shown; the checkout below is the conversion. */
  @GetMapping("/pricing")
  public Map<String, Object> pricing(FBUser user) {
    String plan = featbit.stringVariation("pricing-experiment", user, "standard");
    return Map.of("plan", plan, "price", price(plan));
  }

  /** The conversion of the pricing experiment, sent to FeatBit as custom events. */
  @PostMapping("/checkout")
  public ResponseEntity<Map<String, Object>> checkout(FBUser user) {
    if (user == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "no user"));
    }
    String plan = featbit.stringVariation("pricing-experiment", user, "standard");
    featbit.trackMetric(user, "checkout-completed");
    featbit.trackMetric(user, "revenue", price(plan));
    return ResponseEntity.ok(Map.of("status", "paid", "plan", plan, "price", price(plan)));
  }

  /** Remote configuration: a JSON flag returned as it is served. */
  @GetMapping(path = "/ui-config", produces = MediaType.APPLICATION_JSON_VALUE)
  public String uiConfig(FBUser user) {
    return featbit.jsonVariation("ui-config", user, DEFAULT_UI_CONFIG);
  }

  static double price(String plan) {
    return "discount".equals(plan) ? 8.0 : 10.0;
  }
}
