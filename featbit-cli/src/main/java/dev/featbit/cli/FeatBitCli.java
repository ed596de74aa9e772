package dev.featbit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code featbit} command line: {@code demo}, {@code eval}, {@code watch}, {@code serve} and {@code relay}.
 *
 * <p>Exit codes: 0 success, 1 a failure at run time (server rejected the secret, port in use, I/O error),
 * 2 bad input (usage, missing or malformed file, unknown flag, bad URL). Every error is one line on stderr.
 */
@Command(name = "featbit", mixinStandardHelpOptions = true, versionProvider = FeatBitCli.Version.class,
    description = "FeatBit server-side SDK for Java: a live demo, offline evaluation with explanations, a change "
        + "watcher for a real FeatBit server, a local FeatBit-compatible evaluation server, and a relay from FeatBit "
        + "into Redis.",
    subcommands = {DemoCommand.class, EvalCommand.class, WatchCommand.class, ServeCommand.class, RelayCommand.class,
        CommandLine.HelpCommand.class})
public final class FeatBitCli implements Runnable {
  /** Exit code for bad input. */
  public static final int BAD_INPUT = 2;
  /** Exit code for a failure at run time. */
  public static final int FAILED = 1;

  final PrintWriter out;
  final PrintWriter err;
  /** Counted down to stop a long-running command ({@code watch}, {@code serve}): Ctrl-C or a test. */
  final CountDownLatch stop;

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Show the SDK's and the server's info logs on stderr (default: warnings and errors only).")
  boolean verbose;

  FeatBitCli(PrintWriter out, PrintWriter err, CountDownLatch stop) {
    this.out = out;
    this.err = err;
    this.stop = stop;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /**
   * Runs the {@code featbit} command line and exits with its exit code (see {@link #execute}).
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose")) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      }
    }
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        finished.await(5, TimeUnit.SECONDS); // let the command close its client and server
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "featbit-cli-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = execute(args, out, err, stop);
    finished.countDown();
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line with the given streams; returns the exit code. Used by {@link #main} and tests.
   *
   * @param args the command-line arguments
   * @param out where the command's output goes
   * @param err where error lines go
   * @param stop counted down to end a long-running command ({@code watch}, {@code serve}) as Ctrl-C does
   * @return the exit code: 0 success, 1 a failure at run time, 2 bad input
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, CountDownLatch stop) {
    CommandLine cl = new CommandLine(new FeatBitCli(out, err, stop));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      err.println("featbit: " + ex.getMessage() + " (see 'featbit " + subcommandPath(c) + "--help')");
      err.flush();
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      if (ex instanceof CliException) {
        err.println("featbit: error: " + ex.getMessage());
        err.flush();
        return ((CliException) ex).exitCode;
      }
      err.println("featbit: error: unexpected " + ex);
      err.flush();
      return FAILED;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String subcommandPath(CommandLine c) {
    StringBuilder b = new StringBuilder();
    for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) {
      b.insert(0, x.getCommandName() + " ");
    }
    return b.toString();
  }

  /** The version of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FeatBitCli.class.getPackage().getImplementationVersion();
      return new String[] {"featbit " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (FeatBit server-side SDK for Java)"};
    }
  }
}
