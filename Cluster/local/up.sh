#!/usr/bin/env bash
# Starts a local cluster of N casestore nodes on loopback (default 3).
# Node i has id n<i>, HTTP on 7400+10·i, peer protocol on 7401+10·i, data under
# Cluster/local/data/n<i>/, its log in Cluster/local/data/n<i>.log and its pid
# in Cluster/local/data/n<i>.pid. Every node is told to join through all the
# others, so any of them can be restarted alone (./start-node.sh I).
# Stop them with ./down.sh.
set -euo pipefail
# Everything made here (data, logs, pid files, the cluster key) is for this user alone.
umask 077
here="$(cd "$(dirname "$0")" && pwd)"
count="${1:-3}"
if ! [[ "$count" =~ ^[0-9]+$ ]] || [ "$count" -lt 1 ] || [ "$count" -gt 50 ]; then
    echo "usage: $0 [N]   (1 to 50 nodes, default 3)" >&2
    exit 2
fi
root="$(cd "$here/../.." && pwd)"
"$here/build.sh"
mkdir -p "$here/data"
echo "$count" > "$here/data/count"
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
echo "each node is certified for its API address, so status, lag, watch and verify ask every member (Cluster/README.md)"
