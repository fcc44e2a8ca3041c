package dev.authsidecar.caller;

import dev.authsidecar.caller.CallerSpec.TokenSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers in force. When they come from files (the callers file, token files), {@link
 * #reloadIfChanged()} picks up edits, so permissions change and tokens rotate without a restart. A
 * file that no longer parses is reported and the previous callers stay in force: a typo during a
 * rotation must not lock every login out.
 */
public final class CallerDirectory {
  private static final Logger log = LoggerFactory.getLogger(CallerDirectory.class);

  private final Optional<CallersSource> source;
  private final AtomicReference<Loaded> current;

  private CallerDirectory(Optional<CallersSource> source, Loaded loaded) {
    this.source = source;
    this.current = new AtomicReference<>(loaded);
  }

  /** No callers configured. */
  public static CallerDirectory none() {
    return new CallerDirectory(Optional.empty(), new Loaded(Callers.none(), new byte[0]));
  }

  /**
   * Loads the callers now.
   *
   * @throws CallersFileException naming the entry and the problem
   */
  public static CallerDirectory load(CallersSource source) {
    return new CallerDirectory(Optional.of(source), read(source));
  }

  /**
   * Whether callers are configured at all. Without them the sidecar runs in its local mode; with
   * them, no reload can ever lead back to that mode.
   */
  public boolean configured() {
    return source.isPresent();
  }

  public Callers current() {
    return current.get().callers();
  }

  /** Re-reads the files if any of them changed. Returns whether new callers are in force. */
  public boolean reloadIfChanged() {
    if (source.isEmpty() || source.get() instanceof CallersSource.Inline) {
      return false;
    }
    Loaded before = current.get();
    byte[] fingerprint;
    try {
      fingerprint = fingerprint(source.get(), before.callers().specs());
    } catch (IOException e) {
      log.error(
          "callers: cannot read a callers or token file ({}); keeping the callers in force",
          e.getClass().getSimpleName());
      return false;
    }
    if (Arrays.equals(fingerprint, before.fingerprint())) {
      return false;
    }
    try {
      Loaded after = read(source.get());
      current.set(after);
      log.info(
          "callers: reloaded {} callers from {}",
          after.callers().specs().size(),
          source.get().variable());
      return true;
    } catch (CallersFileException e) {
      log.error(
          "callers: {}: {}; keeping the callers in force", source.get().variable(), e.getMessage());
      // Remember the broken state so that the error is logged once, not at every poll.
      current.set(new Loaded(before.callers(), fingerprint));
      return false;
    }
  }

  private static Loaded read(CallersSource source) {
    List<CallerSpec> specs = CallersFile.parse(source.text());
    Callers callers = Callers.resolve(specs);
    byte[] fingerprint;
    try {
      fingerprint = fingerprint(source, specs);
    } catch (IOException e) {
      fingerprint = new byte[0];
    }
    return new Loaded(callers, fingerprint);
  }

  /**
   * A digest of every file the callers depend on. Contents, not modification times: Kubernetes
   * swaps Secret volumes through symlinks, and times can be too coarse to see a quick second edit.
   */
  private static byte[] fingerprint(CallersSource source, List<CallerSpec> specs)
      throws IOException {
    List<Path> files = new ArrayList<>();
    if (source instanceof CallersSource.FromFile file) {
      files.add(file.path());
    }
    for (CallerSpec spec : specs) {
      for (TokenSource token : spec.tokens()) {
        if (token instanceof TokenSource.FromFile file) {
          files.add(file.path());
        }
      }
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Loaded(Callers callers, byte[] fingerprint) {}
}
