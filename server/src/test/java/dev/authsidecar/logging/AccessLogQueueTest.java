package dev.authsidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogQueueTest {

  /** A writer that hangs on its first line until released, like a stalled stdout. */
  private static final class StalledWriter extends AppenderBase<ILoggingEvent> {
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> written = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (written) {
        written.add(event.getMessage());
      }
    }
  }

  private static ILoggingEvent line(LoggerContext context, int n) {
    return new LoggingEvent(
        "test",
        context.getLogger(AccessLogInterceptor.LOGGER),
        Level.INFO,
        "call " + n,
        null,
        null);
  }

  @Test
  void fullQueue_dropsAndCountsLinesInsteadOfBlockingTheCall() throws Exception {
    // The running context: it carries the MDC adapter that queued events copy.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    StalledWriter writer = new StalledWriter();
    writer.setContext(context);
    writer.start();
    AccessLogQueue queue = new AccessLogQueue();
    queue.setContext(context);
    queue.setQueueSize(4);
    queue.setDiscardingThreshold(0);
    queue.setMaxFlushTime(0);
    queue.addAppender(writer);
    queue.start();
    long droppedBefore = AccessLogQueue.dropped();

    queue.doAppend(line(context, 0)); // taken by the writer, which then hangs
    while (queue.getNumberOfElementsInQueue() > 0) {
      Thread.onSpinWait();
    }
    for (int n = 1; n <= 4 + 3; n++) { // 4 fill the queue, 3 do not fit
      queue.doAppend(line(context, n));
    }

    assertThat(AccessLogQueue.dropped() - droppedBefore).isEqualTo(3);
    writer.release.countDown();
    queue.stop();
    assertThat(writer.written).containsExactly("call 0", "call 1", "call 2", "call 3", "call 4");
  }
}
