#!/usr/bin/env bash
# ASTM benchmark: starts medbroker on the sample configuration (ASTM listener lab-astm, hematology-xn
# code map) with a fresh data directory and drives it with the analyzer simulator on ONE TCP connection:
#   warm-up 200 result messages (not reported)
#   2,000 result messages (Sysmex XN CBC: H, P, O, 21 R, L = 25 records and frames each), closed loop:
#     each message is ENQ, 25 frames each waiting for its ACK, EOT; the broker journals it (fsync) at EOT
#   the store applier's rate mapping them to FHIR (21 Observations, a Patient, per message)
#   an HL7 OML order sent over MLLP, then 1,000 host queries for its barcode: turnaround from the
#     query's EOT to the broker's ENQ that starts the answer (journal fsync + order lookup included)
# Usage: samples/bench/astm-ingest.sh           Needs: engine/target/medbroker.jar (mvn -DskipTests package), JDK 17.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${BENCH_DATA:-/tmp/medbroker-astm-bench}
MLLP=${BENCH_MLLP_PORT:-45761}
ASTM=${BENCH_ASTM_PORT:-45762}
HTTP=${BENCH_HTTP_PORT:-45763}
OUT=${BENCH_OUT:-$DATA-results.jsonl}
rm -rf "$DATA" && mkdir -p "$DATA"
: > "$OUT"
SIM=$DATA/sim && mkdir -p "$SIM"
javac -d "$SIM" samples/src/main/java/org/medbroker/samples/astm/AstmSimulator.java \
  samples/src/main/java/org/medbroker/samples/sender/MllpSend.java

MEDBROKER_DATA_DIR=$DATA/data MEDBROKER_MLLP_PORT=$MLLP MEDBROKER_ASTM_PORT=$ASTM MEDBROKER_HTTP_PORT=$HTTP \
  java -jar engine/target/medbroker.jar run --config samples/config/medbroker.yaml > "$DATA/broker.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
until (exec 3<>/dev/tcp/127.0.0.1/$ASTM) 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "broker exited, see $DATA/broker.log" >&2; exit 1; }
  sleep 0.05
done
processed() { curl -s "localhost:$HTTP/metrics" | awk '/^medbroker_messages_processed_total\{listener="lab-astm"\}/ {print $2}'; }
sim() { java -cp "$SIM" org.medbroker.samples.astm.AstmSimulator --port $ASTM "$@"; }

sim --bench results --count 200 --barcode WARM > /dev/null
sim --bench results --count 2000 --barcode RUN | tee -a "$OUT"
s0=$(date +%s%N)
until [ "$(processed)" = "2200" ]; do sleep 0.2; done
echo "{\"applier\":\"2,200 ASTM messages applied\",\"msAfterTheLastEot\":$(( ($(date +%s%N) - s0) / 1000000 ))}" | tee -a "$OUT"
java -cp "$SIM" org.medbroker.samples.sender.MllpSend --port $MLLP samples/hl7/OML-O21-ru-barcodes.hl7 > /dev/null
sleep 1
sim --bench queries --count 100 --barcode 1000240011 > /dev/null
sim --bench queries --count 1000 --barcode 1000240011 | tee -a "$OUT"
