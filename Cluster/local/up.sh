#!/usr/bin/env bash
# Starts a local cluster of casestore nodes on loopback: `up.sh N` (default 3) starts N
# nodes of one province; `up.sh PxN` starts P provinces of N nodes each (e.g. 2x3: n1..n3
# in 01 Hà Nội, n4..n6 in 79 Hồ Chí Minh), each node certified for its province, so each
# province holds its own dossiers and shares only those that cross (docs/provinces.md).
# Node i has id n<i>, HTTP on 7400+10·i, peer protocol on 7401+10·i, data under
# Cluster/local/data/n<i>/, its log in Cluster/local/data/n<i>.log and its pid
# in Cluster/local/data/n<i>.pid. Every node is told to join through all the
# others, so any of them can be restarted alone (./start-node.sh I).
# Stop them with ./down.sh.
set -euo pipefail
# Everything made here (data, logs, pid files, the cluster key) is for this user alone.
umask 077
here="$(cd "$(dirname "$0")" && pwd)"
layout="${1:-3}"
usage="usage: $0 [N | PxN]   (N nodes of one province, 1 to 50, default 3; or P provinces (1 to 5) of N nodes each, at most 50 in all)"
# The provinces of a PxN cluster, in order: Hà Nội, Hồ Chí Minh, Đà Nẵng, Hải Phòng, Cần Thơ.
province_codes=(01 79 48 31 92)
if [[ "$layout" =~ ^([0-9]+)x([0-9]+)$ ]]; then
    provinces="${BASH_REMATCH[1]}"
    per="${BASH_REMATCH[2]}"
    if [ "$provinces" -lt 1 ] || [ "$provinces" -gt "${#province_codes[@]}" ] || [ "$per" -lt 1 ]; then
        echo "$usage" >&2
        exit 2
    fi
    count=$((provinces * per))
elif [[ "$layout" =~ ^[0-9]+$ ]]; then
    provinces=0
    per="$layout"
    count="$layout"
else
    echo "$usage" >&2
    exit 2
fi
if [ "$count" -lt 1 ] || [ "$count" -gt 50 ]; then
    echo "$usage" >&2
    exit 2
fi
# A node's province is in its certificate, made once: a data folder of other provinces
# would keep its old ones, so it is refused rather than silently mixed.
# (A data folder from before layouts has only its node count: one province.)
previous="$(cat "$here/data/layout" 2>/dev/null || cat "$here/data/count" 2>/dev/null || true)"
if [ -n "$previous" ] && [ "$previous" != "$layout" ] && [[ "$previous$layout" == *x* ]]; then
    echo "Cluster/local/data holds a cluster started as '$previous', not '$layout':" >&2
    echo "run $here/down.sh and remove $here/data to start over" >&2
    exit 2
fi
root="$(cd "$here/../.." && pwd)"
"$here/build.sh"
mkdir -p "$here/data"
echo "$count" > "$here/data/count"
echo "$layout" > "$here/data/layout"
# One line per node: its province code (00: the default province of a one-province cluster).
: > "$here/data/provinces"
for i in $(seq 1 "$count"); do
    if [ "$provinces" -eq 0 ]; then echo 00; else echo "${province_codes[$(( (i - 1) / per ))]}"; fi >> "$here/data/provinces"
done
for i in $(seq 1 "$count"); do
    "$here/start-node.sh" "$i"
done
# A cluster-wide admin token (docs/security-api.md): each node's own admin.token is valid
# at that node only, so casectl signs one with the local root key and posts it to n1,
# which replicates it. Made once; kept in data/admin.token (owner-only).
token="$here/data/admin.token"
if [ ! -f "$token" ]; then
    bins="$(cd "$root" && swift build --show-bin-path)"
    "$bins/casectl" --node http://127.0.0.1:7410 --token-file "$here/data/n1/admin.token" token create --name admin@local \
        --role admin --signing-key "$here/data/root.key" --cluster-id local --secret-file "$token" >/dev/null
fi
echo
echo "export CASESTORE_TOKEN=\$(cat $token)   # an admin token for every node (signed by the local root), valid once synced, within seconds"
echo "casectl --node http://127.0.0.1:7410 status   (any node's HTTP address works)"
if [ "$provinces" -gt 0 ]; then
    echo "provinces: $(paste -sd' ' "$here/data/provinces") (node 1 first); casectl verify compares each province's nodes, --province CODE one of them"
fi
echo "each node is certified for its API address, so status, lag, watch and verify ask every member (Cluster/README.md)"
