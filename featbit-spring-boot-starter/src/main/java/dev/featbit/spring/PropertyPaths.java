package dev.featbit.spring;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the {@code featbit.*} property of a core setting name ({@code FBConfigException.setting()}) from the
 * shape of {@link FeatBitProperties} itself, without a list of names: the groups mirror the core's areas, so a
 * setting is found by walking its segments through the groups ({@code http.proxy} is {@code featbit.http.proxy}),
 * and a flat builder name ({@code pingInterval}, {@code eventCapacity}) is the property of that name in one
 * group, the group's own word left out ({@code event}{@code Capacity} in {@code events} is {@code capacity}).
 */
final class PropertyPaths {
  /** A property and the problem text that remains once the property is named. */
  record Resolved(String property, String message) {}

  private static final Node ROOT = Node.of(FeatBitProperties.PREFIX, "", FeatBitProperties.class);

  private PropertyPaths() {}

  /**
   * The full property name of a core setting, with the problem text ({@code "http.proxy"},
   * {@code "port must be ..."} gives {@code featbit.http.proxy.port}, {@code "must be ..."}). A setting with no
   * property (one only code sets, such as {@code dataStore.cacheTtl}) is returned as it is.
   */
  static Resolved resolve(String setting, String message) {
    Node n = ROOT;
    for (String segment : setting.split("\\.")) {
      n = n == ROOT ? ROOT.find(segment) : n.child(segment);
      if (n == null) {
        return new Resolved(setting, message);
      }
    }
    while (n.isGroup()) {   // a group: the message's first word may name its property, else the group's mode
      int space = message.indexOf(' ');
      Node named = space > 0 ? n.children.get(normalized(message.substring(0, space))) : null;
      if (named != null) {
        n = named;
        message = message.substring(space + 1);
      } else if (n.children.containsKey("mode")) {
        n = n.children.get("mode");
      } else {
        break;
      }
    }
    return new Resolved(n.path, message);
  }

  /** Every leaf property's full name, for tests. */
  static List<String> all() {
    List<String> out = new ArrayList<>();
    ROOT.collect(out);
    return out;
  }

  static String kebab(String camel) {
    StringBuilder s = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        s.append('-').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  static String normalized(String name) {
    return name.replace("-", "").toLowerCase(Locale.ROOT);
  }

  private static final class Node {
    final String path;
    final String word;                                   // the group's own word: events -> event
    final Map<String, Node> children = new LinkedHashMap<>();

    private Node(String path, String word) {
      this.path = path;
      this.word = word;
    }

    static Node of(String path, String name, Class<?> type) {
      Node n = new Node(path, normalized(name).replaceAll("s$", ""));
      if (type != null) {
        for (Field f : type.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          Class<?> t = f.getType();
          boolean group = t.getDeclaringClass() == FeatBitProperties.class && !t.isEnum();
          n.children.put(normalized(f.getName()),
              Node.of(path + "." + kebab(f.getName()), f.getName(), group ? t : null));
        }
      }
      return n;
    }

    boolean isGroup() {
      return !children.isEmpty();
    }

    /** The property of this group a setting name means: same name, its plural, or without the group's word. */
    Node child(String segment) {
      String key = normalized(segment);
      Node n = children.get(key);
      if (n == null) {
        n = children.get(key + "s");
      }
      if (n == null && !word.isEmpty() && key.contains(word) && !key.equals(word)) {
        n = children.get(key.replaceFirst(word, ""));
      }
      return n;
    }

    /** From the root: a top-level property, else the one group's property of that name. */
    Node find(String segment) {
      Node n = child(segment);
      if (n != null) {
        return n;
      }
      Node found = null;
      for (Node group : groups()) {
        Node c = group.child(segment);
        if (c != null) {
          if (found != null) {
            return null;   // ambiguous: name nothing rather than the wrong property
          }
          found = c;
        }
      }
      return found;
    }

    Collection<Node> groups() {
      return children.values().stream().filter(Node::isGroup).toList();
    }

    void collect(List<String> out) {
      for (Node c : children.values()) {
        if (c.isGroup()) {
          c.collect(out);
        } else {
          out.add(c.path);
        }
      }
    }
  }
}
