package dev.featbit.sdk;

/**
 * An invalid configuration, reported by {@link FBConfig.Builder#build()} before any background work starts.
 * The message names the setting and why it is wrong; it never contains the env secret.
 *
 * @since 0.1.0
 */
public final class FBConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  /** The name of the setting at fault. */
  private final String setting;

  /**
   * A configuration error.
   *
   * @param setting the name of the setting at fault
   * @param message what is wrong and what to do; must not contain a secret
   */
  public FBConfigException(String setting, String message) {
    super(setting + ": " + message);
    this.setting = setting;
  }

  /**
   * The name of the builder setting at fault, e.g. {@code "streamingUrl"}.
   *
   * @return the setting's name
   */
  public String setting() {
    return setting;
  }
}
