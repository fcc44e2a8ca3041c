package dev.authsidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authsidecar.testing.LoggedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      Pattern pattern = occurrence(secret);
      for (int i = 0; i < lines.size(); i++) {
        if (pattern.matcher(lines.get(i)).find()) {
          // Names the line, not the secret, so the report does not spread it further.
          leaks.add(LOG + ":" + (i + 1) + " holds a secret of length " + secret.length());
        }
      }
    }
    System.out.printf(
        "LogSecretsScanTest: %d log lines scanned for %d secrets%n", lines.size(), secrets.size());
    assertThat(leaks).isEmpty();
  }

  @Test
  void occurrence_findsAWholeCodeButNotDigitsInsideALongerNumber() {
    assertThat(occurrence("123456").matcher("verify code=123456 rejected").find()).isTrue();
    assertThat(occurrence("123456").matcher("took 91234567 ns").find()).isFalse();
    assertThat(
            occurrence("test-token-x-0123456789").matcher("Bearer test-token-x-0123456789").find())
        .isTrue();
  }

  /** A secret as a whole word: short codes would otherwise match inside ids and timestamps. */
  static Pattern occurrence(String secret) {
    return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(secret) + "(?![A-Za-z0-9])");
  }
}
