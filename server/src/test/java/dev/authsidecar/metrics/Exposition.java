package dev.authsidecar.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of one scrape in the Prometheus text format, looked up by name and labels. Only what
 * the assertions need; the full format is checked by prometheus_client's parser.
 */
record Exposition(String text, Map<String, Double> samples) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  static Exposition parse(String text) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      samples.put(key(m.group(1), labels), Double.parseDouble(m.group(3)));
    }
    return new Exposition(text, samples);
  }

  /** The value of the sample, if exported; labels as name, value, name, value... */
  Optional<Double> value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return Optional.ofNullable(samples.get(key(name, wanted)));
  }

  /** The value of a sample that must be exported. */
  double get(String name, String... labels) {
    return value(name, labels)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no sample " + name + " " + String.join(",", labels) + " in:\n" + text));
  }

  private static String key(String name, Map<String, String> labels) {
    return name + labels;
  }
}
