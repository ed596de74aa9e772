package dev.featbit.example.servlet;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.servlet.FBUserFilter;
import dev.featbit.servlet.FeatBitServletListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The flag-driven endpoints under {@code /api}; each evaluates for the request's user from the filter. */
public final class ShopServlet extends HttpServlet {
  static final String DEFAULT_UI_CONFIG = "{\"theme\":\"light\",\"maxItems\":10,\"banner\":null}";
  static final List<String> CATALOG = List.of("red running shoes", "blue trail shoes", "wool socks", "rain jacket",
      "running shorts");

  private FBClient featbit() {
    return FeatBitServletListener.client(getServletContext());
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    FBUser user = FBUserFilter.currentUser();
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    switch (path) {
      case "/reports/beta":
        betaReports(user, resp);
        break;
      case "/search":
        search(user, req.getParameter("q") == null ? "" : req.getParameter("q"), resp);
        break;
      case "/pricing":
        String plan = featbit().stringVariation("pricing-experiment", user, "standard");
        json(resp, 200, "{\"plan\":\"" + plan + "\",\"price\":" + price(plan) + "}");
        break;
      case "/ui-config":
        json(resp, 200, featbit().jsonVariation("ui-config", user, DEFAULT_UI_CONFIG));
        break;
      default:
        json(resp, 404, "{\"error\":\"not found\"}");
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if ("/checkout".equals(req.getPathInfo())) {
      checkout(FBUserFilter.currentUser(), resp);
    } else {
      json(resp, 404, "{\"error\":\"not found\"}");
    }
  }

  /** A feature behind a boolean flag: the endpoint exists only for users the flag serves {@code true}. */
  void betaReports(FBUser user, HttpServletResponse resp) throws IOException {
    if (!featbit().boolVariation("beta-reports", user, false)) {
      json(resp, 404, "{\"error\":\"not found\"}");
      return;
    }
    json(resp, 200, "{\"report\":\"beta\",\"rows\":[\"revenue by hour\",\"cohort retention\"]}");
  }

  /** A gradual rollout: the flag's percentage rollout decides which code path serves this user. */
  void search(FBUser user, String query, HttpServletResponse resp) throws IOException {
    boolean newEngine = featbit().boolVariation("new-search-engine", user, false);
    List<String> results = newEngine ? semantic(query) : keyword(query);
    json(resp, 200, "{\"engine\":\"" + (newEngine ? "semantic" : "keyword") + "\",\"results\":["
        + results.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}");
  }

  /** The conversion of the pricing experiment, sent to FeatBit as custom events. */
  void checkout(FBUser user, HttpServletResponse resp) throws IOException {
    String plan = featbit().stringVariation("pricing-experiment", user, "standard");
    featbit().trackMetric(user, "checkout-completed");
    featbit().trackMetric(user, "revenue", price(plan));
    json(resp, 200, "{\"status\":\"paid\",\"plan\":\"" + plan + "\",\"price\":" + price(plan) + "}");
  }

  static double price(String plan) {
    return "discount".equals(plan) ? 8.0 : 10.0;
  }

  /** The current implementation: plain substring match. */
  static List<String> keyword(String query) {
    String q = query.toLowerCase(Locale.ROOT);
    return CATALOG.stream().filter(item -> item.contains(q)).collect(Collectors.toList());
  }

  /** The new implementation being rolled out: matches any word of the query. */
  static List<String> semantic(String query) {
    String[] words = query.toLowerCase(Locale.ROOT).split("\\s+");
    return CATALOG.stream().filter(item -> {
      for (String w : words) {
        if (!w.isEmpty() && item.contains(w)) {
          return true;
        }
      }
      return false;
    }).collect(Collectors.toList());
  }

  static void json(HttpServletResponse resp, int status, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(body);
  }
}
