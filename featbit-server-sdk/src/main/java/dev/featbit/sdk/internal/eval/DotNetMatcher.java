package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.internal.eval.DotNetRegex.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A matcher implementing .NET's regex semantics for the patterns .NET accepts that the translation onto
 * {@code java.util.regex} cannot express: balancing groups, conditionals, a group defined twice, forward
 * references, look-behinds without a maximum length (spec EVAL-14).
 *
 * <p>The pattern is read with .NET's grammar ({@link DotNetRegex#parseTree}) and compiled to a program for a
 * backtracking machine whose backtrack stack is an array, not the Java stack: an input of any length needs
 * no recursion. Semantics follow .NET's interpreter: greedy and lazy quantifiers, an iteration matching
 * nothing ends its loop once the minimum count is reached, a capture stack per group (balancing groups pop
 * it, undone on backtracking), look-behinds matched right to left, a back-reference to a group that has not
 * captured fails, conditionals by group or by a zero-width look-ahead expression.
 *
 * <p>Bounded time: every instruction executed, every character read and every backtrack entry unwound
 * spends one unit of the budget; when it runs out the match throws {@link BoundedRegex.BudgetExceeded}, as
 * the counted {@code java.util.regex} path does (spec D-5).
 */
final class DotNetMatcher {
  /** Largest program accepted, in instructions. */
  static final int MAX_INSTRUCTIONS = 100_000;

  // opcodes (each followed by its operands)
  private static final int OP_SET = 1;          // set, rtl
  private static final int OP_STAR = 2;         // set, rtl, min, max, lazy
  private static final int OP_SPLIT = 3;        // preferred, other
  private static final int OP_JMP = 4;          // target
  private static final int OP_MATCH = 5;
  private static final int OP_ASSERT = 6;       // anchor
  private static final int OP_SAVEPOS = 7;      // reg
  private static final int OP_CAPTURE = 8;      // slot or -1, reg, uncapture slot or -1
  private static final int OP_BACKREF = 9;      // slot, ignoreCase, rtl
  private static final int OP_REP_INIT = 10;    // counter reg
  private static final int OP_REP_TOP = 11;     // counter reg, min, max, lazy, exit
  private static final int OP_REP_NEXT = 12;    // counter reg, start reg, min, top, exit
  private static final int OP_MARK = 13;        // reg: the stack height (atomic group)
  private static final int OP_CUT = 14;         // reg: drops the choices above the height
  private static final int OP_LOOK = 15;        // height reg, position reg
  private static final int OP_LOOK_END = 16;    // height reg, position reg
  private static final int OP_NEG = 17;         // height reg, continuation
  private static final int OP_NEG_END = 18;     // height reg
  private static final int OP_COND_GROUP = 19;  // slot, no-branch
  private static final int OP_COND = 20;        // height reg, position reg, no-branch
  private static final int OP_FAIL = 21;

  private static final int[] LENGTH = new int[22];

  static {
    int[][] l = {{OP_SET, 3}, {OP_STAR, 6}, {OP_SPLIT, 3}, {OP_JMP, 2}, {OP_MATCH, 1}, {OP_ASSERT, 2},
        {OP_SAVEPOS, 2}, {OP_CAPTURE, 4}, {OP_BACKREF, 4}, {OP_REP_INIT, 2}, {OP_REP_TOP, 6}, {OP_REP_NEXT, 6},
        {OP_MARK, 2}, {OP_CUT, 2}, {OP_LOOK, 3}, {OP_LOOK_END, 3}, {OP_NEG, 3}, {OP_NEG_END, 2},
        {OP_COND_GROUP, 3}, {OP_COND, 4}, {OP_FAIL, 1}};
    for (int[] e : l) {
      LENGTH[e[0]] = e[1];
    }
  }

