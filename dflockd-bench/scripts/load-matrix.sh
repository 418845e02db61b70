#!/usr/bin/env bash
# The published load matrix on one JDK: the dflockd server jar and the echo baseline each in their own process,
# the load tool in a third, all on the same JDK; N rounds of every cell, medians reported.
#
#   dflockd-bench/scripts/load-matrix.sh LABEL [extra load tool options]
#
# JAVA_HOME selects the JDK. Writes dflockd-bench/load-results/LABEL.{json,txt} and LABEL-{throughput,latency}.png.
# Build first: mvn -B -ntp -q -pl dflockd-server,dflockd-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
label=${1:?usage: load-matrix.sh LABEL [extra load tool options]}
shift
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
tcp_port=${TCP_PORT:-16388}
http_port=${HTTP_PORT:-16389}
echo_port=${ECHO_PORT:-16390}
out=dflockd-bench/load-results
mkdir -p "$out"

"$java_bin" -jar dflockd-server/target/dflockd-server.jar --port "$tcp_port" --http-port "$http_port" \
    >"${TMPDIR:-/tmp}/dflockd-$label-server.log" 2>&1 &
server=$!
"$java_bin" -cp dflockd-bench/target/benchmarks.jar io.dflockd.bench.load.LoadMain --serve-echo --port "$echo_port" \
    >/dev/null 2>&1 &
echo_server=$!
stop() { kill "$@" 2>/dev/null || true; wait "$@" 2>/dev/null || true; } # wait: the next run reuses the ports
trap 'stop $server $echo_server' EXIT
for port in "$tcp_port" "$http_port" "$echo_port"; do
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

{ date -u; echo "nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo)"; echo "before: $(uptime)"; "$java_bin" -version 2>&1; } \
    | tee "$out/$label.txt"
"$java_bin" -cp dflockd-bench/target/benchmarks.jar io.dflockd.bench.load.LoadMain --matrix \
    --port "$tcp_port" --http-port "$http_port" --echo-port "$echo_port" --server-pid "$server" \
    --duration "${DURATION:-5s}" --warmup "${WARMUP:-2s}" --runs "${RUNS:-3}" --out "$out" --name "$label" "$@" \
    2>&1 | tee -a "$out/$label.txt"

# The HTTP transport's own limit: com.sun.net.httpserver answering the same requests without lock logic, in its own
# process, against the HTTP cell of the matrix (medians of the same number of rounds).
http_echo_port=${HTTP_ECHO_PORT:-16391}
"$java_bin" -cp dflockd-bench/target/benchmarks.jar io.dflockd.bench.load.LoadMain --serve-echo --http \
    --http-port "$http_echo_port" >/dev/null 2>&1 &
http_echo=$!
trap 'stop $server $echo_server $http_echo' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$http_echo_port") 2>/dev/null && break; sleep 0.1; done
for round in $(seq "${RUNS:-3}"); do
    "$java_bin" -cp dflockd-bench/target/benchmarks.jar io.dflockd.bench.load.LoadMain --http \
        --http-port "$http_echo_port" --workers 32 --duration "${DURATION:-5s}" --warmup "${WARMUP:-2s}" \
        --out "${TMPDIR:-/tmp}" --name "$label-http-echo-$round" 2>&1 | grep 'ops/s' | sed "s/^http/http echo (round $round)/" \
        | tee -a "$out/$label.txt"
done
echo "after: $(uptime)" | tee -a "$out/$label.txt"
