package dev.featbit.spring.web;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides which FeatBit user a web request is evaluated for. The starter's default is
 * {@link DefaultFBUserResolver}; declare a bean of this type to replace it (for example to add attributes such
 * as the user's plan or country, which targeting rules can then use).
 *
 * <p>Spring MVC controller methods receive the result as an {@link FBUser} parameter
 * ({@link FBUserArgumentResolver}); other code can call {@link FBUserArgumentResolver#currentUser}.
 */
@FunctionalInterface
public interface FBUserResolver {
  /**
   * The user of {@code request}, or {@code null} when there is none. Called at most once per request by the
   * starter (the result is kept as a request attribute); must not throw for an ordinary request.
   *
   * @param request the HTTP request being served
   * @return the user, or {@code null}
   */
  FBUser resolve(HttpServletRequest request);
}
