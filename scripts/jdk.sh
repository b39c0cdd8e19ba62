# Sourced by the vgtrace launcher and run-tests: sets VGTRACE_JDK to a Java 25+ JDK or fails.
# The JDK's release file says its version without starting a JVM (that costs a launch half a second);
# a JDK without one is asked.
vgtrace_java_major() {
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}

vgtrace_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    if [ "$(vgtrace_java_major "$c")" -ge 25 ] 2>/dev/null; then VGTRACE_JDK=$c; return 0; fi
  done
  echo "vgtrace: no Java 25 JDK found; install one (e.g. Temurin 25) and set JAVA_HOME to it" >&2
  return 4
}
