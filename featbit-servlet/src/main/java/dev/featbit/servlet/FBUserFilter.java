package dev.featbit.servlet;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Objects;

/**
 * Builds each request's FeatBit user once and makes it available to the code serving the request:
 *
 * <ul>
 *   <li>as the request attribute {@link #REQUEST_ATTRIBUTE} ({@link #currentUser(ServletRequest)}), which
 *       follows the request everywhere, including the threads of an asynchronous request;</li>
 *   <li>through the static accessor {@link #currentUser()} on the thread running the filter chain; it is
 *       cleared when the chain returns, so a pooled thread never carries one request's user into the next.</li>
 * </ul>
 *
 * <p>Forwards, includes, error and {@code ASYNC} dispatches of the same request reuse the user built first. Map the
 * filter for the {@code ASYNC} dispatcher too (and mark it async-supported) so that code after
 * {@code AsyncContext.dispatch()} gets {@link #currentUser()}; on a thread of your own (such as one of
 * {@code AsyncContext.start}), read {@link #currentUser(ServletRequest)}.
 *
 * <p>Created with a {@link UserResolver}, or without one (from {@code web.xml} or {@code @WebFilter}), when it
 * reads these filter init parameters: {@code featbit.user-header} (default {@code X-User-Id}; empty for none),
 * {@code featbit.user-cookie} (default none), {@code featbit.anonymous-key} (default none) and
 * {@code featbit.principal} (default {@code true}: the authenticated principal's name comes first).
 */
public class FBUserFilter implements Filter {
  /** The request attribute holding the request's user (absent while the filter has not run). */
  public static final String REQUEST_ATTRIBUTE = FBUser.class.getName();
  /** The default header carrying the user key. */
  public static final String DEFAULT_USER_HEADER = "X-User-Id";

  private static final Object NONE = new Object();
  private static final ThreadLocal<FBUser> CURRENT = new ThreadLocal<>();

  private volatile UserResolver resolver;

  /** A filter configured from its init parameters when the container initializes it. */
  public FBUserFilter() {}

  /**
   * A filter using {@code resolver} (init parameters are then ignored).
   *
   * @param resolver decides each request's user
   * @throws NullPointerException if {@code resolver} is null
   */
  public FBUserFilter(UserResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The resolver used by a filter created without one: principal (unless {@code principal} is false), then the
   * header, then the cookie, then the anonymous key.
   *
   * @param principal whether the authenticated principal's name comes first
   * @param header the header carrying the key, or {@code null} for none
   * @param cookie the cookie carrying the key, or {@code null} for none
   * @param anonymousKey the key of requests without one, or {@code null} for none
   * @return the resolver
   */
  public static UserResolver standardResolver(boolean principal, String header, String cookie, String anonymousKey) {
    DefaultUserResolver.Builder b = DefaultUserResolver.builder();
    if (principal) {
      b.keyFrom(UserKeySource.principal());
    }
    if (DefaultUserResolver.blankToNull(header) != null) {
      b.keyFrom(UserKeySource.header(header.trim()));
    }
    if (DefaultUserResolver.blankToNull(cookie) != null) {
      b.keyFrom(UserKeySource.cookie(cookie.trim()));
    }
    return b.anonymousKey(anonymousKey).build();
  }

  @Override
  public void init(FilterConfig config) {
    if (resolver != null) {
      return;
    }
    String header = config.getInitParameter("featbit.user-header");
    String principal = config.getInitParameter("featbit.principal");
    resolver = standardResolver(principal == null || Boolean.parseBoolean(principal.trim()),
        header == null ? DEFAULT_USER_HEADER : header, config.getInitParameter("featbit.user-cookie"),
        config.getInitParameter("featbit.anonymous-key"));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    FBUser user = userOf(request);
    FBUser previous = CURRENT.get();
    CURRENT.set(user);
    try {
      chain.doFilter(request, response);
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);  // an include or forward run by an outer request on this thread
      }
    }
  }

  private FBUser userOf(ServletRequest request) {
    Object known = request.getAttribute(REQUEST_ATTRIBUTE);
    if (known instanceof FBUser) {
      return (FBUser) known;
    }
    if (known == NONE) {
      return null;
    }
    UserResolver r = resolver;
    if (r == null) {  // used without init(): the defaults
      r = resolver = standardResolver(true, DEFAULT_USER_HEADER, null, null);
    }
    FBUser user = request instanceof HttpServletRequest ? r.resolve((HttpServletRequest) request) : null;
    request.setAttribute(REQUEST_ATTRIBUTE, user != null ? user : NONE);
    return user;
  }

  /**
   * The user of the request this thread is serving inside {@link FBUserFilter}.
   *
   * @return the user, or {@code null} when the request has none or this thread is not in the filter's chain
   */
  public static FBUser currentUser() {
    return CURRENT.get();
  }

  /**
   * The user the filter built for {@code request}, from any thread.
   *
   * @param request the request
   * @return the user, or {@code null} when the request has none or the filter has not run for it
   */
  public static FBUser currentUser(ServletRequest request) {
    Object known = request.getAttribute(REQUEST_ATTRIBUTE);
    return known instanceof FBUser ? (FBUser) known : null;
  }

  @Override
  public void destroy() {}
}
