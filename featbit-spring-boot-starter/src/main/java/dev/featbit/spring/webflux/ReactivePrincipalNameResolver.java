package dev.featbit.spring.webflux;

import java.security.Principal;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The authenticated principal's name of a WebFlux request, used by {@link DefaultReactiveFBUserResolver} as the
 * user key. With Spring Security on the classpath the starter uses {@link ReactiveSecurityPrincipalNameResolver}
 * (the reactive security context), otherwise {@link #exchangePrincipal()}.
 */
@FunctionalInterface
public interface ReactivePrincipalNameResolver {
  /**
   * The principal's name.
   *
   * @param exchange the request being served
   * @return the name, or an empty {@code Mono} for an anonymous request
   */
  Mono<String> principalName(ServerWebExchange exchange);

  /**
   * The exchange's own principal ({@link ServerWebExchange#getPrincipal()}).
   *
   * @return a resolver reading {@code exchange.getPrincipal()}
   */
  static ReactivePrincipalNameResolver exchangePrincipal() {
    return exchange -> exchange.getPrincipal().map(Principal::getName);
  }
}
