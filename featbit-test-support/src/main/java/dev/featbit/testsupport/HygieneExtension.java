package dev.featbit.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs around every test class and test of every module (registered through JUnit's extension auto-detection,
 * see {@code META-INF/services} and {@code junit-platform.properties} in this module):
 *
 * <ul>
 *   <li>after each test, and after each test class, no thread started during it that is an SDK or test kit
 *       thread ({@code featbit-*}; the test kit's after the class only) or an unnamed one ({@code Thread-N}, {@code pool-N-thread-M}) is still alive: such
 *       threads are given {@link #GRACE_MILLIS} in all to end (awaited with {@code join}), then the test fails
 *       naming them. {@link AllowThreads} skips the check;
 *   <li>no ERROR event is logged during a test, its {@code @BeforeEach}/{@code @AfterEach} methods or the class's
 *       {@code @BeforeAll}/{@code @AfterAll} methods unless {@link AllowLogs} allows its logger.
 * </ul>
 *
 * <p>The default timeout of every test is set in {@code junit-platform.properties}.
 */
public final class HygieneExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  /**
   * How long threads started by a test are given, in all, to end after it (10 s): a closed client stops its
   * threads at once, the rest is room for a machine busy with other builds.
   */
  static final long GRACE_MILLIS = 10_000;
  private static final Pattern WATCHED = Pattern.compile("featbit-.*|Thread-\\d+|pool-\\d+-thread-\\d+");
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HygieneExtension.class);
  private static volatile LogSink sink;

  private static LogSink sink() {
    LogSink s = sink;
    if (s == null) {
      synchronized (HygieneExtension.class) {
        if (sink == null) {
          sink = LogSink.forBinding();
        }
        s = sink;
      }
    }
    s.ensureAttached();
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sink().drain(); // what earlier classes logged after they ended is not this class's
    context.getStore(NS).put("threads", liveThreads());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    checkLogs(sink().drain(), context.getRequiredTestClass(), "@BeforeAll or between tests");
    context.getStore(NS).put("threads", liveThreads());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> problems = new ArrayList<>();
    problems.addAll(threadProblems(context, false));
    problems.addAll(logProblems(sink().drain(), context.getRequiredTestMethod(), context.getRequiredTestClass()));
    fail(problems, context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> problems = new ArrayList<>();
    problems.addAll(threadProblems(context, true));
    problems.addAll(logProblems(sink().drain(), null, context.getRequiredTestClass()));
    fail(problems, context.getRequiredTestClass().getSimpleName() + " (@BeforeAll/@AfterAll)");
  }

  private static void fail(List<String> problems, String where) {
    if (!problems.isEmpty()) {
      throw new AssertionError(where + ":\n  " + String.join("\n  ", problems));
    }
  }

  private static void checkLogs(List<LogSink.Event> events, Class<?> testClass, String where) {
    fail(logProblems(events, null, testClass), testClass.getSimpleName() + " (" + where + ")");
  }

  private static List<String> logProblems(List<LogSink.Event> events, AnnotatedElement method, Class<?> testClass) {
    List<String> out = new ArrayList<>();
    for (LogSink.Event e : events) {
      if (!allowed(e.logger, method) && !allowed(e.logger, testClass)) {
        out.add("ERROR logged by " + e + "  (declare it with @AllowLogs(\"" + e.logger + "\") if expected)");
      }
    }
    return out;
  }

  private static boolean allowed(String logger, AnnotatedElement where) {
    if (where == null) {
      return false;
    }
    AllowLogs a = annotation(where, AllowLogs.class);
    if (a == null) {
      return false;
    }
    if (a.value().length == 0) {
      return true;
    }
    for (String name : a.value()) {
      if (logger.equals(name) || logger.startsWith(name + ".")) {
        return true;
      }
    }
    return false;
  }

  private static <A extends java.lang.annotation.Annotation> A annotation(AnnotatedElement e, Class<A> type) {
    A a = e.getAnnotation(type);
    if (a == null && e instanceof Class) {
      for (Class<?> c = ((Class<?>) e).getEnclosingClass(); c != null && a == null; c = c.getEnclosingClass()) {
        a = c.getAnnotation(type);
      }
    }
    return a;
  }

  private static Set<Thread> liveThreads() {
    Set<Thread> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(Thread.getAllStackTraces().keySet());
    return s;
  }

  /**
   * Threads started since the context began that are still alive after the grace. After a test, the test kit
   * server's own threads ({@code featbit-testkit*}) are left out: a server shared by the class's tests starts
   * workers on demand; they are checked after the class.
   */
  private static List<String> threadProblems(ExtensionContext context, boolean includeTestKit) {
    Optional<java.lang.reflect.Method> method = context.getTestMethod();
    if (annotation(context.getRequiredTestClass(), AllowThreads.class) != null
        || (method.isPresent() && method.get().getAnnotation(AllowThreads.class) != null)) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    Set<Thread> before = (Set<Thread>) context.getStore(NS).get("threads", Set.class);
    if (before == null) {
      return List.of();
    }
    long deadline = System.nanoTime() + GRACE_MILLIS * 1_000_000;
    List<Thread> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && WATCHED.matcher(t.getName()).matches()
          && (includeTestKit || !t.getName().startsWith("featbit-testkit"))) {
        left.add(t);
      }
    }
    for (Thread t : left) {
      long wait = (deadline - System.nanoTime()) / 1_000_000;
      if (wait > 0) {
        try {
          t.join(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return left.stream().filter(Thread::isAlive)
        .map(t -> "thread '" + t.getName() + "' started during the test is still running " + GRACE_MILLIS
            + " ms after it" + top(t))
        .collect(Collectors.toList());
  }

  private static String top(Thread t) {
    StackTraceElement[] st = t.getStackTrace();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(4, st.length); i++) {
      b.append("\n      at ").append(st[i]);
    }
    return b.toString();
  }
}
