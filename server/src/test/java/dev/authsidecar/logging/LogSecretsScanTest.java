package dev.authsidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.testing.LoggedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs after every other test class of the surefire run (its {@code @Order} and the class orderer
 * in junit-platform.properties) and reads every line all of them logged (logback-test.xml records
 * them, stack traces included, in {@link #LOG}). A secret, code or token that any test handed the
 * sidecar or got from it (collected by {@link LoggedSecrets}) must appear in none of them.
 */
@Order(Integer.MAX_VALUE)
class LogSecretsScanTest {
  static final Path LOG = Path.of("target", "test-logs", "all-lines.log");

  @Test
  void noLogLineOfTheWholeRun_containsASecretCodeOrToken() throws IOException {
    String canary = "log-recording-canary-" + UUID.randomUUID();
    LoggerFactory.getLogger(LogSecretsScanTest.class).info(canary);
    List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
    assertThat(lines)
        .as("logback-test.xml records every line in " + LOG)
        .anyMatch(l -> l.contains(canary));

    Set<String> secrets = LoggedSecrets.all();
    SecretIndex index = new SecretIndex(secrets);
    List<String> leaks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int length = index.firstIn(lines.get(i));
      if (length > 0) {
        // Names the line, not the secret, so the report does not spread it further.
        leaks.add(LOG + ":" + (i + 1) + " holds a secret of length " + length);
      }
    }
    System.out.printf(
        "LogSecretsScanTest: %d log lines scanned for %d secrets%n", lines.size(), secrets.size());
    assertThat(leaks).isEmpty();
  }

  @Test
  void index_findsAWholeSecretButNotDigitsInsideALongerNumber() {
    SecretIndex index =
        new SecretIndex(Set.of("123456", "test-token-x-0123456789", "ab+c/d==", "+xyz/0=="));
    assertThat(index.firstIn("verify code=123456 rejected")).isEqualTo(6);
    assertThat(index.firstIn("123456")).isEqualTo(6);
    assertThat(index.firstIn("took 91234567 ns, id 1234567")).isZero();
    assertThat(index.firstIn("Bearer test-token-x-0123456789")).isEqualTo(23);
    assertThat(index.firstIn("key=ab+c/d== end")).isEqualTo(8);
    assertThat(index.firstIn("key=+xyz/0==")).isEqualTo(8);
  }

  /**
   * Finds secrets as whole words (a 6-digit code must not match inside a longer number) in time
   * linear in the log: secrets are indexed by their first run of letters and digits, and only the
   * runs of a line are looked up, instead of searching every line for every secret.
   */
  static final class SecretIndex {
    private final Map<String, List<String>> byFirstRun = new HashMap<>();
    private final List<String> others = new ArrayList<>();

    SecretIndex(Set<String> secrets) {
      for (String secret : secrets) {
        Matcher run = RUN.matcher(secret);
        if (run.find() && run.start() == 0) {
          byFirstRun.computeIfAbsent(run.group(), k -> new ArrayList<>()).add(secret);
        } else {
          others.add(secret); // starts with a symbol: few, searched plainly
        }
      }
    }

    /** The length of the first secret found in the line, 0 when there is none. */
    int firstIn(String line) {
      for (String secret : others) {
        if (line.contains(secret)) {
          return secret.length();
        }
      }
      Matcher run = RUN.matcher(line);
      while (run.find()) {
        if (run.start() > 0 && isWordChar(line.charAt(run.start() - 1))) {
          continue;
        }
        for (String secret : byFirstRun.getOrDefault(run.group(), List.of())) {
          int end = run.start() + secret.length();
          if (line.startsWith(secret, run.start())
              && (end == line.length() || !isWordChar(line.charAt(end)))) {
            return secret.length();
          }
        }
      }
      return 0;
    }

    private static boolean isWordChar(char c) {
      return c < 128 && Character.isLetterOrDigit(c);
    }
  }

  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9]+");
}
