package dev.featbit.spring.webflux;

import dev.featbit.sdk.FBUser;
import java.util.Objects;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives WebFlux controller methods the request's user: any parameter of type {@link FBUser} receives the
 * {@link ReactiveFBUserResolver}'s user of the current exchange, or {@code null} when it has none.
 *
 * <pre>{@code
 * @GetMapping("/greeting")
 * Mono<String> greeting(FBUser user) {
 *   return Mono.just(client.boolVariation("new-greeting", user, false) ? "Hello!" : "Hi");
 * }
 * }</pre>
 */
public final class FBUserReactiveArgumentResolver implements HandlerMethodArgumentResolver {
  /** The exchange attribute holding the request's user (resolved once, then shared). */
  public static final String EXCHANGE_ATTRIBUTE = FBUserReactiveArgumentResolver.class.getName() + ".user";

  private final ReactiveFBUserResolver resolver;

  /**
   * A resolver of {@code FBUser} parameters.
   *
   * @param resolver decides the user of each request
   */
  public FBUserReactiveArgumentResolver(ReactiveFBUserResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The user of {@code exchange}, resolved once per request and kept as the exchange attribute
   * {@link #EXCHANGE_ATTRIBUTE}, so web filters and controllers see the same user.
   *
   * @param exchange the request being served
   * @param resolver decides the user when the exchange has none yet
   * @return the user, or an empty {@code Mono} when the request has none
   */
  @SuppressWarnings("unchecked")
  public static Mono<FBUser> currentUser(ServerWebExchange exchange, ReactiveFBUserResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    return Mono.defer(() -> (Mono<FBUser>) exchange.getAttributes()
        .computeIfAbsent(EXCHANGE_ATTRIBUTE, k -> Mono.defer(() -> resolver.resolve(exchange)).cache()));
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return FBUser.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
      ServerWebExchange exchange) {
    return currentUser(exchange, resolver).cast(Object.class);
  }
}
