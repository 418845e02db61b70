#!/usr/bin/env bash
# Heap per idle key and per idle TCP connection on the server jar (issue 6's memory targets). Heap "used" is read with
# jcmd GC.heap_info after a full GC (jcmd GC.run) at each step; the class histogram of the idle-key step is kept.
#
#   dflockd-bench/scripts/memory.sh LABEL
#
# JAVA_HOME selects the JDK (21+ for the connections target). Writes dflockd-bench/load-results/memory-LABEL.txt and
# memory-LABEL-histogram.txt. Build first: mvn -B -ntp -q -pl dflockd-server,dflockd-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
label=${1:?usage: memory.sh LABEL}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
port=${TCP_PORT:-16388}
keys=${KEYS:-100000}
connections=${CONNECTIONS:-10000}
out=dflockd-bench/load-results
report="$out/memory-$label.txt"
mkdir -p "$out"

"$jdk/bin/java" -jar dflockd-server/target/dflockd-server.jar --port "$port" --max-locks $((keys * 2)) \
    --gc-max-idle 3600 --max-connections $((connections + 100)) --max-connections-per-ip 0 \
    >"${TMPDIR:-/tmp}/dflockd-$label-memory-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

used_kib() { # heap used after a full GC, in KiB
    "$jdk/bin/jcmd" "$server" GC.run >/dev/null
    "$jdk/bin/jcmd" "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}
load() { "$jdk/bin/java" -cp dflockd-bench/target/benchmarks.jar io.dflockd.bench.load.LoadMain --port "$port" \
    --out "${TMPDIR:-/tmp}" --name "dflockd-$label-memory" "$@" | grep -E 'ops/s|idle' || true; }

{ date -u; "$jdk/bin/java" -version 2>&1 | head -1; } | tee "$report"
fresh=$(used_kib)
echo "fresh server: $fresh KiB used" | tee -a "$report"

load --keys "$keys" --workers 16 --duration "${KEY_DURATION:-25s}" --warmup 0s | tee -a "$report"
with_keys=$(used_kib)
"$jdk/bin/jcmd" "$server" GC.class_histogram | head -40 >"$out/memory-$label-histogram.txt"
resources=$(grep -E 'io.dflockd.core.internal.Resource$' "$out/memory-$label-histogram.txt" | awk '{print $2}')
echo "with idle keys: $with_keys KiB used; Resource instances: ${resources:-?}" | tee -a "$report"
echo "per idle key: $(( (with_keys - fresh) * 1024 / keys )) bytes" | tee -a "$report"

if [ "$connections" -gt 0 ]; then
    load --idle-connections "$connections" --idle-hold "${IDLE_HOLD:-40s}" &
    loader=$!
    for _ in $(seq 600); do
        [ "$(ss -Htn state established "( sport = :$port )" | wc -l)" -ge "$connections" ] && break; sleep 0.1
    done
    with_connections=$(used_kib)
    echo "with $connections idle connections: $with_connections KiB used" | tee -a "$report"
    echo "per idle connection: $(( (with_connections - with_keys) * 1024 / connections )) bytes;" \
        "total for the connections: $(( (with_connections - with_keys) / 1024 )) MiB;" \
        "RSS $(awk '/VmRSS/ {print $2, $3}' /proc/$server/status)" | tee -a "$report"
    kill $loader 2>/dev/null || true
fi
echo "after: $(uptime)" | tee -a "$report"
