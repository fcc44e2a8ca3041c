# Sourced by .ci/run and bench/run: exports JAVA_HOME as a JDK 21+. The default java may be
# older; a Temurin JDK lives under /usr/lib/jvm, and Debian's openjdk-21 is the fallback.
# shellcheck shell=bash

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p'; }

use_jdk_21() {
  if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ]; then
    JAVA_HOME=""
    for candidate in /usr/lib/jvm/*; do
      [ -x "$candidate/bin/javac" ] || continue
      major=$(java_major "$candidate" || echo 0)
      if [ "${major:-0}" -ge 21 ]; then JAVA_HOME="$candidate"; fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "no JDK 21+ found; installing one from Debian's packages" >&2
    apt-get update -q && apt-get install -y -q --no-install-recommends openjdk-21-jdk-headless || true
    for candidate in /usr/lib/jvm/*21*; do [ -x "$candidate/bin/javac" ] && JAVA_HOME="$candidate"; done
  fi
  [ -n "$JAVA_HOME" ] || { echo "no JDK 21+ available" >&2; return 1; }
  export JAVA_HOME
  echo "JDK: $JAVA_HOME ($(java_major "$JAVA_HOME"))" >&2
}
