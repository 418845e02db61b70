#!/usr/bin/env bash
# Runs every benchmark once on one JDK with the settings of the published table and keeps the results.
#
#   dflockd-bench/scripts/run-all.sh LABEL [extra JMH options]
#
# JAVA_HOME selects the JDK (default: the java on PATH). Writes dflockd-bench/results/LABEL.json (JMH JSON) and
# LABEL.txt (the console log). Build first: mvn -B -ntp -q -pl dflockd-bench package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
label=${1:?usage: run-all.sh LABEL [extra JMH options]}
shift
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p dflockd-bench/results
{ date -u; echo "nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo)"; echo "before: $(uptime)"; } \
    | tee "dflockd-bench/results/$label.txt"
"$java_bin" -version 2>&1 | tee -a "dflockd-bench/results/$label.txt"
"$java_bin" -jar dflockd-bench/target/benchmarks.jar \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc \
    -rf json -rff "dflockd-bench/results/$label.json" "$@" 2>&1 | tee -a "dflockd-bench/results/$label.txt"
echo "after: $(uptime)" | tee -a "dflockd-bench/results/$label.txt"
