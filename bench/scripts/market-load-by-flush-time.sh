#!/bin/bash
# market-load against a scratch MariaDB server whose commits wait on a slower flush than this
# machine's storage gives: how the bid ratios depend on what a commit costs (docs/performance.md,
# "Bids and market load"). Each delay gets a fresh server on the same data directory, started with
# slow-flush.c preloaded; nothing else about the server changes between delays.
#
#   bench/scripts/market-load-by-flush-time.sh [--port P] [--seconds S] [DELAY_US ...]
#
# DELAY_US: extra microseconds per flush (default: 0 200 500 1000). Run from the repository root after
# `mvn -B install -DskipTests`. Needs gcc and Debian's mariadb-server (mariadbd, mariadb-install-db).
set -euo pipefail

port=3307
seconds=10
delays=()
while (($#)); do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1; see --help" >&2; exit 2 ;;
    *) delays+=("$1"); shift ;;
  esac
done
((${#delays[@]})) || delays=(0 200 500 1000)

for tool in gcc mariadbd mariadb-install-db mysqladmin; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
    echo "$tool not found: install gcc and mariadb-server (apt-get install gcc mariadb-server)" >&2; exit 2; }
done
[[ -f bench/pom.xml ]] || { echo "run this from the repository root" >&2; exit 2; }
if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "something already listens on 127.0.0.1:$port; pick another with --port" >&2; exit 2
fi

work="$PWD/bench/target/flush-time"
rm -rf "$work"
mkdir -p "$work"
gcc -O2 -shared -fPIC -o "$work/slow-flush.so" bench/scripts/slow-flush.c -ldl
mariadb-install-db --no-defaults --datadir="$work/data" --user="$(id -un)" \
  --auth-root-authentication-method=normal > "$work/install.log" 2>&1

python3 - "$work" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "flush-probe")
fd = os.open(path, os.O_RDWR | os.O_CREAT)
os.write(fd, b"\0" * (1 << 20)); os.fsync(fd)
took = []
for i in range(1000):
    os.pwrite(fd, b"x" * 512, (i * 512) % (1 << 20))
    t = time.perf_counter(); os.fdatasync(fd); took.append(time.perf_counter() - t)
os.close(fd); os.unlink(path)
took.sort()
print("this machine's storage: fdatasync of 512 bytes p50 %.0f us, p99 %.0f us" % (took[500] * 1e6, took[990] * 1e6))
PY

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

for delay in "${delays[@]}"; do
  LD_PRELOAD="$work/slow-flush.so" SLOW_FLUSH_US="$delay" /usr/sbin/mariadbd --no-defaults \
    --datadir="$work/data" --port="$port" --bind-address=127.0.0.1 --socket="$work/mariadb.sock" \
    --user="$(id -un)" --innodb-flush-method=O_DIRECT --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=1 > "$work/server-$delay.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do
    mysqladmin -uroot -h127.0.0.1 -P"$port" ping >/dev/null 2>&1 && break
    sleep 1
  done
  mysqladmin -uroot -h127.0.0.1 -P"$port" ping >/dev/null 2>&1 || {
    echo "the scratch server did not start; see $work/server-$delay.log" >&2; exit 1; }
  echo "== each flush + $delay us"
  mvn -B -q -Dstyle.color=never -pl bench exec:java@market-load \
    -Dbench.args="--seconds $seconds --hosts 100 --db-url jdbc:mariadb://127.0.0.1:$port/" 2>&1 \
    | grep -v ' event=' || true
  stop_server
done
