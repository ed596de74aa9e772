package dev.featbit.spring.web;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The starter's user resolution, in this order:
 *
 * <ol>
 *   <li>the authenticated principal's name ({@link PrincipalNameResolver}: Spring Security's authentication when
 *       Spring Security is present, else the servlet container's principal), so a logged-in user cannot pose as
 *       another through the header;</li>
 *   <li>the {@code featbit.web.user-header} request header ({@code X-User-Id} by default), trimmed;</li>
 *   <li>{@code featbit.web.anonymous-key} when set: every such request shares that one key (so they all get
 *       the same variation of a percentage rollout);</li>
 *   <li>otherwise {@code null}: an evaluation for a {@code null} user returns the caller's fallback value with
 *       reason {@code ERROR} and records no event.</li>
 * </ol>
 *
 * <p>The user has only a key; replace this resolver with your own {@link FBUserResolver} bean to add a name or
 * custom attributes.
 */
public final class DefaultFBUserResolver implements FBUserResolver {
  private final String userHeader;
  private final String anonymousKey;
  private final PrincipalNameResolver principalName;

  /**
   * @param userHeader the header carrying the user key, or {@code null} for none
   * @param anonymousKey the key of requests without principal or header, or {@code null}
   * @param principalName where the authenticated principal's name comes from
   */
  public DefaultFBUserResolver(String userHeader, String anonymousKey, PrincipalNameResolver principalName) {
    this.userHeader = blankToNull(userHeader);
    this.anonymousKey = blankToNull(anonymousKey);
    this.principalName = Objects.requireNonNull(principalName, "principalName");
  }

  @Override
  public FBUser resolve(HttpServletRequest request) {
    String key = blankToNull(principalName.principalName(request));
    if (key == null && userHeader != null) {
      key = blankToNull(request.getHeader(userHeader));
    }
    if (key == null) {
      key = anonymousKey;
    }
    return key == null ? null : FBUser.builder(key).build();
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
