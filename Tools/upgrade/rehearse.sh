#!/usr/bin/env bash
# Rehearses the upgrade of a running 3-node cluster from an older release to this one
# (docs/security-peers.md, "Upgrading a cluster to certificates"), while a client files:
#   1. three nodes of the old release, one shared cluster key, filing at whichever is up;
#   2. node by node, the new binary on the same data (no root key yet);
#   3. a cluster root; each node certified and restarted with --root-public-key
#      --accept-legacy-peers, node by node;
#   4. node by node, restarted without --accept-legacy-peers;
# then checks that every acknowledged filing is on every node, that the nodes agree
# (casectl verify) and that each node's log passes casectl audit.
#
# usage: Tools/upgrade/rehearse.sh OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]
#   OLD_BIN_DIR  holds casenode and casectl of the old release, e.g. built with
#                git worktree add /tmp/old 887ef61 && (cd /tmp/old && swift build)
#   NEW_BIN_DIR  holds this release's casenode and casectl (swift build --show-bin-path)
set -euo pipefail
old="${1:?usage: $0 OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]}"
new="${2:?usage: $0 OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]}"
work="${3:-$(mktemp -d /tmp/casestore-upgrade.XXXXXX)}"
umask 077
mkdir -p "$work"
echo "rehearsal in $work"
key="$work/cluster.key"
od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$key"; echo >> "$key"
base=7700
http() { echo $((base + 10 * $1)); }
peer() { echo $((base + 10 * $1 + 1)); }
pids=()
declare -A pid

start() {  # start I BIN_DIR [extra flags...]
    local i="$1" bin="$2"; shift 2
    local join=""
    for j in 1 2 3; do [ "$j" = "$i" ] || join="${join:+$join,}127.0.0.1:$(peer "$j")"; done
    "$bin/casenode" --id "n$i" --data "$work/n$i" --http "127.0.0.1:$(http "$i")" --peer "127.0.0.1:$(peer "$i")" \
        --cluster-id upgrade --cluster-key "$key" --join "$join" "$@" >>"$work/n$i.log" 2>&1 &
    pid[$i]=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$(http "$i")/healthz" >/dev/null 2>&1 && return 0
        kill -0 "${pid[$i]}" 2>/dev/null || { echo "n$i failed to start; see $work/n$i.log"; tail -5 "$work/n$i.log"; exit 1; }
        sleep 0.1
    done
    echo "n$i did not answer"; exit 1
}
stop() { kill "${pid[$1]}"; wait "${pid[$1]}" 2>/dev/null || true; }
cleanup() { for i in 1 2 3; do [ -n "${pid[$i]:-}" ] && kill "${pid[$i]}" 2>/dev/null || true; done; }
trap cleanup EXIT

acknowledged="$work/acknowledged"
: > "$acknowledged"
file_at() {  # file one dossier at node I with casectl of BIN_DIR; record its code if acknowledged
    local i="$1" bin="$2" out
    if out=$("$bin/casectl" --node "http://127.0.0.1:$(http "$i")" --token-file "$work/n$i/admin.token" \
            file --procedure 1.001612 --name 'Nguyễn Văn Ánh' --id-number 001090012345 --birth-date 1990-05-01 \
            --document 'Tờ khai:1:0' 2>&1); then
        echo "$out" | head -1 | awk '{print $2}' | tr -d ':' >> "$acknowledged"
    fi
}
file_some() { for _ in 1 2 3; do file_at "$1" "$2"; done; }

echo "1. old release"
for i in 1 2 3; do start "$i" "$old"; done
sleep 3
for i in 1 2 3; do file_some "$i" "$old"; done

echo "2. new binaries, no root key"
for i in 1 2 3; do
    stop "$i"; file_some $(( i % 3 + 1 )) "$old"
    start "$i" "$new"; file_some "$i" "$new"
done

echo "3. certificates, upgrade window open"
"$new/casectl" root init --out "$work/root.key" >/dev/null
root="$("$new/casectl" root show --root-key "$work/root.key" | cut -d' ' -f1)"
for i in 1 2 3; do
    "$new/casectl" certify "n$i" --root-key "$work/root.key" --cluster-id upgrade --public-key-file "$work/n$i/node.pub" \
        --api-address "http://127.0.0.1:$(http "$i")" --out "$work/n$i/node.cert" >/dev/null
    stop "$i"; file_some $(( i % 3 + 1 )) "$new"
    start "$i" "$new" --root-public-key "$root" --accept-legacy-peers; file_some "$i" "$new"
done

echo "4. upgrade window closed"
for i in 1 2 3; do
    stop "$i"; file_some $(( i % 3 + 1 )) "$new"
    start "$i" "$new" --root-public-key "$root"; file_some "$i" "$new"
done

echo "5. checks"
# Once certificates are in force each node honours the local admin token it made (the
# old, unsigned ones are kept aside as admin.token.legacy); verify asks every member, so
# it needs a cluster-wide admin token, signed by the root.
"$new/casectl" --node "http://127.0.0.1:$(http 1)" --token-file "$work/n1/admin.token" token create --name admin@upgrade \
    --role admin --signing-key "$work/root.key" --cluster-id upgrade --secret-file "$work/admin.token" >/dev/null
sleep 3
"$new/casectl" --node "http://127.0.0.1:$(http 1)" --token-file "$work/admin.token" verify --wait 30
missing=0
for i in 1 2 3; do
    while read -r code; do
        [ -n "$code" ] || continue
        "$new/casectl" --node "http://127.0.0.1:$(http "$i")" --token-file "$work/n$i/admin.token" show "$code" >/dev/null 2>&1 \
            || { echo "n$i lacks acknowledged filing $code"; missing=$((missing + 1)); }
    done < "$acknowledged"
    "$new/casectl" --node "http://127.0.0.1:$(http "$i")" --token-file "$work/n$i/admin.token" audit
done
echo "$(wc -l < "$acknowledged") filings acknowledged; $missing missing on some node"
[ "$missing" = 0 ]
