package dev.featbit.example;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.spring.web.FBUserArgumentResolver;
import dev.featbit.spring.web.FBUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The maintenance switch: while the {@code maintenance-mode} flag is on, API requests are answered with 503.
 * The flag is evaluated for the request's user (so it can be switched on for some users first), or for a fixed
 * key when the request has none.
 */
@Component
public class MaintenanceInterceptor implements HandlerInterceptor {
  static final FBUser SYSTEM = FBUser.builder("maintenance-check").build();

  private final FBClient featbit;
  private final FBUserResolver users;

  public MaintenanceInterceptor(FBClient featbit, FBUserResolver users) {
    this.featbit = featbit;
    this.users = users;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    FBUser user = FBUserArgumentResolver.currentUser(request, users);
    if (!featbit.boolVariation("maintenance-mode", user != null ? user : SYSTEM, false)) {
      return true;
    }
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader(HttpHeaders.RETRY_AFTER, "120");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write("{\"error\":\"down for maintenance\"}".getBytes(StandardCharsets.UTF_8));
    return false;
  }
}
