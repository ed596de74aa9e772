package dev.featbit.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;

/**
 * Where a request's user key comes from; {@link DefaultUserResolver} asks its sources in order and takes the
 * first key that is not blank.
 */
@FunctionalInterface
public interface UserKeySource {
  /**
   * The key this source finds in {@code request}.
   *
   * @param request the request being served
   * @return the key, or {@code null} (or blank) when this source has none
   */
  String key(HttpServletRequest request);

  /**
   * The authenticated principal's name ({@link HttpServletRequest#getUserPrincipal()}), as the container or a
   * security filter set it. Put it first, so that a logged-in user cannot pose as another through a header.
   *
   * @return the source
   */
  static UserKeySource principal() {
    return request -> {
      Principal principal = request.getUserPrincipal();
      return principal == null ? null : principal.getName();
    };
  }

  /**
   * A request header's value.
   *
   * @param name the header's name, such as {@code X-User-Id}
   * @return the source
   * @throws NullPointerException if {@code name} is null
   */
  static UserKeySource header(String name) {
    Objects.requireNonNull(name, "name");
    return request -> request.getHeader(name);
  }

  /**
   * A cookie's value.
   *
   * @param name the cookie's name
   * @return the source
   * @throws NullPointerException if {@code name} is null
   */
  static UserKeySource cookie(String name) {
    Objects.requireNonNull(name, "name");
    return request -> {
      Cookie[] cookies = request.getCookies();
      if (cookies == null) {
        return null;
      }
      for (Cookie cookie : cookies) {
        if (name.equals(cookie.getName())) {
          return cookie.getValue();
        }
      }
      return null;
    };
  }
}
