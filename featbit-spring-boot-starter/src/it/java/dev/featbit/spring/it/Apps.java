package dev.featbit.spring.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.spring.webflux.ReactiveFBUserResolver;
import dev.featbit.testkit.FeatBitTestServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Real applications (an embedded server on 127.0.0.1, a random port) using the starter, written with what
 * Spring Boot 3.5 and 4 both have, so the same tests run on both generations.
 */
final class Apps {
  /** The header the test filters read as the authenticated principal's name (a stand-in for a login). */
  static final String PRINCIPAL_HEADER = "X-Test-Principal";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private Apps() {}

  /** The Spring Boot generation on the class path: 3 or 4. */
  static int bootGeneration() {
    return Integer.parseInt(SpringBootVersion.getVersion().substring(0, 1));
  }

  static ConfigurableApplicationContext start(WebApplicationType type, FeatBitTestServer server,
      Class<?>... sources) {
    return start(type, server, List.of(), sources);
  }

  /** Starts an application of {@code sources} against {@code server}; {@code extra} properties win. */
  static ConfigurableApplicationContext start(WebApplicationType type, FeatBitTestServer server, List<String> extra,
      Class<?>... sources) {
    List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
        "spring.main.banner-mode=off", "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-details=always", "featbit.env-secret=" + server.secret(),
        "featbit.streaming-url=" + server.streamingUrl(), "featbit.events-url=" + server.httpUrl(),
        "featbit.start-wait=10s", "featbit.events.flush-interval=100ms"));
    properties.addAll(extra);
    return new SpringApplicationBuilder(sources).web(type).properties(properties.toArray(String[]::new)).run();
  }

  static String baseUrl(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  /** GET {@code path} with the given headers (name, value, name, value...). */
  static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(context) + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** A Spring MVC application: the user's key, a flag for the user, a login stand-in filter. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class MvcApp {
    private final FBClient client;

    MvcApp(FBClient client) {
      this.client = client;
    }

    @GetMapping("/who")
    String who(FBUser user) {
      return user == null ? "none" : user.key();
    }

    @GetMapping("/flag")
    String flag(FBUser user) {
      return String.valueOf(client.boolVariation("flag", user, false));
    }

    /** Puts the {@code X-Test-Principal} header's name in Spring Security's context for the request. */
    @Bean
    OncePerRequestFilter testLogin() {
      return new OncePerRequestFilter() {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
          String name = request.getHeader(PRINCIPAL_HEADER);
          if (name != null) {
            SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null, List.of()));
          }
          try {
            chain.doFilter(request, response);
          } finally {
            SecurityContextHolder.clearContext();
          }
        }
      };
    }
  }

  /** A WebFlux application: the user's key and plan, a flag for the user, a login stand-in web filter. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class WebFluxApp {
    private final FBClient client;

    WebFluxApp(FBClient client) {
      this.client = client;
    }

    @GetMapping("/who")
    Mono<String> who(FBUser user) {
      return Mono.just(user == null ? "none" : user.key());
    }

    @GetMapping("/plan")
    Mono<String> plan(FBUser user) {
      return Mono.just(user == null || user.custom("plan") == null ? "none" : user.custom("plan"));
    }

    @GetMapping("/flag")
    Mono<String> flag(FBUser user) {
      return Mono.fromSupplier(() -> String.valueOf(client.boolVariation("flag", user, false)));
    }

    /** Puts the {@code X-Test-Principal} header's name in the reactive security context of the request. */
    @Bean
    WebFilter testLogin() {
      return (exchange, chain) -> {
        String name = exchange.getRequest().getHeaders().getFirst(PRINCIPAL_HEADER);
        if (name == null) {
          return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(name, null, List.of())));
      };
    }
  }

  /** The application's own resolver: the header's key plus the {@code X-Plan} header as attribute {@code plan}. */
  @SpringBootConfiguration
  static class PlanResolver {
    @Bean
    ReactiveFBUserResolver planUserResolver() {
      return exchange -> {
        String id = exchange.getRequest().getHeaders().getFirst("X-User-Id");
        String plan = exchange.getRequest().getHeaders().getFirst("X-Plan");
        return id == null ? Mono.empty()
            : Mono.just(FBUser.builder(id).custom("plan", plan == null ? "free" : plan).build());
      };
    }
  }
}
