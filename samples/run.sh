#!/usr/bin/env bash
# Starts medbroker on the bundled sample configuration (embedded store in ./data), building first
# when the jar is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=engine/target/medbroker.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml engine mappings connectors -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.sql' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "building medbroker (mvn package, tests skipped)..." >&2
  mvn -B -q -DskipTests package
fi
# ZGC keeps garbage collection pauses out of the ACK latency (docs/benchmarks.md); MEDBROKER_JAVA_OPTS replaces it.
exec java ${MEDBROKER_JAVA_OPTS:--XX:+UseZGC} -jar "$jar" run --config samples/config/medbroker.yaml "$@"