  // backtrack stack entries: operands, then the type on top
  private static final int T_CHOICE = 1;   // pc, pos
  private static final int T_STAR = 2;     // pc, lowest, current, rtl: gives back one character
  private static final int T_LAZY = 3;     // pc, pos, set, remaining (-1: unbounded), rtl: takes one more
  private static final int T_REG = 4;      // reg, old value
  private static final int T_PUSHED = 5;   // slot: a capture was pushed
  private static final int T_POPPED = 6;   // slot, start, end: a capture was popped
  private static final int[] ENTRY = {0, 3, 5, 6, 3, 2, 4};

  private final int[] code;
  private final BitSet[] sets;
  private final int registers;
  private final int slots;
  /** Every match starts at the first character ({@code ^} without m, {@code \A}, {@code \G} first). */
  private final boolean anchored;
  private final ThreadLocal<Machine> machines;

  private DotNetMatcher(int[] code, BitSet[] sets, int registers, int slots, boolean anchored) {
    this.anchored = anchored;
    this.code = code;
    this.sets = sets;
    this.registers = registers;
    this.slots = slots;
    this.machines = ThreadLocal.withInitial(Machine::new);
  }

  /**
   * Compiles {@code pattern}, or returns null with the reason in {@code error[0]}: .NET refuses the pattern,
   * or its program would be larger than {@link #MAX_INSTRUCTIONS}.
   */
  static DotNetMatcher compile(String pattern, String[] error) {
    DotNetRegex.Tree tree = DotNetRegex.parseTree(pattern);
    if (tree.error != null) {
      error[0] = tree.error;
      return null;
    }
    Compiler c = new Compiler(tree.numbers);
    try {
      c.emit(tree.root, false);
      c.op(OP_MATCH);
    } catch (TooLarge e) {
      error[0] = "pattern too large (its program has more than " + MAX_INSTRUCTIONS
          + " instructions; accepted by the server, not supported by this SDK)";
      return null;
    } catch (StackOverflowError e) {
      error[0] = "pattern too deeply nested";
      return null;
    }
    int[] code = new int[c.code.size()];
    for (int i = 0; i < code.length; i++) {
      code[i] = c.code.get(i);
    }
    return new DotNetMatcher(code, c.sets.toArray(new BitSet[0]), c.registers, c.slotOf.size(),
        anchoredStart(tree.root));
  }

  /** Whether every match of {@code n} must start at position 0. */
  private static boolean anchoredStart(Node n) {
    switch (n.kind) {
      case DotNetRegex.START:
        return true;
      case DotNetRegex.ASSERT:
        return n.anchor == DotNetRegex.ANCHOR_G;
      case DotNetRegex.SEQ:
        return !n.kids.isEmpty() && anchoredStart(n.kids.get(0));
      case DotNetRegex.GROUP:
        return anchoredStart(n.child);
      case DotNetRegex.ALT:
        for (Node k : n.kids) {
          if (!anchoredStart(k)) {
            return false;
          }
        }
        return true;
      default:
        return false;
    }
  }

