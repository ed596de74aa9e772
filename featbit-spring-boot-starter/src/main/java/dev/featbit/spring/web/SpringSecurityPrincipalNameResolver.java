package dev.featbit.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The name of the current Spring Security {@link Authentication}, when it is authenticated and not anonymous.
 * Only instantiated when Spring Security is on the classpath.
 */
public final class SpringSecurityPrincipalNameResolver implements PrincipalNameResolver {
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  @Override
  public String principalName(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || trust.isAnonymous(auth)) {
      return null;
    }
    return auth.getName();
  }
}
