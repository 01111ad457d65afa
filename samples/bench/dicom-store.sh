#!/usr/bin/env bash
# DICOM C-STORE ingest and C-FIND latency: medbroker side by side with dcmtk's storescp and Orthanc.
#
# For each receiver (fresh storage every run, loopback only):
#   medbroker          the sample configuration (storage fsync on: the default)
#   medbroker-nofsync  the same with `storage: { fsync: false }` (skipped when the jar rejects the key)
#   storescp           dcmtk storescp, default options (one association at a time, never fsyncs)
#   storescp-fork      storescp --fork (one process per association)
#   orthanc            Orthanc with its defaults: SQLite index + files, SyncStorageArea=true
#   orthanc-nosync     the same with SyncStorageArea=false
# it sends the `warmup` set (1,100 objects, not timed) and, to medbroker, the `jvmwarmup` set too
# (16,300 objects: HotSpot compiles a method called once per object fully only after ~15,000 calls;
# JVM_WARMUP=0 measures a JVM that has seen only `warmup`), waits until medbroker has indexed them,
# then sends each set with dcmtk storescu on 1 and on 4 associations
# (cbct: 1), REPS times, and records wall time, objects/s, MB/s (10^6 bytes) until every object is
# stored and indexed ("answered obj/s" ends at the last C-STORE-RSP; for medbroker the wall time
# ends when its /metrics show the store applier's backlog at 0: a build that indexed behind the
# answer would be timed until the index caught up; one /metrics request, ~0.1 s, is not counted),
# the receiver's peak RSS
# (VmHWM; storescp-fork: the sampled sum over its children), the CPU used by the receiver, the sender
# and everything else on the machine during the run, and that every object was stored (files in the
# storage directory; Orthanc: /statistics). For medbroker on cbct it samples the JVM heap with
# `jstat -gc` every 200 ms. Then C-FIND: find1000 is stored into medbroker and Orthanc and study-level
# findscu queries (one process per query, its start included) by a Latin name, by a Cyrillic name
# (ISO_IR 192) and for all 1,000 studies are timed FIND_RUNS times; the responses are counted and
# their names checked against find1000.expected.
#
# TCP_NODELAY=1 is exported for every dcmtk tool and Orthanc (without it they wait on Nagle's timer).
#
# Usage: samples/bench/dicom-store.sh            (from anywhere; builds nothing: run
#                                                 `mvn -B -q -DskipTests package` first)
# Env:   REPS (3), SETS ("ct300 small2000 cbct"), PARALLEL ("1 4"), RECEIVERS (all above),
#        FIND (1: run the C-FIND part), JVM_WARMUP (1), FIND_RUNS (10), DATASET (/tmp/medbroker-dicomset, generated
#        by dicom-dataset.sh when missing; ISSUER is passed on), WORK (/tmp/medbroker-dicom-bench),
#        MEDBROKER_JAVA_OPTS (extra JVM options for medbroker, e.g. -XX:StartFlightRecording=...),
#        ports: MB_DICOM_PORT (47112), MB_HTTP_PORT (47080), MB_MLLP_PORT (47575), SCP_PORT (47113),
#        ORTHANC_DICOM_PORT (47242), ORTHANC_HTTP_PORT (47042).
# Output: $WORK/store.csv, $WORK/find.csv and the markdown tables on stdout.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$REPO/engine/target/medbroker.jar
DATASET=${DATASET:-/tmp/medbroker-dicomset}
WORK=${WORK:-/tmp/medbroker-dicom-bench}
REPS=${REPS:-3}
read -r -a SETS <<<"${SETS:-ct300 small2000 cbct}"
read -r -a PARALLEL <<<"${PARALLEL:-1 4}"
read -r -a RECEIVERS <<<"${RECEIVERS:-medbroker medbroker-nofsync storescp storescp-fork orthanc orthanc-nosync}"
FIND=${FIND:-1}
JVM_WARMUP=${JVM_WARMUP:-1}
FIND_RUNS=${FIND_RUNS:-10}
MB_DICOM_PORT=${MB_DICOM_PORT:-47112}
MB_HTTP_PORT=${MB_HTTP_PORT:-47080}
MB_MLLP_PORT=${MB_MLLP_PORT:-47575}
SCP_PORT=${SCP_PORT:-47113}
ORTHANC_DICOM_PORT=${ORTHANC_DICOM_PORT:-47242}
ORTHANC_HTTP_PORT=${ORTHANC_HTTP_PORT:-47042}
HOST=127.0.0.1
export TCP_NODELAY=1
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ -f $JAR ]] || { log "missing $JAR: run mvn -B -q -DskipTests package"; exit 1; }
mkdir -p "$WORK"
[[ -f $DATASET/find1000.expected ]] || "$REPO/samples/bench/dicom-dataset.sh" "$DATASET" >&2

