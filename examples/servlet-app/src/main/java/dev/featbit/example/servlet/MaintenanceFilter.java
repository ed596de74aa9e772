package dev.featbit.example.servlet;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.servlet.FBUserFilter;
import dev.featbit.servlet.FeatBitServletListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The maintenance switch: while {@code maintenance-mode} is on for the request's user, the API answers 503 with
 * {@code Retry-After}. Mapped after {@link FBUserFilter}, so the user is there.
 */
public final class MaintenanceFilter extends HttpFilter {
  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    FBClient featbit = FeatBitServletListener.client(request.getServletContext());
    FBUser user = FBUserFilter.currentUser();
    if (featbit.boolVariation("maintenance-mode", user, false)) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader("Retry-After", "120");
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"down for maintenance\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}
