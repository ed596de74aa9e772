package dev.featbit.spring.webflux;

import dev.featbit.sdk.FBUser;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Decides which FeatBit user a WebFlux request is evaluated for. The starter's default is
 * {@link DefaultReactiveFBUserResolver} (principal from the reactive security context, then the
 * {@code featbit.web.user-header} header, then {@code featbit.web.anonymous-key}); declare a bean of this type to
 * replace it, for example to add attributes that targeting rules use.
 *
 * <p>Reactive controller methods receive the result as an {@link FBUser} parameter
 * ({@link FBUserReactiveArgumentResolver}); filters and other code call
 * {@link FBUserReactiveArgumentResolver#currentUser}.
 */
@FunctionalInterface
public interface ReactiveFBUserResolver {
  /**
   * The user of {@code exchange}. Subscribed at most once per request by the starter (the result is kept as an
   * exchange attribute); must not signal an error for an ordinary request.
   *
   * @param exchange the request being served
   * @return the user, or an empty {@code Mono} when the request has none (the parameter is then {@code null})
   */
  Mono<FBUser> resolve(ServerWebExchange exchange);
}
