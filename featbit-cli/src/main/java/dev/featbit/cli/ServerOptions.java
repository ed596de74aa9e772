package dev.featbit.cli;

import dev.featbit.sdk.FBConfig;
import picocli.CommandLine.Option;

/**
 * The options of the commands that connect to a FeatBit evaluation server ({@code watch}, {@code relay}): the
 * env secret, read from {@code FEATBIT_ENV_SECRET} when not given so that it stays out of shell history, and
 * the streaming URL.
 */
final class ServerOptions {
  @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:FEATBIT_ENV_SECRET}",
      description = "The environment's server secret (default: $FEATBIT_ENV_SECRET).")
  String secret;

  @Option(names = "--streaming-url", required = true, paramLabel = "URL",
      description = "The evaluation server's WebSocket base URL, ws:// or wss://, e.g. ws://localhost:5100.")
  String streamingUrl;

  /**
   * Fails with a bad-input error when no secret was given.
   *
   * @throws CliException when neither {@code --secret} nor {@code FEATBIT_ENV_SECRET} gave one
   */
  void requireSecret() {
    if (secret == null || secret.isBlank()) {
      throw CliException.badInput("no env secret: pass --secret or set FEATBIT_ENV_SECRET");
    }
  }

  /**
   * A configuration builder for this secret and streaming URL, with events off and no start wait (the commands
   * report readiness themselves).
   *
   * @throws CliException when no secret was given
   */
  FBConfig.Builder configBuilder() {
    requireSecret();
    return FBConfig.builder(secret.trim()).streamingUrl(streamingUrl).disableEvents()
        .startWait(java.time.Duration.ZERO);
  }
}
