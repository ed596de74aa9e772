package dev.featbit.spring.webflux;

import dev.featbit.sdk.FBUser;
import java.util.Objects;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The starter's user resolution for WebFlux, in this order:
 *
 * <ol>
 *   <li>the authenticated principal's name ({@link ReactivePrincipalNameResolver}: Spring Security's reactive
 *       security context when Spring Security is present, else the exchange's principal), so a logged-in user
 *       cannot pose as another through the header;</li>
 *   <li>the {@code featbit.web.user-header} request header ({@code X-User-Id} by default), trimmed;</li>
 *   <li>{@code featbit.web.anonymous-key} when set;</li>
 *   <li>otherwise no user (the {@code FBUser} parameter is {@code null}).</li>
 * </ol>
 */
public final class DefaultReactiveFBUserResolver implements ReactiveFBUserResolver {
  private final String userHeader;
  private final String anonymousKey;
  private final ReactivePrincipalNameResolver principalName;

  /**
   * A resolver with these settings.
   *
   * @param userHeader the header carrying the user key, or {@code null} for none
   * @param anonymousKey the key of requests without principal or header, or {@code null}
   * @param principalName where the authenticated principal's name comes from
   */
  public DefaultReactiveFBUserResolver(String userHeader, String anonymousKey,
      ReactivePrincipalNameResolver principalName) {
    this.userHeader = blankToNull(userHeader);
    this.anonymousKey = blankToNull(anonymousKey);
    this.principalName = Objects.requireNonNull(principalName, "principalName");
  }

  @Override
  public Mono<FBUser> resolve(ServerWebExchange exchange) {
    return principalName.principalName(exchange)
        .mapNotNull(DefaultReactiveFBUserResolver::blankToNull)
        .switchIfEmpty(Mono.fromSupplier(() -> fromRequest(exchange)))
        .map(key -> FBUser.builder(key).build());
  }

  private String fromRequest(ServerWebExchange exchange) {
    String key = userHeader == null ? null : blankToNull(exchange.getRequest().getHeaders().getFirst(userHeader));
    return key != null ? key : anonymousKey;
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
