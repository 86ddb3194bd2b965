#!/usr/bin/env bash
# A three-master Redis Cluster on 127.0.0.1:7000-7002 for the cache and rate-limit suites (issue 13),
# started from the machine's redis-server. Idempotent: a cluster already answering is left alone;
# nodes that run but never formed a cluster are joined; a node that holds a broken cluster state
# (e.g. from a half-finished earlier run) is restarted empty. Nothing is persisted.
set -euo pipefail

PORTS=(7000 7001 7002)
ROOT=${REDIS_CLUSTER_DIR:-/tmp/cg-redis-cluster}

cluster_ok() { redis-cli -p "${PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
answers() { redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; }
known_nodes() { redis-cli -p "$1" cluster info 2>/dev/null | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p'; }

all_answer() { for port in "${PORTS[@]}"; do answers "$port" || return 1; done; }

if cluster_ok && all_answer; then
  echo "redis cluster: already up on ${PORTS[*]}"
  exit 0
fi

start_node() { # port
  local port=$1 dir="$ROOT/$1"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
    --cluster-enabled yes --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 5000 \
    --save "" --appendonly no --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid"
}

for port in "${PORTS[@]}"; do
  if answers "$port" && [ "$(known_nodes "$port")" != "1" ]; then
    # Part of some cluster that is not ok: start over from empty nodes.
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do answers "$port" || break; sleep 0.1; done
    rm -f "$ROOT/$port/nodes.conf"
  fi
  if ! answers "$port"; then
    rm -f "$ROOT/$port/nodes.conf"
    start_node "$port"
  fi
done

for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do answers "$port" && break; sleep 0.1; done
  answers "$port" || { echo "redis cluster: node $port did not start (see $ROOT/$port/redis.log)" >&2; exit 1; }
  # An empty node with keys (a leftover) cannot join; there is nothing to keep.
  redis-cli -p "$port" flushall >/dev/null
done

redis-cli --cluster create "${PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null

for _ in $(seq 1 100); do
  if cluster_ok; then
    echo "redis cluster: up on ${PORTS[*]}"
    exit 0
  fi
  sleep 0.2
done
echo "redis cluster: cluster_state never became ok" >&2
redis-cli -p "${PORTS[0]}" cluster info >&2 || true
exit 1
