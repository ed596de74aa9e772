package dev.featbit.servlet;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A user from the request: the key from the first {@link UserKeySource} that has one (else the anonymous key,
 * else no user), a name and custom attributes read from the request.
 *
 * <pre>{@code
 * UserResolver users = DefaultUserResolver.builder()
 *     .keyFrom(UserKeySource.principal(), UserKeySource.header("X-User-Id"), UserKeySource.cookie("uid"))
 *     .attribute("country", request -> request.getHeader("X-Country"))
 *     .build();
 * }</pre>
 */
public final class DefaultUserResolver implements UserResolver {
  private final List<UserKeySource> keys;
  private final String anonymousKey;
  private final Function<HttpServletRequest, String> name;
  private final Map<String, Function<HttpServletRequest, String>> attributes;

  private DefaultUserResolver(Builder b) {
    this.keys = Collections.unmodifiableList(new ArrayList<>(b.keys));
    this.anonymousKey = blankToNull(b.anonymousKey);
    this.name = b.name;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
  }

  /**
   * A builder with no key source, no anonymous key, no name and no attributes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public FBUser resolve(HttpServletRequest request) {
    String key = null;
    for (UserKeySource source : keys) {
      key = blankToNull(source.key(request));
      if (key != null) {
        break;
      }
    }
    if (key == null) {
      key = anonymousKey;
    }
    if (key == null) {
      return null;
    }
    FBUser.Builder user = FBUser.builder(key);
    if (name != null) {
      String n = blankToNull(name.apply(request));
      if (n != null) {
        user.name(n);
      }
    }
    for (Map.Entry<String, Function<HttpServletRequest, String>> a : attributes.entrySet()) {
      String value = a.getValue().apply(request);
      if (value != null) {
        user.custom(a.getKey(), value);
      }
    }
    return user.build();
  }

  static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }

  /** Settings of a {@link DefaultUserResolver}. */
  public static final class Builder {
    private final List<UserKeySource> keys = new ArrayList<>();
    private String anonymousKey;
    private Function<HttpServletRequest, String> name;
    private final Map<String, Function<HttpServletRequest, String>> attributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds key sources, asked in the order given (after those added before).
     *
     * @param sources where the key may come from
     * @return this builder
     * @throws NullPointerException if a source is null
     */
    public Builder keyFrom(UserKeySource... sources) {
      for (UserKeySource s : sources) {
        keys.add(Objects.requireNonNull(s, "source"));
      }
      return this;
    }

    /**
     * The key of requests for which no source has one; all such requests share it (and so one variation of a
     * percentage rollout). Default: none, such requests have no user.
     *
     * @param key the shared key, or {@code null} for none
     * @return this builder
     */
    public Builder anonymousKey(String key) {
      this.anonymousKey = key;
      return this;
    }

    /**
     * The user's name, read from the request.
     *
     * @param name reads the name; a {@code null} or blank result sets none
     * @return this builder
     */
    public Builder name(Function<HttpServletRequest, String> name) {
      this.name = name;
      return this;
    }

    /**
     * A custom attribute that targeting rules can use, read from the request.
     *
     * @param attribute the attribute's name, such as {@code country}
     * @param value reads the value; a {@code null} result leaves the attribute out
     * @return this builder
     * @throws NullPointerException if an argument is null
     */
    public Builder attribute(String attribute, Function<HttpServletRequest, String> value) {
      attributes.put(Objects.requireNonNull(attribute, "attribute"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The resolver.
     *
     * @return a resolver with these settings
     */
    public DefaultUserResolver build() {
      return new DefaultUserResolver(this);
    }
  }
}