# ------------------------------------------------------------------------------------ processes
SERVER_PID="" SERVER_KIND="" SERVER_STORE="" SAMPLER_PID=""
stop_pid() { # stops one process we started, by its PID
  [[ -n ${1:-} ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_server() { stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; stop_pid "$SERVER_PID"; SERVER_PID=""; }
trap stop_server EXIT INT TERM

wait_echo() { # AE port seconds
  local deadline=$(( $(date +%s) + $3 ))
  until echoscu -aec "$1" "$HOST" "$2" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$SERVER_KIND exited while starting"; return 1; }
    (( $(date +%s) < deadline )) || { log "$SERVER_KIND did not answer C-ECHO in $3 s"; return 1; }
    sleep 0.1
  done
}

nofsync_config() { # the sample configuration with fsync off under the imaging listener's storage
  sed -e 's/^\(      duplicates: .*\)$/\1\n      fsync: false/' "$REPO/samples/config/medbroker.yaml" >"$WORK/medbroker-nofsync.yaml"
  echo "$WORK/medbroker-nofsync.yaml"
}

start_medbroker() { # name config
  local dir=$WORK/run/$1
  rm -rf "$dir"; mkdir -p "$dir/data"
  SERVER_KIND=$1 SERVER_STORE=$dir/data/dicom/imaging
  # shellcheck disable=SC2086
  MEDBROKER_DATA_DIR=$dir/data MEDBROKER_HTTP_PORT=$MB_HTTP_PORT MEDBROKER_MLLP_PORT=$MB_MLLP_PORT \
    MEDBROKER_DICOM_PORT=$MB_DICOM_PORT MEDBROKER_ADMIN_TOKEN=dicom-bench-admin-token-0123456789 \
    java ${MEDBROKER_JAVA_OPTS:-} -jar "$JAR" run --config "$2" >"$dir/broker.log" 2>&1 &
  SERVER_PID=$!
  wait_echo MEDBROKER "$MB_DICOM_PORT" 180
}

start_storescp() { # name [options]
  local dir=$WORK/run/$1; shift
  rm -rf "$dir"; mkdir -p "$dir/out"
  SERVER_KIND=storescp SERVER_STORE=$dir/out
  storescp --aetitle STORESCP -od "$SERVER_STORE" "$@" "$SCP_PORT" >"$dir/storescp.log" 2>&1 &
  SERVER_PID=$!
  wait_echo STORESCP "$SCP_PORT" 30
}

start_orthanc() { # name sync(true|false)
  local dir=$WORK/run/$1
  rm -rf "$dir"; mkdir -p "$dir/db"
  SERVER_KIND=orthanc SERVER_STORE=$dir/db
  cat >"$dir/orthanc.json" <<JSON
{ "Name": "medbroker-bench", "StorageDirectory": "$dir/db", "IndexDirectory": "$dir/db",
  "StorageCompression": false, "SyncStorageArea": $2, "Plugins": [],
  "HttpPort": $ORTHANC_HTTP_PORT, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "DicomAet": "ORTHANC", "DicomPort": $ORTHANC_DICOM_PORT, "DicomCheckCalledAet": false,
  "DicomAlwaysAllowFind": true }
JSON
  Orthanc "$dir/orthanc.json" >"$dir/orthanc.log" 2>&1 &
  SERVER_PID=$!
  wait_echo ORTHANC "$ORTHANC_DICOM_PORT" 60
}

start_receiver() {
  case $1 in
    medbroker) start_medbroker "$1" "$REPO/samples/config/medbroker.yaml" ;;
    medbroker-nofsync) start_medbroker "$1" "$(nofsync_config)" ;;
    storescp) start_storescp "$1" ;;
    storescp-fork) start_storescp "$1" --fork ;;
    orthanc) start_orthanc "$1" true ;;
    orthanc-nosync) start_orthanc "$1" false ;;
    *) log "unknown receiver $1"; exit 2 ;;
  esac
}
aet_of() { case $1 in medbroker*) echo MEDBROKER ;; orthanc*) echo ORTHANC ;; *) echo STORESCP ;; esac; }
port_of() { case $1 in medbroker*) echo "$MB_DICOM_PORT" ;; orthanc*) echo "$ORTHANC_DICOM_PORT" ;; *) echo "$SCP_PORT" ;; esac; }

