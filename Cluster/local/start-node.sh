#!/usr/bin/env bash
# Starts (or restarts) node I of the local cluster made by up.sh, with its own data;
# further arguments go to casenode (e.g. --readmit after 'casectl readmit nI').
set -euo pipefail
# Everything made here (data, logs, pid files, the cluster key) is for this user alone.
umask 077
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
i="${1:?usage: $0 I [casenode flags...]}"
shift
count="$(cat "$here/data/count" 2>/dev/null || echo 3)"
bins="$(cd "$root" && swift build --show-bin-path)"
bin="$bins/casenode"
http=$((7400 + 10 * i))
peer=$((7401 + 10 * i))
join=""
for j in $(seq 1 "$count"); do
    [ "$j" = "$i" ] && continue
    join="${join:+$join,}127.0.0.1:$((7401 + 10 * j))"
done
pidfile="$here/data/n$i.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "n$i is already running (pid $(cat "$pidfile"))"
    exit 0
fi
mkdir -p "$here/data"
# One cluster key for the whole local cluster (a node joins only with the
# cluster's key); made on first use, readable by its owner only.
key="$here/data/cluster.key"
if [ ! -f "$key" ]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$key" && echo >> "$key")
fi
# The cluster root (docs/security-peers.md): a real province keeps it on the admin's
# machine; the local cluster keeps it beside the nodes' data to certify them for you.
rootkey="$here/data/root.key"
if [ ! -f "$rootkey" ]; then
    "$bins/casectl" root init --out "$rootkey" >/dev/null
fi
rootpub="$("$bins/casectl" root show --root-key "$rootkey" | cut -d' ' -f1)"
# The node's province, as up.sh laid the cluster out (00: one province).
province="$(sed -n "${i}p" "$here/data/provinces" 2>/dev/null || true)"
province="${province:-00}"
# The node's own key, made once, certified by the root for node id n<i> in its province.
cert="$here/data/n$i/node.cert"
if [ ! -f "$cert" ]; then
    "$bin" --id "n$i" --data "$here/data/n$i" --init-identity >/dev/null
    province_flag=()
    [ "$province" != "00" ] && province_flag=(--province "$province")
    "$bins/casectl" certify "n$i" --root-key "$rootkey" --cluster-id local --public-key-file "$here/data/n$i/node.pub" \
        --api-address "http://127.0.0.1:$http" "${province_flag[@]}" --out "$cert" >/dev/null
fi
args=(--id "n$i" --data "$here/data/n$i" --http "127.0.0.1:$http" --peer "127.0.0.1:$peer" --cluster-id local --cluster-key "$key"
      --root-public-key "$rootpub")
[ -n "$join" ] && args+=(--join "$join")
args+=("$@")
nohup "$bin" "${args[@]}" >>"$here/data/n$i.log" 2>&1 &
echo $! > "$pidfile"
# Where the node's first admin token is (written at its first start, owner-only; valid
# at this node only, as the node has a root key: up.sh makes one for every node).
print_admin_token() {
    echo "    this node's own admin token: $here/data/n$i/admin.token   (the cluster's: $here/data/admin.token)"
}
# Wait (bounded) until the node answers, so callers can use it at once.
for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1; then
        echo "n$i  province $province  http://127.0.0.1:$http  peer 127.0.0.1:$peer  pid $(cat "$pidfile")"
        print_admin_token
        exit 0
    fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
done
echo "n$i did not start; see $here/data/n$i.log" >&2
exit 1