  /** Whether every match starts at position 0 (tests). */
  boolean anchored() {
    return anchored;
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  // ---------------------------------------------------------------- compiler

  private static final class Compiler {
    final List<Integer> code = new ArrayList<>();
    final List<BitSet> sets = new ArrayList<>();
    final Map<BitSet, Integer> setIndex = new HashMap<>();
    final Map<Integer, Integer> slotOf = new HashMap<>();
    int registers;
    int instructions;

    Compiler(java.util.Set<Integer> numbers) {
      slotOf.put(0, 0); // group 0 (the whole match) has not captured while matching
      for (int n : numbers) {
        slotOf.putIfAbsent(n, slotOf.size());
      }
    }

    int here() {
      return code.size();
    }

    int op(int op, int... operands) {
      if (++instructions > MAX_INSTRUCTIONS) {
        throw new TooLarge();
      }
      int at = code.size();
      code.add(op);
      for (int o : operands) {
        code.add(o);
      }
      return at;
    }

    void patch(int at, int value) {
      code.set(at, value);
    }

    int reg() {
      return registers++;
    }

    int set(BitSet s) {
      Integer i = setIndex.get(s);
      if (i == null) {
        i = sets.size();
        sets.add(s);
        setIndex.put(s, i);
      }
      return i;
    }

    int slot(int number) {
      Integer s = slotOf.get(number);
      return s == null ? 0 : s;
    }

    void emit(Node n, boolean rtl) {
      int dir = rtl ? 1 : 0;
      switch (n.kind) {
        case DotNetRegex.SET:
          op(OP_SET, set(n.exact), dir);
          return;
        case DotNetRegex.SEQ:
          if (rtl) {
            for (int i = n.kids.size() - 1; i >= 0; i--) {
              emit(n.kids.get(i), true);
            }
          } else {
            for (Node k : n.kids) {
              emit(k, false);
            }
          }
          return;
        case DotNetRegex.ALT:
          alternatives(n.kids, rtl);
          return;
        case DotNetRegex.GROUP:
          group(n, rtl);
          return;
        case DotNetRegex.LOOK:
          look(n);
          return;
        case DotNetRegex.REPEAT:
          repeat(n, rtl);
          return;
        case DotNetRegex.ASSERT:
        case DotNetRegex.START:
          op(OP_ASSERT, n.anchor);
          return;
        case DotNetRegex.BACKREF:
          op(OP_BACKREF, slot(n.number), n.ignoreCase ? 1 : 0, dir);
          return;
        case DotNetRegex.COND:
          conditional(n, rtl);
          return;
        default: // EMPTY
          return;
      }
    }

    void alternatives(List<Node> kids, boolean rtl) {
      List<Integer> jumps = new ArrayList<>();
      for (int i = 0; i < kids.size(); i++) {
        if (i < kids.size() - 1) {
          int split = op(OP_SPLIT, 0, 0);
          patch(split + 1, here());
          emit(kids.get(i), rtl);
          jumps.add(op(OP_JMP, 0));
          patch(split + 2, here());
        } else {
          emit(kids.get(i), rtl);
        }
      }
      for (int j : jumps) {
        patch(j + 1, here());
      }
    }

    void group(Node n, boolean rtl) {
      if (n.atomic) {
        int r = reg();
        op(OP_MARK, r);
        emit(n.child, rtl);
        op(OP_CUT, r);
      } else if (n.number >= 0 || n.uncapture >= 0) {
        int r = reg();
        op(OP_SAVEPOS, r);
        emit(n.child, rtl);
        op(OP_CAPTURE, n.number >= 0 ? slot(n.number) : -1, r, n.uncapture >= 0 ? slot(n.uncapture) : -1);
      } else {
        emit(n.child, rtl);
      }
    }

    /** A look-around: its body is matched left to right (look-ahead) or right to left (look-behind). */
    void look(Node n) {
      int height = reg();
      if (n.negative) {
        int neg = op(OP_NEG, height, 0);
        emit(n.child, n.behind);
        op(OP_NEG_END, height);
        patch(neg + 2, here());
      } else {
        int position = reg();
        op(OP_LOOK, height, position);
        emit(n.child, n.behind);
        op(OP_LOOK_END, height, position);
      }
    }

    void repeat(Node n, boolean rtl) {
      Node body = n.child;
      int min = n.min;
      int max = n.max;
      if (max == 0) {
        return; // x{0}: matches nothing, never runs x
      }
      if (body.kind == DotNetRegex.SET) {
        op(OP_STAR, set(body.exact), rtl ? 1 : 0, min, max, n.lazy ? 1 : 0);
        return;
      }
      if (min == 1 && max == 1) {
        emit(body, rtl);
        return;
      }
      int counter = reg();
      int start = reg();
      op(OP_REP_INIT, counter);
      int top = op(OP_REP_TOP, counter, min, max, n.lazy ? 1 : 0, 0);
      op(OP_SAVEPOS, start);
      emit(body, rtl);
      int next = op(OP_REP_NEXT, counter, start, min, top, 0);
      patch(top + 5, here());
      patch(next + 5, here());
    }

    void conditional(Node n, boolean rtl) {
      int no;
      if (n.cond == null) {
        no = op(OP_COND_GROUP, n.number >= 0 ? slot(n.number) : 0, 0) + 2;
      } else {
        int height = reg();
        int position = reg();
        no = op(OP_COND, height, position, 0) + 3;
        emit(n.cond, rtl);
        op(OP_LOOK_END, height, position);
      }
      emit(n.kids.get(0), rtl);
      int jump = op(OP_JMP, 0);
      patch(no, here());
      if (n.kids.size() > 1) {
        emit(n.kids.get(1), rtl);
      }
      patch(jump + 1, here());
    }
  }

  // ---------------------------------------------------------------- machine

  /** Whether the pattern is found anywhere in {@code input}, within {@code budget} steps. */
  boolean find(String input, long budget) {
    Machine m = machines.get();
    m.prepare(registers, slots);
    m.in = input;
    m.left = budget;
    try {
      for (int start = 0, n = anchored ? 0 : input.length(); start <= n; start++) {
        if (m.run(start)) {
          return true;
        }
      }
      return false;
    } finally {
      m.release();
    }
  }

  /** The state of a match, one per thread, reused: arrays grow on demand and are kept moderate. */
  private final class Machine {
    private static final int INITIAL = 256;
    private static final int KEEP = 1 << 16;
    String in;
    long left;
    int[] stack = new int[INITIAL];
    int sp;
    int[] scratch = new int[INITIAL];
    int[] regs = new int[16];
    int[][] capStart = new int[0][];
    int[][] capEnd = new int[0][];
    int[] capCount = new int[0];

    void prepare(int registers, int slots) {
      if (regs.length < registers) {
        regs = new int[registers];
      }
      if (capCount.length < slots) {
        capStart = new int[slots][];
        capEnd = new int[slots][];
        capCount = new int[slots];
        for (int i = 0; i < slots; i++) {
          capStart[i] = new int[4];
          capEnd[i] = new int[4];
        }
      }
    }

    void release() {
      in = null; // do not keep the user's value reachable from the thread
      if (stack.length > KEEP) {
        stack = new int[INITIAL];
      }
      if (scratch.length > KEEP) {
        scratch = new int[INITIAL];
      }
      for (int i = 0; i < capCount.length; i++) {
        if (capStart[i].length > KEEP) {
          capStart[i] = new int[4];
          capEnd[i] = new int[4];
        }
      }
    }

    private void spend() {
      if (--left < 0) {
        throw BoundedRegex.BudgetExceeded.INSTANCE;
      }
    }

    private void room(int n) {
      if (sp + n > stack.length) {
        stack = java.util.Arrays.copyOf(stack, Math.max(stack.length * 2, sp + n));
      }
    }

    private void push2(int a, int t) {
      room(2);
      stack[sp++] = a;
      stack[sp++] = t;
    }

    private void push3(int a, int b, int t) {
      room(3);
      stack[sp++] = a;
      stack[sp++] = b;
      stack[sp++] = t;
    }

    private void setReg(int r, int v) {
      push3(r, regs[r], T_REG);
      regs[r] = v;
    }

    private void pushCapture(int slot, int start, int end) {
      int k = capCount[slot];
      if (k == capStart[slot].length) {
        capStart[slot] = java.util.Arrays.copyOf(capStart[slot], k * 2);
        capEnd[slot] = java.util.Arrays.copyOf(capEnd[slot], k * 2);
      }
      capStart[slot][k] = start;
      capEnd[slot][k] = end;
      capCount[slot] = k + 1;
      push2(slot, T_PUSHED);
    }

    private void popCapture(int slot) {
      int k = --capCount[slot];
      room(4);
      stack[sp++] = slot;
      stack[sp++] = capStart[slot][k];
      stack[sp++] = capEnd[slot][k];
      stack[sp++] = T_POPPED;
    }

    /** Applies the undo entry of type {@code t} whose operands end at {@code top}. */
    private void undo(int t, int top) {
      switch (t) {
        case T_REG:
          regs[stack[top - 2]] = stack[top - 1];
          break;
        case T_PUSHED:
          capCount[stack[top - 1]]--;
          break;
        case T_POPPED: {
          int slot = stack[top - 3];
          int k = capCount[slot];
          capStart[slot][k] = stack[top - 2];
          capEnd[slot][k] = stack[top - 1];
          capCount[slot] = k + 1;
          break;
        }
        default:
          break;
      }
    }

    /** Removes the choices above {@code height}, keeping the undo entries in their order. */
    private void cut(int height) {
      int w = 0;
      int i = sp;
      while (i > height) {
        spend();
        int t = stack[i - 1];
        int len = ENTRY[t];
        if (t >= T_REG) {
          if (w + len > scratch.length) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(scratch.length * 2, w + len));
          }
          System.arraycopy(stack, i - len, scratch, w, len);
          w += len;
        }
        i -= len;
      }
      sp = height;
      while (w > 0) { // scratch holds the kept entries top first
        int len = ENTRY[scratch[w - 1]];
        System.arraycopy(scratch, w - len, stack, sp, len);
        sp += len;
        w -= len;
      }
    }

