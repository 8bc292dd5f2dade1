# Finds a JDK 21 or newer; sourced (POSIX sh) by ./churnkit and ./mvnw so that both look in the
# same places, in this order: $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, `java` on PATH.
# Defines two functions and changes nothing else.

# Prints the major version of the java binary $1 (8 for "1.8.0_x"), or nothing.
churnkit_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# Prints the home directory of the first JDK 21+ found and returns 0; returns 1 if there is none.
# The home is asked from the JVM itself (java.home), so a `java` on PATH that is a chain of
# symbolic links (/usr/bin/java -> /etc/alternatives/java -> ...) gives its real JDK directory.
churnkit_find_java_home() {
  for _ck_java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" \
                  /usr/lib/jvm/temurin-25-jdk-amd64/bin/java \
                  "$(command -v java 2>/dev/null || true)"; do
    [ -n "$_ck_java" ] && [ -x "$_ck_java" ] || continue
    _ck_major="$(churnkit_java_major "$_ck_java")"
    [ -n "$_ck_major" ] && [ "$_ck_major" -ge 21 ] 2>/dev/null || continue
    _ck_home="$("$_ck_java" -XshowSettings:properties -version 2>&1 \
                | awk -F' = ' '/^ *java\.home = / {print $2; exit}')"
    [ -n "$_ck_home" ] && [ -x "$_ck_home/bin/java" ] || _ck_home="$(cd "$(dirname "$_ck_java")/.." && pwd)"
    printf '%s\n' "$_ck_home"
    return 0
  done
  return 1
}
