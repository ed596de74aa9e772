package dev.featbit.spring.webflux;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The name of the {@link Authentication} in Spring Security's reactive security context
 * ({@link ReactiveSecurityContextHolder}), when it is authenticated and not anonymous. Only instantiated when
 * Spring Security is on the classpath.
 */
public final class ReactiveSecurityPrincipalNameResolver implements ReactivePrincipalNameResolver {
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  /** A resolver reading the reactive security context. */
  public ReactiveSecurityPrincipalNameResolver() {}

  @Override
  public Mono<String> principalName(ServerWebExchange exchange) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .filter(auth -> auth.isAuthenticated() && !trust.isAnonymous(auth))
        .mapNotNull(Authentication::getName);
  }
}
