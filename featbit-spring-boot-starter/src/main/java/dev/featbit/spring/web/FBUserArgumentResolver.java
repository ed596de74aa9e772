package dev.featbit.spring.web;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives Spring MVC handler methods the request's user: any parameter of type {@link FBUser} receives
 * {@link FBUserResolver#resolve} of the current request, which may be {@code null} (see
 * {@link DefaultFBUserResolver}).
 *
 * <pre>{@code
 * @GetMapping("/greeting")
 * String greeting(FBUser user) {
 *   return client.boolVariation("new-greeting", user, false) ? "Hello!" : "Hi";
 * }
 * }</pre>
 */
public final class FBUserArgumentResolver implements HandlerMethodArgumentResolver {
  /** The request attribute holding the resolved user (or a marker for "none"). */
  public static final String REQUEST_ATTRIBUTE = FBUserArgumentResolver.class.getName() + ".user";
  private static final Object NONE = new Object();

  private final FBUserResolver resolver;

  /**
   * An argument resolver for {@code FBUser} parameters.
   *
   * @param resolver how the user of a request is found
   */
  public FBUserArgumentResolver(FBUserResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The user of {@code request}, resolved once per request and then kept as the request attribute
   * {@link #REQUEST_ATTRIBUTE}, so filters, interceptors and controllers see the same user.
   *
   * @param request the HTTP request being served
   * @param resolver the resolver to call if the request has no user yet
   * @return the request's user, or {@code null} when it has none
   */
  public static FBUser currentUser(HttpServletRequest request, FBUserResolver resolver) {
    Object cached = request.getAttribute(REQUEST_ATTRIBUTE);
    if (cached instanceof FBUser) {
      return (FBUser) cached;
    }
    if (cached == NONE) {
      return null;
    }
    FBUser user = resolver.resolve(request);
    request.setAttribute(REQUEST_ATTRIBUTE, user != null ? user : NONE);
    return user;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return FBUser.class.equals(parameter.getParameterType());
  }

  @Override
  public FBUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    return request == null ? null : currentUser(request, resolver);
  }
}
