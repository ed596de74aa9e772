package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.ReasonKind;
import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.data.KeyList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles flag and segment documents ({@link JsonTree} values) into {@link CompiledFlag} / {@link CompiledSegment}.
 *
 * <p>Reading rules follow the FeatBit server's evaluator (spec D-9, as verified against
 * {@code modules/evaluation-server/src/Domain/Evaluation}): a property the server reads with
 * {@code GetProperty} must exist; a {@code GetString} property may be {@code null} but not another JSON type;
 * a {@code GetBoolean} property must be a boolean; a defect becomes a {@link Defect} placed where the server
 * would meet it. The flag's {@code variations} list is bound like ASP.NET's web defaults (property names
 * case-insensitive) and read before evaluation starts.
 */
public final class Compiler {
  /** Assigns stable table slots to (canonical, lower-case) segment ids. */
  public interface SegmentSlots {
    int slotOf(String canonicalId);
  }

  public static final String IN_SEGMENT = "User is in segment";
  public static final String NOT_IN_SEGMENT = "User is not in segment";

  private final long regexBudget;
  private static final int[] NO_SLOTS = new int[0];
  /** The bounds of a rollout whose one slice is everyone ({@code [0, 1]}, most rollouts), shared. */
  private static final double[] EVERYONE = {0, 1};
  private static final CompiledFlag.Rule[] NO_RULES = new CompiledFlag.Rule[0];
  private final Map<String, Prop> props = new java.util.HashMap<>();
  private final Map<String, BoundedRegex> regexes = new java.util.HashMap<>();
  private final Map<CondKey, OpCond> conds = new java.util.HashMap<>();

  /** Identity of an operator condition: what {@link OpCond} is built from. */
  private static final class CondKey {
    final int code;
    final String property;
    final String value;

