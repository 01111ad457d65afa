#!/usr/bin/env bash
# Durable HL7 ingest benchmark: starts medbroker on the sample configuration with a fresh data
# directory, then drives it with the load generator (samples/.../Hl7LoadGenerator.java):
#   warm-up 10,000 messages on 8 connections (not reported)
#   1 connection, 20,000 messages, closed loop (each connection waits for its ACK)
#   8 connections, 20,000 messages, closed loop
#   1,000 messages/s offered on 16 connections, 30,000 messages (open loop: latency from the due time)
#   100,000 more messages on 8 connections, then the heap after a full GC
# and reports the store applier's drain rate. Each measured run starts once the store applier has
# applied the backlog of the runs before it. Loopback only; every run is bounded.
#
# Usage: samples/bench/hl7-ingest.sh [JDBC_URL [USER]]    (default: the embedded H2 store)
# Needs: engine/target/medbroker.jar (mvn -DskipTests package), JDK 17 (java, javac, jcmd).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${BENCH_DATA:-/tmp/medbroker-bench}
PORT=${BENCH_MLLP_PORT:-25750}
HTTP=${BENCH_HTTP_PORT:-18085}
OUT=${BENCH_OUT:-$DATA-results.jsonl}
rm -rf "$DATA" && mkdir -p "$DATA"
: > "$OUT"
LG=$DATA/loadgen && mkdir -p "$LG"
javac -d "$LG" samples/src/main/java/org/medbroker/samples/loadgen/Hl7LoadGenerator.java

MEDBROKER_DATA_DIR=$DATA/data MEDBROKER_MLLP_PORT=$PORT MEDBROKER_HTTP_PORT=$HTTP \
  MEDBROKER_STORE_URL=${1:-} MEDBROKER_STORE_USER=${2:-sa} \
  java ${MEDBROKER_JAVA_OPTS:--XX:+UseZGC} -jar engine/target/medbroker.jar run --config samples/config/medbroker.yaml \
  > "$DATA/broker.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
t0=$(date +%s%N)
until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "broker exited, see $DATA/broker.log" >&2; exit 1; }
  sleep 0.02
done
echo "startup to accepting MLLP: $(( ($(date +%s%N) - t0) / 1000000 )) ms" | tee -a "$OUT"

load() { # label connections messages [rate]
  java -cp "$LG" org.medbroker.samples.loadgen.Hl7LoadGenerator --port $PORT --connections "$2" --messages "$3" \
    --warmup 0 --rate "${4:-0}" --id-prefix "$1-" --label "$1" --max-seconds 900 2>>"$DATA/loadgen.log" | tee -a "$OUT"
}
# Heap in use after a full collection (G1 prints "used 88338K", ZGC "used 58M").
heap_kb() { jcmd $PID GC.run >/dev/null; jcmd $PID GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {gsub(",", "", $(i+1)); print $(i+1); exit}}'; }
caught_up() { # each measured run starts with the store applier's backlog applied
  until curl -s "localhost:$HTTP/metrics" | grep -q '^medbroker_store_apply_backlog 0'; do sleep 1; done
}
processed() { curl -s "localhost:$HTTP/metrics" | awk -F' ' '/^medbroker_messages_processed_total\{/ {print $2}'; }

load warmup 8 10000 > /dev/null
caught_up
echo "heap after warm-up: $(heap_kb)" | tee -a "$OUT"
load conn1 1 20000
caught_up
load conn8 8 20000
caught_up
load rate1000 16 30000 1000
p0=$(processed); s0=$(date +%s)
load heap100k 8 100000 > /dev/null
echo "heap after 100,000 more messages: $(heap_kb)" | tee -a "$OUT"
p1=$(processed); s1=$(date +%s)
echo "store applier: $p0 -> $p1 processed in $((s1 - s0)) s" | tee -a "$OUT"
sleep 30
p2=$(processed)
echo "store applier drain: $(( (p2 - p1) / 30 )) messages/s over the next 30 s" | tee -a "$OUT"
