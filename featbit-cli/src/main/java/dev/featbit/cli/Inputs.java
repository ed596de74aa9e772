package dev.featbit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.FBUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reading and checking what the user gives the CLI: flag data files, users, attributes. */
final class Inputs {
  static final ObjectMapper JSON = new ObjectMapper();

  private Inputs() {
  }

  /** Flag data as read from a file, checked. */
  static final class FlagData {
    final String text;
    private final int activeFlags;
    private final int segments;

    FlagData(String text, JsonNode root) {
      this.text = text;
      JsonNode data = root.has("messageType") ? root.path("data") : root;
      this.activeFlags = count(data.path("featureFlags"), "key", true);
      this.segments = count(data.path("segments"), "id", false);
    }

    /** Entities the SDK keeps: objects with a non-empty id and an {@code updatedAt} (active ones only). */
    private static int count(JsonNode array, String idField, boolean activeOnly) {
      int n = 0;
      for (JsonNode e : array) {
        JsonNode id = e.path(idField);
        if (id.isTextual() && !id.asText().isEmpty() && e.path("updatedAt").isTextual()
            && !(activeOnly && e.path("isArchived").asBoolean(false))) {
          n++;
        }
      }
      return n;
    }

    int activeFlags() {
      return activeFlags;
    }

    int segments() {
      return segments;
    }
  }

  /** Reads a file as UTF-8; a missing or unreadable file is bad input. */
  static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.badInput(what + " not found: " + file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw CliException.badInput(what + " " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads and checks a flag data file: a data-sync message, a {@code latest-all} body or a bare
   * {@code {"featureFlags": [...], "segments": [...]}} object, as the SDK's bootstrap accepts.
   */
  static FlagData flagData(Path file) {
    String text = read(file, "data file");
    return checkFlagData(text, file.toString());
  }

  static FlagData checkFlagData(String text, String name) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.badInput("data file " + name + " is not valid JSON" + where(e.getLocation()) + ": "
          + e.getOriginalMessage());
    }
    try {
      // the SDK's own check of bootstrap data
      FBConfig.builder(null).offline(true).bootstrap(text).build();
    } catch (FBConfigException e) {
      throw CliException.badInput("data file " + name + " is not FeatBit flag data: " + why(e));
    }
    return new FlagData(text, root);
  }

  /** The SDK's reason without the setting name and the words this message already has. */
  private static String why(FBConfigException e) {
    String m = e.getMessage();
    String said = "not FeatBit flag data: ";
    int i = m.indexOf(said);
    if (i >= 0) {
      return m.substring(i + said.length());
    }
    String setting = e.setting() + ": ";
    return m.startsWith(setting) ? m.substring(setting.length()) : m;
  }

  private static String where(JsonLocation l) {
    return l == null || l.getLineNr() < 0 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
  }

  /** A user from {@code --user}, {@code --name} and {@code --attr name=value} options. */
  static FBUser user(String key, String name, List<String> attrs) {
    if (key == null || key.isEmpty()) {
      throw CliException.badInput("--user must not be empty");
    }
    FBUser.Builder b = FBUser.builder(key).name(name);
    for (String a : attrs) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw CliException.badInput("--attr must be name=value, got: " + a);
      }
      b.custom(a.substring(0, eq), a.substring(eq + 1));
    }
    return b.build();
  }

  /**
   * Users from a JSON-lines file: one object per line, either FeatBit's user shape
   * ({@code {"keyId": "...", "name": "...", "customizedProperties": [{"name": "...", "value": "..."}]}}) or
   * {@code {"key": "...", "name": "...", "custom": {"attr": value}}}. Blank lines are skipped.
   */
  static List<FBUser> users(Path file) {
    String text = read(file, "users file");
    List<FBUser> users = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String where = "users file " + file + " line " + (i + 1);
      JsonNode u;
      try {
        u = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw CliException.badInput(where + " is not valid JSON: " + e.getOriginalMessage());
      }
      users.add(user(u, where));
    }
    if (users.isEmpty()) {
      throw CliException.badInput("users file " + file + " has no users");
    }
    return users;
  }

  static FBUser user(JsonNode u, String where) {
    if (u == null || !u.isObject()) {
      throw CliException.badInput(where + ": a user must be a JSON object");
    }
    JsonNode key = u.has("keyId") ? u.get("keyId") : u.get("key");
    if (key == null || !key.isTextual() || key.asText().isEmpty()) {
      throw CliException.badInput(where + ": \"keyId\" (or \"key\") must be a non-empty string");
    }
    FBUser.Builder b = FBUser.builder(key.asText());
    JsonNode name = u.get("name");
    if (name != null && !name.isNull()) {
      if (!name.isTextual()) {
        throw CliException.badInput(where + ": \"name\" must be a string");
      }
      b.name(name.asText());
    }
    JsonNode props = u.get("customizedProperties");
    if (props != null && !props.isNull()) {
      if (!props.isArray()) {
        throw CliException.badInput(where + ": \"customizedProperties\" must be an array");
      }
      for (JsonNode p : props) {
        JsonNode n = p.get("name");
        if (n == null || !n.isTextual()) {
          throw CliException.badInput(where + ": every customizedProperties item needs a string \"name\"");
        }
        attribute(b, n.asText(), p.get("value"), where);
      }
    }
    JsonNode custom = u.get("custom");
    if (custom != null && !custom.isNull()) {
      if (!custom.isObject()) {
        throw CliException.badInput(where + ": \"custom\" must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        attribute(b, e.getKey(), e.getValue(), where);
      }
    }
    return b.build();
  }

  private static void attribute(FBUser.Builder b, String name, JsonNode v, String where) {
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isTextual()) {
      b.custom(name, v.asText());
    } else if (v.isNumber()) {
      b.custom(name, v.numberValue());
    } else if (v.isBoolean()) {
      b.custom(name, v.asBoolean());
    } else {
      throw CliException.badInput(where + ": attribute " + name + " must be a string, number or boolean");
    }
  }
}