stored_count() {
  if [[ $SERVER_KIND == orthanc ]]; then
    curl -s "http://$HOST:$ORTHANC_HTTP_PORT/statistics" | grep -o '"CountInstances" *: *[0-9]*' | grep -o '[0-9]*$'
  elif [[ $SERVER_KIND == storescp ]]; then
    find "$SERVER_STORE" -type f | wc -l
  else
    find "$SERVER_STORE" -type f -name '*.dcm' | wc -l
  fi
}

# -------------------------------------------------------------------------------------- metrics
sys_ticks() { local _c u n s i w q sq st _r; read -r _c u n s i w q sq st _r </proc/stat; echo $((u + n + s + q + sq + st)); }
proc_ticks() { local st; st=$(<"/proc/$1/stat"); st=${st##*) }; local -a f; read -r -a f <<<"$st"; echo $((f[11] + f[12] + f[13] + f[14])); }
vm_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

start_rss_sampler() { # peak of the summed VmRSS of the server and its children, every 100 ms
  local pid=$SERVER_PID out=$1
  echo 0 >"$out"
  ( peak=0
    while kill -0 "$pid" 2>/dev/null; do
      sum=0
      for p in $pid $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); sum=$((sum + ${v:-0}))
      done
      (( sum > peak )) && { peak=$sum; echo "$peak" >"$out"; }
      sleep 0.1
    done ) &
  SAMPLER_PID=$!
}

start_heap_sampler() { # jstat -gc every 200 ms into $1
  jstat -gc "$SERVER_PID" 200 >"$1" 2>&1 &
  SAMPLER_PID=$!
  for _ in $(seq 1 50); do [[ $(wc -l <"$1") -ge 2 ]] && break; sleep 0.1; done
}
heap_peaks() { # peak used heap (S0U+S1U+EU+OU) and peak old generation in MB, from jstat -gc output
  awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > pu) pu = u;
                          if ($col["OU"] > po) po = $col["OU"]; c = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]; if (c > pc) pc = c; n++ }
       END { printf "%.0f %.0f %.0f %d\n", pu / 1024, po / 1024, pc / 1024, n }' "$1"
}

# -------------------------------------------------------------------------------------- C-STORE
STORE_CSV=$WORK/store.csv
echo "receiver,set,assocs,rep,objects,bytes,wall_s,obj_per_s,MB_per_s,peak_rss_MiB,stored_ok,recv_cpu_s,send_cpu_s,other_cpu_s,loadavg,heap_used_peak_MB,heap_old_peak_MB,heap_committed_peak_MB,ack_wall_s,ack_obj_per_s" >"$STORE_CSV"
mapfile -t WARMUP < <(find "$DATASET/warmup" -name '*.dcm' | sort)
JVM_WARMUP_FILES=()
if [[ $JVM_WARMUP == 1 ]]; then
  [[ -d $DATASET/jvmwarmup ]] || "$REPO/samples/bench/dicom-dataset.sh" "$DATASET" jvmwarmup >&2
  mapfile -t JVM_WARMUP_FILES < <(find "$DATASET/jvmwarmup" -name '*.dcm' | sort)
fi
INDEXED_AT=0
indexed() { # medbroker: until every journaled object is in the index (the store applier's backlog is 0);
  # INDEXED_AT: when the request that saw it began (a /metrics answer takes ~0.1 s, not the index's time)
  local deadline=$(( $(date +%s) + 600 ))
  while :; do
    INDEXED_AT=$(date +%s%N)
    curl -s "http://$HOST:$MB_HTTP_PORT/metrics" | grep -q '^medbroker_store_apply_backlog 0' && return 0
    (( $(date +%s) < deadline )) || { log "$SERVER_KIND: index still behind after 600 s"; return 1; }
    sleep 0.01
  done
}

