package dev.featbit.servlet;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides which FeatBit user a request is evaluated for. {@link FBUserFilter} calls it once per request;
 * {@link DefaultUserResolver} covers the usual cases (principal, header, cookie, attributes from the request);
 * implement this interface for anything else.
 */
@FunctionalInterface
public interface UserResolver {
  /**
   * The user of {@code request}.
   *
   * @param request the request being served
   * @return the user, or {@code null} when the request has none (evaluations then return the fallback values)
   */
  FBUser resolve(HttpServletRequest request);
}