    CondKey(int code, String property, String value) {
      this.code = code;
      this.property = property;
      this.value = value;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof CondKey)) {
        return false;
      }
      CondKey k = (CondKey) o;
      return code == k.code && java.util.Objects.equals(property, k.property)
          && java.util.Objects.equals(value, k.value);
    }

    @Override
    public int hashCode() {
      return (code * 31 + java.util.Objects.hashCode(property)) * 31 + java.util.Objects.hashCode(value);
    }
  }

  /** One {@link Prop} per attribute name within a commit (they are immutable). */
  private Prop prop(String property) {
    if (property == null) {
      return Prop.of(null);
    }
    Prop p = props.get(property);
    if (p == null) {
      // interned: callers name attributes with literals (interned), so the user's lookup matches by identity
      p = Prop.of(property.length() <= 256 ? property.intern() : property);
      props.put(property, p);
    }
    return p;
  }

  /**
   * Every member of a flag document that {@link #compileFlag} reads, with the members read of its target
   * entries, of its variations, of its rules, of their conditions and of the slices of the rules and the
   * fallthrough (exact names, except a variation's, which are bound ignoring ASCII case); values that repeat
   * across documents are shared within the read, and target key lists are read packed ({@link KeyList}). A
   * data set read with this shape drops the rest (ids of the flag, its rules and conditions, names,
   * descriptions, audit fields) as it is read. A new read of a flag document's member must be added here.
   */
  public static final JsonTree.Shape FLAG_SHAPE = JsonTree.Shape.keeping("key", "updatedAt", "isArchived",
      "isEnabled", "variationType", "variations", "targetUsers", "rules", "fallthrough", "disabledVariationId",
      "exptIncludeAllTargets")
      .sharing("variationType")
      // a variation's members are bound ignoring the case of ASCII letters (readVariations)
      .with("variations", JsonTree.Shape.keepingIgnoringAsciiCase("id", "value"))
      .with("fallthrough", JsonTree.Shape.keeping("dispatchKey", "includedInExpt", "variations")
          .with("variations", sliceShape()))
      // target entries: their key lists are read packed (most of a large environment's strings)
      .with("targetUsers", JsonTree.Shape.keeping("keyIds", "variationId").packing("keyIds"))
      .with("rules", JsonTree.Shape.keeping("name", "dispatchKey", "includedInExpt", "conditions", "variations")
          .with("conditions", JsonTree.Shape.keeping("property", "op", "value").sharing("property", "op"))
          .with("variations", sliceShape()));

  /**
   * Every member of a segment document that {@link #compileSegment} and the reader of a data set read, with the
   * members read of its rules and their conditions; its key lists are read packed ({@link KeyList}).
   */
  public static final JsonTree.Shape SEGMENT_SHAPE = JsonTree.Shape.keeping("id", "updatedAt", "isArchived",
      "excluded", "included", "rules")
      .packing("excluded", "included")
      .with("rules", JsonTree.Shape.keeping("conditions")
          .with("conditions", JsonTree.Shape.keeping("property", "op", "value").sharing("property", "op")));

  /** A slice: what compileRollout reads of it (the id refers to one of the flag's variations). */
  private static JsonTree.Shape sliceShape() {
    return JsonTree.Shape.keeping("id", "rollout", "exptRollout").sharing("id");
  }

  /** Collects the keys of one target or segment key list at a time (the compiler is used by one writer). */
  private final UserKeyTable.Builder keys = new UserKeyTable.Builder();

  public Compiler(long regexBudget) {
    this.regexBudget = regexBudget;
  }

  /** The step budget of the regular expressions this compiler builds. */
  public long regexBudget() {
    return regexBudget;
  }

  /**
   * Short strings that repeat across flags (attribute names, condition values, rule names and reasons) are
   * shared within one commit: a large environment holds the same few names thousands of times. Writers are
   * serialised by the store, so no lock; cleared by {@link #endCommit()} so nothing outlives the commit.
   */
  private final Map<String, String> shared = new java.util.HashMap<>();

  String share(String s) {
    if (s == null || s.length() > 64) {
      return s;
    }
    String prev = shared.putIfAbsent(s, s);
    return prev != null ? prev : s;
  }

  /**
   * Short values that repeat in every commit ({@code true}, {@code false}, the variation types) are the
   * class's constants; other short strings are shared within the commit.
   */
  String common(String s) {
    switch (s) {
      case "true":
        return "true";
      case "false":
        return "false";
      case "boolean":
        return "boolean";
      case "string":
        return "string";
      case "number":
        return "number";
      case "json":
        return "json";
      default:
        return share(s);
    }
  }

  /** Called by the store after each commit. */
  public void endCommit() {
    shared.clear();
    props.clear();
    regexes.clear();
    conds.clear();
  }

  /** Canonical form of a segment id: ids are GUIDs, compared case-insensitively (spec 6.6, STO-3). */
  public static String canonicalSegmentId(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /**
   * Where in a document the compiler is, for defect messages ("flag k rule 2 variations[0]"): built into text
   * only when a message needs it, so reading valid data concatenates nothing.
   */
  private static final class Where {
    private final Object parent;
    private final String label;
    private final int index; // -1: none
    private final String suffix;

    Where(Object parent, String label, int index, String suffix) {
      this.parent = parent;
      this.label = label;
      this.index = index;
      this.suffix = suffix;
    }

    @Override
    public String toString() {
      return index < 0 ? parent + label + suffix : parent + label + index + suffix;
    }
  }

  /** Signals unreadable data while compiling. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- readers with the server's rules

  private static Object prop(Object obj, String name, Object where) throws Bad {
    Object n = obj instanceof JsonObject ? ((JsonObject) obj).get(name) : null;
    if (n == null) {
      throw new Bad(where + " has no '" + name + "'");
    }
    return n;
  }

  /** {@code GetProperty(name).GetString()}: a string or null. */
  private static String str(Object obj, String name, Object where) throws Bad {
    Object n = prop(obj, name, where);
    if (n == JsonTree.NULL) {
      return null;
    }
    if (!(n instanceof String)) {
      throw new Bad(where + "." + name + " is not a string");
    }
    if (DotNetText.hasLoneSurrogate((String) n)) {
      throw new Bad(where + "." + name + " holds a lone surrogate escape");
    }
    return (String) n;
  }

  private static boolean bool(Object obj, String name, Object where) throws Bad {
    Object n = prop(obj, name, where);
    if (!(n instanceof Boolean)) {
      throw new Bad(where + "." + name + " is not a boolean");
    }
    return (Boolean) n;
  }

  private static Object[] array(Object obj, String name, Object where) throws Bad {
    Object n = prop(obj, name, where);
    if (!(n instanceof Object[])) {
      throw new Bad(where + "." + name + " is not an array");
    }
    return (Object[]) n;
  }

  // ---------------------------------------------------------------- segments

  public CompiledSegment compileSegment(String canonicalId, long version, boolean archived, JsonObject doc) {
    Object where = new Where("segment ", canonicalId, -1, "");
    keys.reset();
    Defect excludedDefect = keySet(doc, "excluded", where, keys);
    UserKeyTable excluded = keys.buildSet();
    keys.reset();
    Defect includedDefect = excludedDefect != null ? excludedDefect : keySet(doc, "included", where, keys);
    UserKeyTable included = keys.buildSet();
    keys.reset();
    Cond[][] rules;
    try {
      Object[] rulesNode = array(doc, "rules", where);
      rules = new Cond[rulesNode.length][];
      for (int i = 0; i < rulesNode.length; i++) {
        Object rw = new Where(where, " rule ", i, "");
        try {
          Object[] conds = array(rulesNode[i], "conditions", rw);
          rules[i] = new Cond[conds.length];
          for (int j = 0; j < conds.length; j++) {
            rules[i][j] = compileOpCondition(conds[j], new Where(rw, " condition ", j, ""));
          }
        } catch (Bad b) {
          rules[i] = new Cond[] {new Cond.Broken(new Defect(b.getMessage()))};
        }
      }
    } catch (Bad b) {
      rules = new Cond[][] {{new Cond.Broken(new Defect(b.getMessage()))}};
    }
    return new CompiledSegment(canonicalId, version, archived, excluded, excludedDefect, included, includedDefect,
        rules);
  }

  /** Reads a key list; keys up to the first unreadable element are kept, the defect is returned. */
  private static Defect keySet(JsonObject doc, String field, Object where, UserKeyTable.Builder out) {
    try {
      Object node = prop(doc, field, where);
      KeyList packed = node instanceof KeyList ? (KeyList) node : null;
      Object[] arr = packed != null ? null : array(doc, field, where);
      for (int i = 0, n = packed != null ? packed.size() : arr.length; i < n; i++) {
        Object k = packed != null ? packed.other(i) : arr[i];
        if (k == null) { // a packed key
          out.add(packed.chars(), packed.start(i), packed.end(i), packed.hash(i), null);
        } else if (k instanceof String && !DotNetText.hasLoneSurrogate((String) k)) {
          out.add((String) k);
        } else if (k != JsonTree.NULL) { // a null key never equals a user key
          return new Defect(where + "." + field + "[" + i + "] is not a string");
        }
      }
      return null;
    } catch (Bad b) {
      return new Defect(b.getMessage());
    }
  }

  // ---------------------------------------------------------------- conditions

  /** An ordinary operator condition: {@code property}, {@code op}, {@code value} are read in that order. */
  private Cond compileOpCondition(Object c, Object where) {
    try {
      String property = str(c, "property", where);
      return compileOp(property, c, where);
    } catch (Bad b) {
      return new Cond.Broken(new Defect(b.getMessage()));
    }
  }

  private Cond compileOp(String property, Object c, Object where) throws Bad {
    String op = str(c, "op", where);
    String value = share(str(c, "value", where));
    int code = OpCond.opCode(op);
    // the same condition in many flags (a country list, a plan, an email pattern) is one object per commit
    CondKey sameKey = new CondKey(code, property, value);
    OpCond same = conds.get(sameKey);
    if (same != null) {
      return same;
    }
    Prop prop = prop(share(property));
    if (code == OpCond.NEVER) {
      OpCond never = new OpCond(prop, code, value, Double.NaN, null, null, null);
      conds.put(sameKey, never);
      return never;
    }
    double number = Double.NaN;
    KeyTable set = null;
    BoundedRegex regex = null;
    Defect valueDefect = null;
    if (value != null) {
      switch (code) {
        case OpCond.LT:
        case OpCond.LE:
        case OpCond.GT:
        case OpCond.GE:
          number = DotNetText.parseNumber(value);
          break;
        case OpCond.ONE_OF:
        case OpCond.NOT_ONE_OF:
          try {
            set = stringList(value);
          } catch (Bad b) {
            valueDefect = new Defect(where + ": " + b.getMessage());
          }
          break;
        case OpCond.REGEX:
        case OpCond.NOT_REGEX:
          regex = regexes.get(value); // the same pattern in many flags is compiled once per commit
          if (regex == null) {
            String[] error = new String[1];
            regex = BoundedRegex.compile(value, regexBudget, error);
            if (regex == null) {
              valueDefect = new Defect(where + ": " + error[0]);
            } else {
              regexes.put(value, regex);
            }
          }
          break;
        default:
          break;
      }
    }
    OpCond cond = new OpCond(prop, code, value, number, set, regex, valueDefect);
    if (valueDefect == null) { // a defect's message names the flag and rule: not shared
      conds.put(sameKey, cond);
    }
    return cond;
  }

  /**
   * {@code JsonSerializer.Deserialize<List<string>>(text)}: JSON {@code null} gives a null list; an array of
   * strings and nulls is accepted; anything else is an error.
   */
  private static KeyTable stringList(String text) throws Bad {
    Object n;
    try {
      n = JsonTree.parse(text);
    } catch (JsonTree.SyntaxError e) {
      throw new Bad("list value is not valid JSON");
    }
    if (n == null) {
      throw new Bad("list value is empty");
    }
    if (n == JsonTree.NULL) {
      return null;
    }
    if (!(n instanceof Object[])) {
      throw new Bad("list value is not a JSON array");
    }
    KeyTable.Builder set = new KeyTable.Builder();
    for (Object e : (Object[]) n) {
      if (e instanceof String) {
        if (DotNetText.hasLoneSurrogate((String) e)) {
          throw new Bad("list value contains a lone surrogate escape"); // .NET's JSON reader refuses it
        }
        set.add((String) e);
      } else if (e != JsonTree.NULL) {
        throw new Bad("list value contains a non-string element");
      }
    }
    return set.buildSet();
  }

  private Cond compileFlagCondition(Object c, Object where, SegmentSlots slots, List<Integer> usedSlots) {
    try {
      String property = str(c, "property", where);
      boolean in = IN_SEGMENT.equals(property);
      if (in || NOT_IN_SEGMENT.equals(property)) {
        return compileSegmentCondition(in, c, where, slots, usedSlots);
      }
      return compileOp(property, c, where);
    } catch (Bad b) {
      return new Cond.Broken(new Defect(b.getMessage()));
    }
  }

  /** Segment condition value: the JSON text of an array of segment ids; the text {@code null} means none. */
  private static Cond compileSegmentCondition(boolean in, Object c, Object where, SegmentSlots slots,
      List<Integer> usedSlots) throws Bad {
    String value = str(c, "value", where);
    if (value == null) {
      throw new Bad(where + ": segment list is null");
    }
    Object parsed;
    try {
      parsed = JsonTree.parse(value);
    } catch (JsonTree.SyntaxError e) {
      throw new Bad(where + ": segment list is not valid JSON");
    }
    if (parsed == null) {
      throw new Bad(where + ": segment list is empty text");
    }
    if (parsed == JsonTree.NULL) {
      return new SegmentCond(in, new int[0], new String[0], where);
    }
    if (!(parsed instanceof Object[])) {
      throw new Bad(where + ": segment list is not a JSON array");
    }
    Object[] ids = (Object[]) parsed;
    int n = ids.length;
    int[] slotArr = new int[n];
    String[] idArr = new String[n];
    for (int i = 0; i < n; i++) {
      Object e = ids[i];
      if (e == JsonTree.NULL) {
        slotArr[i] = -1;
        idArr[i] = null;
      } else if (e instanceof String) {
        if (DotNetText.hasLoneSurrogate((String) e)) {
          throw new Bad(where + ": segment list contains a lone surrogate escape");
        }
        String id = canonicalSegmentId((String) e);
        slotArr[i] = slots.slotOf(id);
        usedSlots.add(slotArr[i]);
        idArr[i] = id;
      } else {
        throw new Bad(where + ": segment list contains a non-string element");
      }
    }
    return new SegmentCond(in, slotArr, idArr, where);
  }

  // ---------------------------------------------------------------- flags

  /** Variation lookup as the server walks the list: first id match; a null entry met on the way throws. */
  private static final class Variations {
    final List<Variation> list = new ArrayList<>();     // null entries kept in position
    final List<String> ids = new ArrayList<>();

    /**
     * The first variation whose id equals {@code id}, as the server's {@code x.Id == variationId}: a null id
     * (JSON null) finds a variation that has no id.
     */
    Object lookup(String id, Object where) {
      for (int i = 0; i < list.size(); i++) {
        Variation v = list.get(i);
        if (v == null) {
          return new Defect(where + ": variations[" + i + "] is null");
        }
        if (java.util.Objects.equals(id, ids.get(i))) {
          if (v.value == null) {
            return new Defect(where + ": variation " + id + " has no value");
          }
          return v;
        }
      }
      return new Defect(where + (id == null ? ": variation id is null" : ": variation " + id + " does not exist"));
    }
  }

  private Variations readVariations(JsonObject flag, Object where) throws Bad {
    Object[] arr = array(flag, "variations", where);
    Variations vs = new Variations();
    for (int i = 0; i < arr.length; i++) {
      Object v = arr[i];
      if (v == JsonTree.NULL) {
        vs.list.add(null);
        vs.ids.add(null);
        continue;
      }
      if (!(v instanceof JsonObject)) {
        throw new Bad(where + ".variations[" + i + "] is not an object");
      }
      JsonObject vo = (JsonObject) v;
      String id = null;
      String value = null;
      // members in document order, names case-insensitive; a repeated name: the later one is kept
      for (int m = 0; m < vo.size(); m++) {
        String name = vo.name(m);
        // .NET's ordinal ignore-case: ASCII letters only ("\u0131d" is not "id", unlike Java's equalsIgnoreCase)
        boolean isId = name.equals("id") || DotNetText.asciiEqualsIgnoreCase(name, "id");
        boolean isValue = !isId && (name.equals("value") || DotNetText.asciiEqualsIgnoreCase(name, "value"));
        if (!isId && !isValue) {
          continue;
        }
        Object fv = vo.value(m);
        if (fv != JsonTree.NULL && !(fv instanceof String)) {
          throw new Bad(where + ".variations[" + i + "]." + name + " is not a string");
        }
        if (fv instanceof String && DotNetText.hasLoneSurrogate((String) fv)) {
          throw new Bad(where + ".variations[" + i + "]." + name + " holds a lone surrogate escape");
        }
        if (isId) {
          id = fv == JsonTree.NULL ? null : (String) fv;
        } else {
          value = fv == JsonTree.NULL ? null : (String) fv;
        }
      }
      // short values ("true", "false", small numbers) repeat across flags: share one instance
      vs.list.add(new Variation(id, value != null && value.length() <= 16 ? common(value) : value));
      vs.ids.add(id);
    }
    return vs;
  }

  public CompiledFlag compileFlag(String key, long version, boolean archived, JsonObject doc, SegmentSlots slots) {
    if (archived) {
      return CompiledFlag.tombstone(key, version);
    }
    Object where = new Where("flag ", key, -1, "");
    List<Integer> usedSlots = new ArrayList<>();
    Variations vs;
    Defect always = null;
    try {
      vs = readVariations(doc, where);
      bool(doc, "isArchived", where);
      bool(doc, "isEnabled", where);
    } catch (Bad b) {
      always = new Defect(b.getMessage());
      vs = new Variations();
    }
    if (always != null) {
      return new CompiledFlag(key, version, false, variationType(doc), always, false, null, null,
          UserKeyTable.EMPTY, null, NO_RULES, null, null, NO_SLOTS);
    }
    boolean enabled = (Boolean) doc.get("isEnabled");

    // disabled variation (only read when the flag is off)
    Object disabled;
    try {
      disabled = served(key, false, vs.lookup(str(doc, "disabledVariationId", where),
          new Where(where, " disabledVariationId", -1, "")),
          ReasonKind.OFF, "flag off");
    } catch (Bad b) {
      disabled = new Defect(b.getMessage());
    }

    boolean exptAll = false;
    Defect exptDefect = null;
    try {
      exptAll = bool(doc, "exptIncludeAllTargets", where);
    } catch (Bad b) {
      exptDefect = new Defect(b.getMessage());
    }
    Ctx ctx = new Ctx(key, exptAll, vs);

    // individual targets: first hit wins; keys after an unreadable element are never reached
    Defect targetsDefect = null;
    UserKeyTable.Builder targets = keys;
    targets.reset();
    try {
      Object[] tu = array(doc, "targetUsers", where);
      outer:
      for (int i = 0; i < tu.length; i++) {
        Object tw = new Where(where, " targetUsers[", i, "]");
        Object entry = tu[i];
        Object keyIdsNode = prop(entry, "keyIds", tw);
        KeyList packed = keyIdsNode instanceof KeyList ? (KeyList) keyIdsNode : null;
        Object[] keyIds = packed != null ? null : array(entry, "keyIds", tw);
        Object hit = null;
        for (int j = 0, n = packed != null ? packed.size() : keyIds.length; j < n; j++) {
          Object k = packed != null ? packed.other(j) : keyIds[j];
          if (k == null) { // a packed key (never null otherwise: JSON null is JsonTree.NULL)
            byte[] cs = packed.chars();
            int from = packed.start(j);
            int to = packed.end(j);
            int h = packed.hash(j);
            if (hit != null) {
              targets.add(cs, from, to, h, hit);
            } else if (!targets.contains(cs, from, to, h)) {
              hit = targetHit(key, exptAll, vs, entry, tw);
              targets.add(cs, from, to, h, hit);
            }
            continue;
          }
          if (k == JsonTree.NULL) {
            continue;
          }
          if (!(k instanceof String) || DotNetText.hasLoneSurrogate((String) k)) {
            targetsDefect = new Defect(tw + ".keyIds[" + j + "] is not a readable string");
            break outer;
          }
          if (hit != null) {
            targets.add((String) k, hit); // kept unless an earlier entry has the key
          } else if (!targets.contains((String) k)) {
            hit = targetHit(key, exptAll, vs, entry, tw);
            targets.add((String) k, hit);
          }
        }
      }
    } catch (Bad b) {
      targetsDefect = new Defect(b.getMessage());
    }

    UserKeyTable targetTable = targets.buildMap();
    targets.reset();

    CompiledFlag.Rule[] rules;
    try {
      Object[] rulesNode = array(doc, "rules", where);
      rules = rulesNode.length == 0 ? NO_RULES : new CompiledFlag.Rule[rulesNode.length];
      for (int i = 0; i < rulesNode.length; i++) {
        rules[i] = compileRule(rulesNode[i], i, new Where(where, " rule ", i, ""), ctx, slots, usedSlots);
      }
    } catch (Bad b) {
      rules = new CompiledFlag.Rule[] {
          new CompiledFlag.Rule(new Cond[] {new Cond.Broken(new Defect(b.getMessage()))}, null, null, null)};
    }

    Rollout fallthrough = null;
    Defect fallthroughDefect = null;
    try {
      Object ft = prop(doc, "fallthrough", where);
      fallthrough = compileRollout(ft, new Where(where, " fallthrough", -1, ""), -1, null, ReasonKind.FALLTHROUGH,
          "fall through all rules", ctx);
    } catch (Bad b) {
      fallthroughDefect = new Defect(b.getMessage());
    }

    int[] slotArr = usedSlots.isEmpty() ? NO_SLOTS : usedSlots.stream().distinct().mapToInt(Integer::intValue)
        .toArray();
    return new CompiledFlag(key, version, false, variationType(doc), null, enabled, disabled, exptDefect,
        targetTable, targetsDefect, rules, fallthrough, fallthroughDefect, slotArr);
  }

  /** What a target entry serves: read when the entry's first key not targeted before is met. */
  private Object targetHit(String key, boolean exptAll, Variations vs, Object entry, Object where) {
    try {
      return served(key, exptAll, vs.lookup(str(entry, "variationId", where), where), ReasonKind.TARGET_MATCH,
          "target match");
    } catch (Bad b) {
      return new Defect(b.getMessage());
    }
  }

  private CompiledFlag.Rule compileRule(Object rule, int index, Object where, Ctx ctx, SegmentSlots slots,
      List<Integer> usedSlots) {
    Object nameNode = rule instanceof JsonObject ? ((JsonObject) rule).get("name") : null;
    String name = nameNode instanceof String ? share((String) nameNode) : null;
    Cond[] conds;
    try {
      Object[] cs = array(rule, "conditions", where);
      conds = new Cond[cs.length];
      for (int j = 0; j < cs.length; j++) {
        conds[j] = compileFlagCondition(cs[j], new Where(where, " condition ", j, ""), slots, usedSlots);
      }
    } catch (Bad b) {
      return new CompiledFlag.Rule(new Cond[] {new Cond.Broken(new Defect(b.getMessage()))}, null, null, name);
    }
    try {
      Rollout rollout = compileRollout(rule, where, index, name, ReasonKind.RULE_MATCH,
          name == null ? "match rule" : share("match rule " + name), ctx);
      return new CompiledFlag.Rule(conds, null, rollout, name);
    } catch (Bad b) {
      return new CompiledFlag.Rule(conds, new Defect(b.getMessage()), null, name);
    }
  }

  /**
   * A rule's serve or the fallthrough. Reads, in the server's order: {@code dispatchKey} (must exist, may be
   * null), {@code variations} (must exist), {@code includedInExpt}, the rule {@code name}; then per slice
   * {@code rollout} when the search reaches it, and {@code id}, the variation and {@code exptRollout} when it
   * is chosen.
   */
  private Rollout compileRollout(Object node, Object where, int ruleIndex, String ruleName,
      ReasonKind kind, String reasonText, Ctx ctx) throws Bad {
    String dispatchKey = str(node, "dispatchKey", where);
    Object slicesNode = prop(node, "variations", where);
    boolean includedInExpt = bool(node, "includedInExpt", where);
    if (kind == ReasonKind.RULE_MATCH) {
      str(node, "name", where);
    }
    if (!(slicesNode instanceof Object[])) {
      throw new Bad(where + ".variations is not an array");
    }
    Object[] sliceDocs = (Object[]) slicesNode;
    int n = sliceDocs.length;
    double[] bounds = new double[2 * n];
    Object[] outcomes = new Object[n];
    Defect[] unreadable = null;
    // ranges first: a slice whose range is unreadable fails when the search reaches it. Numbers are read as
    // GetDouble reads them: beyond the range of a double, an infinity (as on .NET Core), which the rollout
    // arithmetic then uses as the server does.
    for (int i = 0; i < n; i++) {
      Object sw = new Where(where, " variations[", i, "]");
      try {
        Object[] range = array(sliceDocs[i], "rollout", sw);
        if (range.length < 2) {
          throw new Bad(sw + ".rollout has fewer than two numbers");
        }
        for (Object r : range) {
          if (!(r instanceof Double)) {
            throw new Bad(new Where(sw, ".rollout element", -1, "") + " is not a number");
          }
        }
        bounds[2 * i] = (Double) range[0];
        bounds[2 * i + 1] = (Double) range[1];
      } catch (Bad b) {
        if (unreadable == null) {
          unreadable = new Defect[n];
        }
        unreadable[i] = new Defect(b.getMessage());
      }
    }
    if (n == 1 && unreadable == null && bounds[0] == 0 && bounds[1] == 1
        && Double.doubleToRawLongBits(bounds[0]) == 0) { // [0, 1], not [-0.0, 1]
      bounds = EVERYONE;
    }
    // a null, empty or white-space dispatchKey buckets by the user key
    Prop dispatch = DotNetText.isNullOrWhiteSpace(dispatchKey) ? null : prop(share(dispatchKey));
    Rollout rollout = new Rollout(bounds, outcomes, unreadable, dispatch, includedInExpt, ctx.key, ruleIndex);
    // then what each readable slice serves when chosen: its variation, or the defect met reading it
    for (int i = 0; i < n; i++) {
      if (unreadable != null && unreadable[i] != null) {
        continue;
      }
      Object sn = sliceDocs[i];
      Object sw = new Where(where, " variations[", i, "]");
      try {
        Object v = ctx.variations.lookup(str(sn, "id", sw), sw);
        if (v instanceof Defect) {
          outcomes[i] = v;
        } else {
          Object exptNode = prop(sn, "exptRollout", sw);
          if (!(exptNode instanceof Double)) {
            throw new Bad(new Where(sw, ".exptRollout", -1, "") + " is not a number");
          }
          double expt = (Double) exptNode;
          outcomes[i] = new Served(ctx.key, ctx.exptAll, (Variation) v, kind, reasonText, ruleName, rollout,
              exptUpper(bounds[2 * i], bounds[2 * i + 1], expt));
        }
      } catch (Bad b) {
        outcomes[i] = new Defect(b.getMessage());
      }
    }
    return rollout;
  }

  private static Object served(String key, boolean exptAll, Object lookup, ReasonKind kind, String text) {
    if (lookup instanceof Defect) {
      return lookup;
    }
    return new Served(key, exptAll, (Variation) lookup, kind, text, null, null, Double.NaN);
  }

  /**
   * The experiment sampling bound of a slice (spec 6.9): {@code min(exptRollout / width, 1)}, or NaN when
   * the server never sends ({@code exptRollout} 0 or an empty slice).
   */
  static double exptUpper(double min, double max, double exptRollout) {
    double width = max - min;
    if (exptRollout == 0 || width == 0) {
      return Double.NaN;
    }
    return Math.min(exptRollout / width, 1.0);
  }

  private String variationType(JsonObject doc) {
    Object t = doc.get("variationType");
    return t instanceof String ? common((String) t) : "string";
  }

  /** What every part of one flag's compilation shares. */
  private static final class Ctx {
    final String key;
    final boolean exptAll;
    final Variations variations;

    Ctx(String key, boolean exptAll, Variations variations) {
      this.key = key;
      this.exptAll = exptAll;
      this.variations = variations;
    }
  }

}
