package dev.featbit.example.webflux;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.spring.webflux.FBUserReactiveArgumentResolver;
import dev.featbit.spring.webflux.ReactiveFBUserResolver;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The maintenance switch: while {@code maintenance-mode} is on for the request's user, {@code /api} requests are
 * answered with 503 and {@code Retry-After}. The user is the one the controllers get (resolved once per exchange).
 */
@Component
public class MaintenanceFilter implements WebFilter {
  static final FBUser SYSTEM = FBUser.builder("maintenance-check").build();

  private final FBClient featbit;
  private final ReactiveFBUserResolver users;

  public MaintenanceFilter(FBClient featbit, ReactiveFBUserResolver users) {
    this.featbit = featbit;
    this.users = users;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
      return chain.filter(exchange);
    }
    return FBUserReactiveArgumentResolver.currentUser(exchange, users).defaultIfEmpty(SYSTEM).flatMap(user -> {
      if (!featbit.boolVariation("maintenance-mode", user, false)) {
        return chain.filter(exchange);
      }
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
      response.getHeaders().set(HttpHeaders.RETRY_AFTER, "120");
      response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
      byte[] body = "{\"error\":\"down for maintenance\"}".getBytes(StandardCharsets.UTF_8);
      return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    });
  }
}
