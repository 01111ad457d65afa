#!/usr/bin/env bash
# Writes the DICOM benchmark sets (ct300, small2000, cbct, find1000, warmup) into OUTDIR with
# samples/src/main/java/org/medbroker/samples/dicom/DicomBenchDataset.java (JDK only, deterministic:
# two runs write identical bytes). About 10 s and 400 MB.
#
# Usage: samples/bench/dicom-dataset.sh [OUTDIR [SET...]]     (default /tmp/medbroker-dicomset, all sets)
# Env:   ISSUER=X  adds (0010,0021) Issuer of Patient ID X to every object (default: none, as most
#        modalities send).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/medbroker-dicomset}
[[ $# -gt 0 ]] && shift
mkdir -p "$out"
exec java -Xmx256m samples/src/main/java/org/medbroker/samples/dicom/DicomBenchDataset.java \
  ${ISSUER:+--issuer "$ISSUER"} "$out" "$@"
