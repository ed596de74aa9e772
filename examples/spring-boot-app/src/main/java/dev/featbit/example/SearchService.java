package dev.featbit.example;

import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/** The two code paths of the search rollout (stand-ins for an old and a new implementation). */
@Service
public class SearchService {
  private static final List<String> CATALOG = List.of("red running shoes", "blue trail shoes", "wool socks",
      "rain jacket", "running shorts");

  /** The current implementation: plain substring match. */
  public List<String> keyword(String query) {
    String q = query.toLowerCase(Locale.ROOT);
    return CATALOG.stream().filter(item -> item.contains(q)).toList();
  }

  /** The new implementation being rolled out: matches any word of the query. */
  public List<String> semantic(String query) {
    String[] words = query.toLowerCase(Locale.ROOT).split("\\s+");
    return CATALOG.stream().filter(item -> {
      for (String w : words) {
        if (!w.isEmpty() && item.contains(w)) {
          return true;
        }
      }
      return false;
    }).toList();
  }
}