    /** Undoes and drops every entry above {@code height}. */
    private void unwind(int height) {
      while (sp > height) {
        spend();
        int t = stack[sp - 1];
        undo(t, sp - 1);
        sp -= ENTRY[t];
      }
    }

    private boolean isWord(int i) {
      return i >= 0 && i < in.length() && DotNetRegex.isBoundaryWordChar(in.charAt(i));
    }

    private boolean anchor(int kind, int pos) {
      String s = in;
      int n = s.length();
      switch (kind) {
        case DotNetRegex.ANCHOR_START:
        case DotNetRegex.ANCHOR_G:
          return pos == 0;
        case DotNetRegex.ANCHOR_LINE_START:
          return pos == 0 || s.charAt(pos - 1) == '\n';
        case DotNetRegex.ANCHOR_END_OR_NL:
          return pos == n || (pos == n - 1 && s.charAt(pos) == '\n');
        case DotNetRegex.ANCHOR_LINE_END:
          return pos == n || s.charAt(pos) == '\n';
        case DotNetRegex.ANCHOR_END:
          return pos == n;
        case DotNetRegex.ANCHOR_BOUNDARY:
          return isWord(pos - 1) != isWord(pos);
        case DotNetRegex.ANCHOR_NOT_BOUNDARY:
          return isWord(pos - 1) == isWord(pos);
        default:
          return false;
      }
    }

