package dev.authsidecar.recovery;

import dev.authsidecar.factor.Verdict;
import java.time.Duration;
import java.util.Optional;

/** The answer to a recovery code, with the unused codes left. */
public record RecoveryOutcome(Verdict verdict, int remaining, Optional<Duration> retryAfter) {}
