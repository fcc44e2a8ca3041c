package dev.authsidecar.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final LockoutPolicy policy = LockoutPolicy.DEFAULT;

  @Test
  void noLockoutBelowThreshold() {
    for (int failures = 0; failures < 5; failures++) {
      assertThat(policy.lockedUntil(failures, NOW)).isEmpty();
    }
  }

  @Test
  void delayDoublesEachRoundUpToTheCap() {
    assertThat(policy.lockedUntil(5, NOW)).contains(NOW.plusSeconds(30));
    assertThat(policy.lockedUntil(6, NOW)).isEmpty();
    assertThat(policy.lockedUntil(10, NOW)).contains(NOW.plusSeconds(60));
    assertThat(policy.lockedUntil(15, NOW)).contains(NOW.plusSeconds(120));
    assertThat(policy.lockedUntil(30, NOW)).contains(NOW.plus(Duration.ofMinutes(15)));
    assertThat(policy.lockedUntil(95, NOW)).contains(NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void exhaustedAtOneHundredConsecutiveFailures() {
    assertThat(policy.exhausted(99)).isFalse();
    assertThat(policy.exhausted(100)).isTrue();
  }
}