store_run() { # receiver set assocs rep
  local recv=$1 set=$2 par=$3 rep=$4 files nfiles bytes k pids rc aet port
  mapfile -t files < <(find "$DATASET/$set" -name '*.dcm' | sort)
  nfiles=${#files[@]}
  bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)
  rm -f "$WORK"/list.* "$WORK"/storescu.*
  for k in "${!files[@]}"; do echo "${files[$k]}" >>"$WORK/list.$((k % par))"; done
  sync
  start_receiver "$recv"
  aet=$(aet_of "$recv") port=$(port_of "$recv")
  storescu -aet STORESCU -aec "$aet" "$HOST" "$port" "${WARMUP[@]}" >"$WORK/warmup.log" 2>&1 \
    || log "$recv: warm-up store failed (see $WORK/warmup.log)"
  local warmed=${#WARMUP[@]}
  if [[ $recv == medbroker* && $JVM_WARMUP == 1 ]]; then
    storescu -aet STORESCU -aec "$aet" "$HOST" "$port" "${JVM_WARMUP_FILES[@]}" >"$WORK/jvmwarmup.log" 2>&1 \
      || log "$recv: JVM warm-up store failed (see $WORK/jvmwarmup.log)"
    warmed=$((warmed + ${#JVM_WARMUP_FILES[@]}))
  fi
  [[ $recv == medbroker* ]] && { indexed; sleep 1; }
  local heapfile=$WORK/heap-$recv-$set-$rep.txt rssfile=$WORK/rss.peak
  if [[ $recv == storescp-fork ]]; then start_rss_sampler "$rssfile"; fi
  if [[ $recv == medbroker* && $set == cbct ]]; then start_heap_sampler "$heapfile"; fi
  local r0 s0 t0 t1 t2 r1 s1
  r0=$(proc_ticks "$SERVER_PID") s0=$(sys_ticks) t0=$(date +%s%N)
  pids=()
  for k in $(seq 0 $((par - 1))); do
    mapfile -t part <"$WORK/list.$k"
    command -p time -f '%U %S' -o "$WORK/storescu.$k.cpu" \
      storescu -aet STORESCU -aec "$aet" "$HOST" "$port" "${part[@]}" >"$WORK/storescu.$k.log" 2>&1 &
    pids+=($!)
  done
  rc=0
  for k in "${pids[@]}"; do wait "$k" || rc=$?; done
  t1=$(date +%s%N) t2=$t1
  if [[ $recv == medbroker* ]]; then indexed; (( INDEXED_AT > t1 )) && t2=$INDEXED_AT; fi
  s1=$(sys_ticks) r1=$(proc_ticks "$SERVER_PID")
  local heap="" rss n ok
  if [[ $recv == medbroker* && $set == cbct ]]; then sleep 0.3; stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; heap=$(heap_peaks "$heapfile"); fi
  if [[ $recv == storescp-fork ]]; then stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; rss=$(<"$rssfile"); else rss=$(vm_hwm_kb "$SERVER_PID"); fi
  n=$(( $(stored_count) - warmed ))
  ok=yes; [[ $rc -eq 0 && $n -eq $nfiles ]] || ok="no(rc=$rc;stored=$n)"
  stop_server
  local la; la=$(cut -d' ' -f1 /proc/loadavg)
  if [[ $ok != yes ]]; then # keep the logs of a failed run, drop the stored objects
    local keep=$WORK/failed/$recv-$set-x$par-rep$rep
    rm -rf "$keep"; mkdir -p "$keep"; cp "$WORK"/storescu.*.log "$keep/"
    find "$WORK/run/$recv" -maxdepth 3 -name '*.log' -exec cp {} "$keep/" \;
    log "$recv $set x$par: not every object stored; logs in $keep"
  fi
  rm -rf "$WORK/run/$recv"
  awk -v recv="$recv" -v set="$set" -v par="$par" -v rep="$rep" -v n="$nfiles" -v by="$bytes" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
      -v rss="$rss" -v ok="$ok" -v r0="$r0" -v r1="$r1" -v s0="$s0" -v s1="$s1" -v hz="$CLK_TCK" -v la="$la" \
      -v send="$(cat "$WORK"/storescu.*.cpu | awk '/^[0-9.]+ [0-9.]+$/ {s += $1 + $2} END {print s + 0}')" -v heap="$heap" \
      'BEGIN { w = (t2 - t0) / 1e9; a = (t1 - t0) / 1e9; rc = (r1 - r0) / hz; all = (s1 - s0) / hz; split(heap, h, " ");
               printf "%s,%s,%d,%d,%d,%d,%.3f,%.1f,%.1f,%.0f,%s,%.2f,%.2f,%.2f,%s,%s,%s,%s,%.3f,%.1f\n", recv, set, par, rep, n, by, w,
                 n / w, by / w / 1e6, rss / 1024, ok, rc, send, all - rc - send, la, h[1], h[2], h[3], a, n / a }' | tee -a "$STORE_CSV" >&2
}

NOFSYNC_OK=1
if [[ " ${RECEIVERS[*]} " == *" medbroker-nofsync "* ]] && ! java -jar "$JAR" validate "$(nofsync_config)" >"$WORK/nofsync-validate.log" 2>&1; then
  log "medbroker-nofsync skipped: this build rejects storage.fsync (see $WORK/nofsync-validate.log)"; NOFSYNC_OK=0
fi
for rep in $(seq 1 "$REPS"); do
  for recv in "${RECEIVERS[@]}"; do
    [[ $recv == medbroker-nofsync && $NOFSYNC_OK == 0 ]] && continue
    for set in "${SETS[@]}"; do
      for par in "${PARALLEL[@]}"; do
        [[ $set == cbct && $par -gt 1 ]] && continue
        [[ $recv == storescp-fork && $par -eq 1 ]] && continue   # the same as storescp
        store_run "$recv" "$set" "$par" "$rep" || { log "$recv $set x$par failed to run"; stop_server; }
      done
    done
  done
done

# --------------------------------------------------------------------------------------- C-FIND
FIND_CSV=$WORK/find.csv
echo "receiver,query,run,ms,responses,expected,names_ok" >"$FIND_CSV"
RETURN_KEYS=(-k PatientID -k PatientBirthDate -k PatientSex -k StudyInstanceUID -k StudyDate -k StudyTime
  -k AccessionNumber -k StudyDescription -k ModalitiesInStudy -k NumberOfStudyRelatedInstances)
query_args() { # query name -> findscu -k options
  case $1 in
    latin) echo "-k QueryRetrieveLevel=STUDY -k PatientName=SMITH*" ;;
    cyrillic) echo "-k QueryRetrieveLevel=STUDY -k SpecificCharacterSet=ISO_IR_192 -k PatientName=Иванов*" ;;
    all) echo "-k QueryRetrieveLevel=STUDY -k PatientName" ;;
  esac
}
find_once() { # aet port query [extra findscu options]
  local aet=$1 port=$2 q=$3; shift 3
  local -a a; read -r -a a <<<"$(query_args "$q")"
  a=("${a[@]/ISO_IR_192/ISO_IR 192}")
  findscu -S -aet FINDSCU -aec "$aet" "$@" "${a[@]}" "${RETURN_KEYS[@]}" "$HOST" "$port"
}
find_bench() { # receiver
  local recv=$1 aet port q expected d got names i t0 t1 want
  start_receiver "$recv"
  aet=$(aet_of "$recv") port=$(port_of "$recv")
  mapfile -t files < <(find "$DATASET/find1000" -name '*.dcm' | sort)
  t0=$(date +%s%N)
  storescu -aet STORESCU -aec "$aet" "$HOST" "$port" "${files[@]}" >"$WORK/find-load-$recv.log" 2>&1 || log "$recv: find1000 store failed"
  t1=$(date +%s%N)
  log "$recv: find1000 stored ($(( $(stored_count) )) objects) in $(( (t1 - t0) / 1000000 )) ms"
  for q in latin cyrillic all; do
    expected=$(awk -v q="$q" '$1 == q {print $3}' "$DATASET/find1000.expected")
    d=$WORK/find-rsp-$recv-$q; rm -rf "$d"; mkdir -p "$d"
    find_once "$aet" "$port" "$q" -X -od "$d" >"$d/findscu.log" 2>&1 || true
    got=$(find "$d" -name 'rsp*.dcm' | wc -l)
    case $q in latin) want=SMITH ;; cyrillic) want=Иванов ;; all) want="" ;; esac
    names=$(for f in "$d"/rsp*.dcm; do [[ -f $f ]] && dcmdump -q +U8 +P PatientName "$f" 2>/dev/null; done \
      | awk -v w="$want" 'index($0, "[" w) > 0 && $0 !~ /\[\^\^/ {n++} END {print n + 0}')
    for i in $(seq 1 "$FIND_RUNS"); do
      t0=$(date +%s%N); find_once "$aet" "$port" "$q" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      echo "$recv,$q,$i,$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e6}'),$got,$expected,$names" >>"$FIND_CSV"
    done
  done
  stop_server
  rm -rf "$WORK/run/$recv"
}
if [[ $FIND == 1 ]]; then
  for recv in medbroker orthanc; do find_bench "$recv"; done
