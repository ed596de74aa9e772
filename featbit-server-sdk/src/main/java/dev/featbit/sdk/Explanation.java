package dev.featbit.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How one flag evaluates for one user, step by step, as {@link FBClient#explain(String, FBUser)} found it
 * (immutable): the result and the steps the server's algorithm took to reach it.
 *
 * <p>The steps are lines for people, in the order they were taken: whether the flag is enabled, the
 * individual targets, each rule with each condition and the user's value, segment membership (excluded,
 * included, which segment rule), the dispatch string, bucket and slice of a percentage rollout, or the data
 * defect met. A nested step (a condition of a rule, a segment of a condition) is indented by two spaces per
 * level; the last step, starting with {@code "=> "}, states the outcome. Their wording is not a stable
 * contract: programs decide on {@link #result()}.
 *
 * @since 0.1.0
 */
public final class Explanation {
  private final EvalDetail<String> result;
  private final List<String> steps;

  /**
   * Creates an explanation; used by the SDK and by test doubles.
   *
   * @param result the evaluation result (raw string value; {@code ""} for a fallback)
   * @param steps the steps taken, copied
   * @throws NullPointerException if {@code result}, {@code steps} or one of the steps is null
   */
  public Explanation(EvalDetail<String> result, List<String> steps) {
    this.result = Objects.requireNonNull(result, "result");
    List<String> copy = new ArrayList<>(Objects.requireNonNull(steps, "steps"));
    for (String s : copy) {
      Objects.requireNonNull(s, "step");
    }
    this.steps = Collections.unmodifiableList(copy);
  }

  /**
   * The result of the evaluation, as {@link FBClient#stringVariationDetail} with a fallback of {@code ""} would
   * return it (without recording an event).
   *
   * @return the detail: served value and variation, or {@code ""} with the reason and error kind of the fallback
   */
  public EvalDetail<String> result() {
    return result;
  }

  /**
   * The steps that decided the result, in order (see the class comment).
   *
   * @return the steps, unmodifiable, never empty for an explanation from the client
   */
  public List<String> steps() {
    return steps;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Explanation)) {
      return false;
    }
    Explanation e = (Explanation) o;
    return result.equals(e.result) && steps.equals(e.steps);
  }

  @Override
  public int hashCode() {
    return 31 * result.hashCode() + steps.hashCode();
  }

  /** The result, then one step per line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(result.toString());
    for (String s : steps) {
      b.append('\n').append(s);
    }
    return b.toString();
  }
}