    private boolean sameIgnoringCase(char a, char b) {
      return DotNetCase.equivalent(a, b); // .NET's case-equivalence table, as its interpreter compares
    }

    /** One match attempt at {@code start}. */
    boolean run(int start) {
      final int[] code = DotNetMatcher.this.code;
      final BitSet[] sets = DotNetMatcher.this.sets;
      final String s = in;
      final int n = s.length();
      java.util.Arrays.fill(capCount, 0);
      sp = 0;
      int pc = 0;
      int pos = start;
      while (true) {
        spend();
        boolean ok = false;
        switch (code[pc]) {
          case OP_SET: {
            BitSet set = sets[code[pc + 1]];
            if (code[pc + 2] == 0) {
              if (pos < n && set.get(s.charAt(pos))) {
                pos++;
                ok = true;
              }
            } else if (pos > 0 && set.get(s.charAt(pos - 1))) {
              pos--;
              ok = true;
            }
            pc += 3;
            break;
          }
          case OP_STAR: {
            BitSet set = sets[code[pc + 1]];
            boolean rtl = code[pc + 2] != 0;
            int min = code[pc + 3];
            int max = code[pc + 4];
            boolean lazy = code[pc + 5] != 0;
            int next = pc + 6;
            int p = pos;
            int take = lazy ? min : max;
            int room = rtl ? p : n - p;
            int limit = take < 0 || take > room ? room : take;
            int got = 0;
            while (got < limit) {
              spend();
              if (!set.get(s.charAt(rtl ? p - 1 : p))) {
                break;
              }
              p += rtl ? -1 : 1;
              got++;
            }
            if (got < min) {
              break;
            }
            if (lazy) {
              if (max != min) {
                room(6);
                stack[sp++] = next;
                stack[sp++] = p;
                stack[sp++] = code[pc + 1];
                stack[sp++] = max < 0 ? -1 : max - min;
                stack[sp++] = rtl ? 1 : 0;
                stack[sp++] = T_LAZY;
              }
            } else if (got > min) {
              room(5);
              stack[sp++] = next;
              stack[sp++] = rtl ? pos - min : pos + min;
              stack[sp++] = p;
              stack[sp++] = rtl ? 1 : 0;
              stack[sp++] = T_STAR;
            }
            pos = p;
            pc = next;
            ok = true;
            break;
          }
          case OP_SPLIT:
            push3(code[pc + 2], pos, T_CHOICE);
            pc = code[pc + 1];
            ok = true;
            break;
          case OP_JMP:
            pc = code[pc + 1];
            ok = true;
            break;
          case OP_MATCH:
            return true;
          case OP_FAIL:
            break;
          case OP_ASSERT:
            ok = anchor(code[pc + 1], pos);
            pc += 2;
            break;
          case OP_SAVEPOS:
            setReg(code[pc + 1], pos);
            pc += 2;
            ok = true;
            break;
          case OP_CAPTURE: {
            int slot = code[pc + 1];
            int from = regs[code[pc + 2]];
            int uncapture = code[pc + 3];
            int a = Math.min(from, pos);
            int b = Math.max(from, pos);
            if (uncapture >= 0) {
              int k = capCount[uncapture];
              if (k == 0) {
                break; // balancing a group that has no capture: no match
              }
              int a2 = capStart[uncapture][k - 1];
              int b2 = capEnd[uncapture][k - 1];
              // the new capture is what lies between the popped one and this group (.NET's TransferCapture)
              if (a >= b2) {
                b = a;
                a = b2;
              } else if (b <= a2) {
                a = a2;
              } else {
                if (b > b2) {
                  b = b2;
                }
                if (a2 > a) {
                  a = a2;
                }
              }
              popCapture(uncapture);
            }
            if (slot >= 0) {
              pushCapture(slot, a, b);
            }
            pc += 4;
            ok = true;
            break;
          }
          case OP_BACKREF: {
            int slot = code[pc + 1];
            int k = capCount[slot];
            if (k == 0) {
              break; // the group has not captured: no match
            }
            int from = capStart[slot][k - 1];
            int len = Math.max(0, capEnd[slot][k - 1] - from);
            boolean ic = code[pc + 2] != 0;
            boolean rtl = code[pc + 3] != 0;
            int at = rtl ? pos - len : pos;
            if (at < 0 || at + len > n) {
              break;
            }
            boolean same = true;
            for (int i = 0; i < len; i++) {
              spend();
              char x = s.charAt(from + i);
              char y = s.charAt(at + i);
              if (x != y && !(ic && sameIgnoringCase(x, y))) {
                same = false;
                break;
              }
            }
            if (!same) {
              break;
            }
            pos = rtl ? at : at + len;
            pc += 4;
            ok = true;
            break;
          }
          case OP_REP_INIT:
            setReg(code[pc + 1], 0);
            pc += 2;
            ok = true;
            break;
          case OP_REP_TOP: {
            int count = regs[code[pc + 1]];
            int min = code[pc + 2];
            int max = code[pc + 3];
            int exit = code[pc + 5];
            int body = pc + 6;
            ok = true;
            if (count < min) {
              pc = body;
            } else if (max >= 0 && count >= max) {
              pc = exit;
            } else if (code[pc + 4] == 0) {
              push3(exit, pos, T_CHOICE);
              pc = body;
            } else {
              push3(body, pos, T_CHOICE);
              pc = exit;
            }
            break;
          }
          case OP_REP_NEXT: {
            int r = code[pc + 1];
            int count = regs[r] + 1;
            setReg(r, count);
            // an iteration that matched nothing ends the loop once the minimum is reached
            pc = pos == regs[code[pc + 2]] && count >= code[pc + 3] ? code[pc + 5] : code[pc + 4];
            ok = true;
            break;
          }
          case OP_MARK:
            setReg(code[pc + 1], sp + 3);
            pc += 2;
            ok = true;
            break;
          case OP_CUT:
            cut(regs[code[pc + 1]]);
            pc += 2;
            ok = true;
            break;
          case OP_LOOK:
            setReg(code[pc + 2], pos);
            setReg(code[pc + 1], sp + 3);
            pc += 3;
            ok = true;
            break;
          case OP_LOOK_END:
            cut(regs[code[pc + 1]]);
            pos = regs[code[pc + 2]];
            pc += 3;
            ok = true;
            break;
          case OP_NEG:
            setReg(code[pc + 1], sp + 3);
            push3(code[pc + 2], pos, T_CHOICE); // the body failing continues here
            pc += 3;
            ok = true;
            break;
          case OP_NEG_END:
            unwind(regs[code[pc + 1]]); // the body matched: the look-around fails
            break;
          case OP_COND_GROUP:
            ok = true;
            pc = capCount[code[pc + 1]] > 0 ? pc + 3 : code[pc + 2];
            break;
          case OP_COND:
            setReg(code[pc + 2], pos);
            setReg(code[pc + 1], sp + 3);
            push3(code[pc + 3], pos, T_CHOICE); // the condition failing takes the other branch
            pc += 4;
            ok = true;
            break;
          default:
            throw new IllegalStateException("opcode " + code[pc]);
        }
        if (ok) {
          continue;
        }
        // backtrack
        while (true) {
          if (sp == 0) {
            return false;
          }
          spend();
          int t = stack[sp - 1];
          if (t == T_CHOICE) {
            pos = stack[sp - 2];
            pc = stack[sp - 3];
            sp -= 3;
            break;
          }
          if (t == T_STAR) {
            boolean rtl = stack[sp - 2] != 0;
            int cur = stack[sp - 3] + (rtl ? 1 : -1);
            int lowest = stack[sp - 4];
            pc = stack[sp - 5];
            pos = cur;
            if (cur == lowest) {
              sp -= 5;
            } else {
              stack[sp - 3] = cur;
            }
            break;
          }
          if (t == T_LAZY) {
            boolean rtl = stack[sp - 2] != 0;
            int remaining = stack[sp - 3];
            BitSet set = sets[stack[sp - 4]];
            int p = stack[sp - 5];
            int at = rtl ? p - 1 : p;
            if (at >= 0 && at < n && set.get(s.charAt(at))) {
              pc = stack[sp - 6];
              pos = rtl ? p - 1 : p + 1;
              if (remaining == 1) {
                sp -= 6;
              } else {
                stack[sp - 5] = pos;
                stack[sp - 3] = remaining < 0 ? -1 : remaining - 1;
              }
              break;
            }
            sp -= 6;
            continue;
          }
          undo(t, sp - 1);
          sp -= ENTRY[t];
        }
      }
    }
  }
}