fi

# -------------------------------------------------------------------------------------- summary
command -p python3 - "$STORE_CSV" "$FIND_CSV" <<'PY'
import csv, statistics, sys
from collections import OrderedDict

def med(rows, key, nd=1):
    v = sorted(float(r[key]) for r in rows)
    s = f"{statistics.median(v):.{nd}f}"
    return s if len(v) == 1 else f"{s} ({v[0]:.{nd}f}–{v[-1]:.{nd}f})"

store = list(csv.DictReader(open(sys.argv[1])))
groups = OrderedDict()
for r in store:
    groups.setdefault((r["set"], r["assocs"], r["receiver"]), []).append(r)
print("| set | assocs | receiver | reps | obj/s | MB/s | wall s | answered obj/s | peak RSS MiB | all stored | receiver CPU s | others' CPU s | load avg | heap used / old gen / committed peak MB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (s, p, recv), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
    ok = "yes" if all(r["stored_ok"] == "yes" for r in rs) else "NO: " + ";".join(r["stored_ok"] for r in rs if r["stored_ok"] != "yes")
    heap = " / ".join(f"{r['heap_used_peak_MB']}/{r['heap_old_peak_MB']}/{r['heap_committed_peak_MB']}" for r in rs if r["heap_used_peak_MB"])
    print(f"| {s} | {p} | {recv} | {len(rs)} | {med(rs, 'obj_per_s')} | {med(rs, 'MB_per_s')} | {med(rs, 'wall_s', 2)} | {med(rs, 'ack_obj_per_s')} | "
          f"{med(rs, 'peak_rss_MiB', 0)} | {ok} | {med(rs, 'recv_cpu_s', 2)} | {med(rs, 'other_cpu_s', 2)} | {med(rs, 'loadavg', 2)} | {heap} |")

def mbs(s, p, recv):
    rs = groups.get((s, p, recv))
    return statistics.median(float(r["MB_per_s"]) for r in rs) if rs else None

print()
print("| set | assocs | medbroker MB/s | 2 × orthanc | met | medbroker-nofsync MB/s | 2 × orthanc-nosync | met | 0.8 × best storescp | met |")
print("|---|---|---|---|---|---|---|---|---|---|")
for s, p in sorted({(k[0], k[1]) for k in groups}, key=lambda x: (x[0], int(x[1]))):
    m, mn = mbs(s, p, "medbroker"), mbs(s, p, "medbroker-nofsync")
    o, on = mbs(s, p, "orthanc"), mbs(s, p, "orthanc-nosync")
    sc = max([x for x in (mbs(s, p, "storescp"), mbs(s, p, "storescp-fork")) if x is not None], default=None)
    f = lambda x: "–" if x is None else f"{x:.1f}"
    yes = lambda a, b: "–" if a is None or b is None else ("yes" if a >= b else "**no**")
    print(f"| {s} | {p} | {f(m)} | {f(o and 2 * o)} | {yes(m, o and 2 * o)} | {f(mn)} | {f(on and 2 * on)} | {yes(mn, on and 2 * on)} | "
          f"{f(sc and 0.8 * sc)} | {yes(mn, sc and 0.8 * sc)} |")

try:
    find = list(csv.DictReader(open(sys.argv[2])))
except FileNotFoundError:
    find = []
if find:
    fg = OrderedDict()
    for r in find:
        fg.setdefault((r["receiver"], r["query"]), []).append(r)
    print()
    print("| receiver | query | runs | latency ms median (min–max) | responses / expected | names decoded right |")
    print("|---|---|---|---|---|---|")
    for (recv, q), rs in fg.items():
        print(f"| {recv} | {q} | {len(rs)} | {med(rs, 'ms')} | {rs[0]['responses']} / {rs[0]['expected']} | "
              f"{rs[0]['names_ok']} |")
PY
