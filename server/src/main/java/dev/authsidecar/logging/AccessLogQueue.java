package dev.authsidecar.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes the access log's lines off the calls: a call only queues its line, and one thread formats
 * and writes them (logback.xml routes {@link AccessLogInterceptor#LOGGER} here). A sign-in must not
 * wait for stdout, which a slow log collector or a full pipe can stall.
 *
 * <p>When the queue is full the line is dropped and counted ({@link #bind}: {@code
 * authsidecar_access_log_dropped_total}), never silently: logback's own AsyncAppender, with its
 * defaults, drops INFO lines without a trace once the queue is 80 % full. Dropping is acceptable
 * here because the access log is operational: every security decision is also written, in the same
 * transaction, to the events table, which is the audit trail (README, Operations, Logging).
 *
 * <p>logback.xml sets {@code discardingThreshold} to 0 and leaves {@code neverBlock} false, so the
 * count is exact: a line is either queued or counted. The only wait left is the rare race in which
 * the last free slot is taken between the check below and the put; the writer frees one slot per
 * line it writes, so that wait is one line long.
 */
public final class AccessLogQueue extends AsyncAppender {
  private static final LongAdder DROPPED = new LongAdder();

  @Override
  protected void append(ILoggingEvent event) {
    if (getRemainingCapacity() == 0) {
      DROPPED.increment();
      return;
    }
    super.append(event);
  }

  /** Access log lines dropped because the queue was full, since the process started. */
  public static long dropped() {
    return DROPPED.sum();
  }

  /** Publishes {@link #dropped()} as {@code authsidecar_access_log_dropped_total}. */
  public static void bind(MeterRegistry meters) {
    FunctionCounter.builder("authsidecar.access.log.dropped", DROPPED, LongAdder::doubleValue)
        .description("Access log lines dropped because the writer fell behind (queue full)")
        .register(meters);
  }
}
