package dev.featbit.spring.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The authenticated principal's name of a request, or {@code null} when the request is anonymous; used by
 * {@link DefaultFBUserResolver} as the user key. With Spring Security on the classpath the starter uses
 * {@link SpringSecurityPrincipalNameResolver}, otherwise the servlet container's
 * {@link HttpServletRequest#getUserPrincipal()}.
 */
@FunctionalInterface
public interface PrincipalNameResolver {
  /**
   * The name of the request's authenticated principal.
   *
   * @param request the HTTP request being served
   * @return the principal's name, or {@code null} when the request is not authenticated
   */
  String principalName(HttpServletRequest request);

  /**
   * The servlet container's principal ({@link HttpServletRequest#getUserPrincipal()}).
   *
   * @return a resolver reading {@code getUserPrincipal().getName()}
   */
  static PrincipalNameResolver servletPrincipal() {
    return request -> request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
  }
}
