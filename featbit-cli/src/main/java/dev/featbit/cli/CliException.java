package dev.featbit.cli;

/** A problem the CLI reports as one line on stderr, with its exit code. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliException badInput(String message) {
    return new CliException(FeatBitCli.BAD_INPUT, message);
  }

  static CliException failed(String message) {
    return new CliException(FeatBitCli.FAILED, message);
  }
}
