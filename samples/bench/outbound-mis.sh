#!/usr/bin/env bash
# Routing benchmark: HL7 ORU^R01 in over MLLP -> journal -> store -> outbound queue -> a test MIS
# over MLLP (samples/.../mis/TestMisServer.java, AA for everything), on the sample configuration
# with MEDBROKER_MIS_MLLP set. Two runs:
#   end-to-end: the MIS is up; N messages on 8 connections; time from the first send until the
#               MIS has N distinct control ids
#   drain:      the MIS is down while N more messages arrive and are stored (queued); then the MIS
#               starts and the queue drains: rate between the first and the last delivery
# Usage: samples/bench/outbound-mis.sh [MESSAGES]     (default 3000; embedded H2 store)
# Needs: engine/target/medbroker.jar (mvn -B -DskipTests -pl engine -am package), JDK 17.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-3000}
DATA=${BENCH_DATA:-/tmp/medbroker-bench-outbound}
PORT=${BENCH_MLLP_PORT:-25760}
HTTP=${BENCH_HTTP_PORT:-18086}
MIS=${BENCH_MIS_PORT:-26661}
rm -rf "$DATA" && mkdir -p "$DATA/classes"
javac -d "$DATA/classes" samples/src/main/java/org/medbroker/samples/loadgen/Hl7LoadGenerator.java \
  samples/src/main/java/org/medbroker/samples/mis/TestMisServer.java

MEDBROKER_DATA_DIR=$DATA/data MEDBROKER_MLLP_PORT=$PORT MEDBROKER_HTTP_PORT=$HTTP MEDBROKER_MIS_MLLP=127.0.0.1:$MIS \
  java ${MEDBROKER_JAVA_OPTS:-} -jar engine/target/medbroker.jar run --config samples/config/medbroker.yaml > "$DATA/broker.log" 2>&1 &
PID=$!
MISPID=
trap 'kill $PID 2>/dev/null; [ -n "$MISPID" ] && kill $MISPID 2>/dev/null; wait 2>/dev/null || true' EXIT
until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "broker exited, see $DATA/broker.log" >&2; exit 1; }
  sleep 0.05
done
metric() { curl -s "localhost:$HTTP/metrics" | awk -v m="$1" '$1 ~ "^"m {print $2}' | head -1; }
load() { # label messages
  java -cp "$DATA/classes" org.medbroker.samples.loadgen.Hl7LoadGenerator --port $PORT --connections 8 --messages "$2" \
    --warmup 0 --id-prefix "$1-" --label "$1" --max-seconds 900 2>>"$DATA/loadgen.log"
}

# End-to-end, the MIS up from the start.
java -cp "$DATA/classes" org.medbroker.samples.mis.TestMisServer --port $MIS --expect "$N" > "$DATA/mis-e2e.json" 2>>"$DATA/mis.log" &
MISPID=$!
sleep 0.5
t0=$(date +%s%N)
load e2e "$N" | tee "$DATA/load-e2e.json"
wait $MISPID; MISPID=
t1=$(date +%s%N)
echo "end-to-end: $N results delivered in $(( (t1 - t0) / 1000000 )) ms = $(( N * 1000000000 / (t1 - t0) )) results/s; MIS: $(cat "$DATA/mis-e2e.json")"

# Outage: the MIS is down while N more arrive; wait until all are stored (and queued).
load outage "$N" > "$DATA/load-outage.json"
until [ "$(metric 'medbroker_outbound_queue_depth')" = "$N" ]; do sleep 1; done
echo "outage: $N results queued for the MIS"
t2=$(date +%s%N)
java -cp "$DATA/classes" org.medbroker.samples.mis.TestMisServer --port $MIS --expect "$N" > "$DATA/mis-drain.json" 2>>"$DATA/mis.log" &
MISPID=$!
wait $MISPID; MISPID=
t3=$(date +%s%N)
echo "drain: MIS back, $N delivered $(( (t3 - t2) / 1000000 )) ms later (includes the circuit's wait for its next probe); MIS: $(cat "$DATA/mis-drain.json")"
