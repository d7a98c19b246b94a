#!/usr/bin/env bash
# Rehearses the upgrade of a running 3-node cluster from an older release to this one
# (docs/security-peers.md, "Upgrading a cluster to certificates"), while clients file:
#   1. three nodes of the old release, one shared cluster key;
#   2. node by node, the new binary on the same data (no root key yet);
#   3. a cluster root; each node certified and restarted with --root-public-key
#      --accept-legacy-peers, node by node;
#   4. node by node, restarted without --accept-legacy-peers;
# then checks that every acknowledged filing is on every node, that the nodes agree
# (casectl verify) and that each node's log passes casectl audit.
#
# Two clients file throughout. A scripted one files three dossiers at a node that is up
# before each stop, while that node is down (at the next node) and after it is back; each
# of its filings must be acknowledged. A background one files round-robin at every node
# without pause, so some filings land just before a node is stopped or while it starts;
# those refused because their node is down are not acknowledged and not looked for.
# After every start the script waits until all three nodes have heard from each other
# since that start, so no step runs on a cluster still forming.
#
# usage: Tools/upgrade/rehearse.sh OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]
#   OLD_BIN_DIR  holds casenode and casectl of the old release; .ci/run builds them from
#                commit 887ef61 (git archive 887ef61 | tar -x -C DIR; swift build there)
#   NEW_BIN_DIR  holds this release's casenode and casectl (swift build --show-bin-path)
#   WORK_DIR     a new or empty directory for the nodes' data and logs (default: a new
#                one under /tmp); it is kept for inspection
# Ports: HTTP 7710, 7720, 7730 and peer 7711, 7721, 7731 (REHEARSAL_PORT_BASE moves them);
# the script stops if one is taken. Needs curl and python3. Exits 0 only if every check
# passes; on failure it says which and prints the tail of every node's log.
set -euo pipefail
usage="usage: $0 OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]"
old="${1:?$usage}"
new="${2:?$usage}"
work="${3:-$(mktemp -d /tmp/casestore-upgrade.XXXXXX)}"
base="${REHEARSAL_PORT_BASE:-7700}"

say() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
fail() { printf '[%s] rehearsal FAILED: %s\n' "$(date +%T)" "$*" >&2; exit 1; }

for tool in curl python3 od; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (the script needs curl, python3 and od)"
done
for dir in "$old" "$new"; do
    for bin in casenode casectl; do
        [ -x "$dir/$bin" ] || fail "$dir/$bin is missing or not executable"
    done
done
umask 077
mkdir -p "$work"
[ -z "$(ls -A "$work")" ] || fail "$work is not empty: a rehearsal starts from no data"
work="$(cd "$work" && pwd)"
say "rehearsal in $work: old binaries $old, new $new"

http() { echo $((base + 10 * $1)); }
peer() { echo $((base + 10 * $1 + 1)); }
url() { echo "http://127.0.0.1:$(http "$1")"; }
for i in 1 2 3; do
    for port in "$(http "$i")" "$(peer "$i")"; do
        # Something answering here would take the node's place (or be a node left over
        # from an earlier run): stop rather than test it.
        if (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            fail "port $port is in use; stop what listens there or set REHEARSAL_PORT_BASE"
        fi
    done
done

key="$work/cluster.key"
od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$key"; echo >> "$key"
declare -A pid
filer=""
acknowledged="$work/acknowledged"   # one line per acknowledged filing: CODE NODE PHASE CLIENT
: > "$acknowledged"
phase_file="$work/phase"

stop_filer() {
    [ -n "$filer" ] || return 0
    touch "$work/stop-filing"
    wait "$filer" || fail "the background client stopped with an error; see $work/background.log"
    filer=""
}
on_exit() {
    local status=$? i
    [ -z "$filer" ] || { touch "$work/stop-filing"; wait "$filer" 2>/dev/null || true; }
    for i in 1 2 3; do
        [ -n "${pid[$i]:-}" ] || continue
        kill "${pid[$i]}" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "${pid[$i]}" 2>/dev/null || break; sleep 0.1; done
        kill -9 "${pid[$i]}" 2>/dev/null || true
        wait "${pid[$i]}" 2>/dev/null || true
    done
    if [ "$status" != 0 ]; then
        for i in 1 2 3; do
            [ -f "$work/n$i.log" ] || continue
            echo "--- last lines of $work/n$i.log"
            tail -n 25 "$work/n$i.log"
        done
        [ ! -s "$work/background.log" ] || { echo "--- last lines of $work/background.log"; tail -n 10 "$work/background.log"; }
        echo "rehearsal data and logs kept in $work"
    fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

start() {  # start I BIN_DIR [extra flags...]: start node I, wait until it serves as nI
    local i="$1" bin="$2"; shift 2
    local join="" j
    for j in 1 2 3; do [ "$j" = "$i" ] || join="${join:+$join,}127.0.0.1:$(peer "$j")"; done
    echo "=== $(date +%T) start $bin/casenode $*" >>"$work/n$i.log"
    "$bin/casenode" --id "n$i" --data "$work/n$i" --http "127.0.0.1:$(http "$i")" --peer "127.0.0.1:$(peer "$i")" \
        --cluster-id upgrade --cluster-key "$key" --join "$join" "$@" >>"$work/n$i.log" 2>&1 &
    pid[$i]=$!
    # A start may migrate the database (the first start of the new release links every
    # event already held), so allow it a minute on a busy machine.
    local deadline=$((SECONDS + 60))
    until curl -sf "$(url "$i")/healthz" 2>/dev/null | grep -q "\"node\":\"n$i\""; do
        kill -0 "${pid[$i]}" 2>/dev/null || { wait "${pid[$i]}" || true; pid[$i]=""; fail "n$i exited while starting; see $work/n$i.log"; }
        [ "$SECONDS" -lt "$deadline" ] || fail "n$i did not serve /healthz within 60 s of starting"
        sleep 0.1
    done
}
stop() {  # stop I: SIGTERM, as an operator's service manager would; the node must exit 0
    local i="$1" deadline=$((SECONDS + 30)) status=0
    kill "${pid[$i]}"
    while kill -0 "${pid[$i]}" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || fail "n$i did not stop within 30 s of SIGTERM"
        sleep 0.1
    done
    wait "${pid[$i]}" || status=$?
    pid[$i]=""
    [ "$status" = 0 ] || fail "n$i exited with status $status on SIGTERM; see $work/n$i.log"
}

# Node I's view of the cluster (GET /v1/cluster) with the admin token it wrote.
cluster_view() {
    curl -sf -H "Authorization: Bearer $(cat "$work/n$1/admin.token")" "$(url "$1")/v1/cluster"
}
# Succeeds when the view on stdin lists n1, n2 and n3 alive and the viewer has heard from
# each of the other two at or after SINCE (ISO 8601): a member listed alive from before a
# restart would otherwise pass.
view_is_joined() {
    python3 -c '
import json, sys
from datetime import datetime
since = datetime.fromisoformat(sys.argv[1])
view = json.load(sys.stdin)
members = {m["id"]: m for m in view["members"]}
def heard(m):
    return m.get("lastContactAt") and datetime.fromisoformat(m["lastContactAt"]) >= since
ok = sorted(members) == ["n1", "n2", "n3"] and all(m["state"] == "alive" for m in members.values()) \
    and all(heard(m) for i, m in members.items() if i != view["id"])
sys.exit(0 if ok else 1)' "$1"
}
wait_joined() {  # wait_joined SINCE: every node has heard from the others since SINCE
    local since="$1" deadline=$((SECONDS + 60)) i view
    for i in 1 2 3; do
        until view=$(cluster_view "$i") && view_is_joined "$since" <<<"$view"; do
            [ "$SECONDS" -lt "$deadline" ] \
                || fail "the members did not all hear from each other within 60 s (since $since); n$i sees: ${view:-no answer}"
            sleep 0.2
        done
    done
}
now() { date +%Y-%m-%dT%H:%M:%S.%3N%:z; }  # milliseconds, as the nodes report contacts

file_at() {  # file_at I BIN_DIR CLIENT: file one dossier at node I; on success record its code
    local i="$1" bin="$2" client="$3" out code
    out=$("$bin/casectl" --node "$(url "$i")" --token-file "$work/n$i/admin.token" \
        file --procedure 1.001612 --name 'Nguyễn Văn Ánh' --id-number 001090012345 --birth-date 1990-05-01 \
        --document 'Tờ khai:1:0' 2>&1) || { echo "$out"; return 1; }
    # casectl prints "Filed CODE: received" on standard output; a casectl that retries an
    # unanswered filing (same Idempotency-Key) says so on standard error first.
    code=$(echo "$out" | awk '$1 == "Filed" {print $2; exit}' | tr -d ':')
    [[ "$code" =~ ^[A-Z0-9.]+-[0-9]{6}-[0-9]+$ ]] || { echo "acknowledged, but no dossier code in: $out"; return 2; }
    echo "$code n$i $(cat "$phase_file") $client" >> "$acknowledged"
}
file_some() {  # file_some I BIN_DIR: three filings the scripted client must have acknowledged
    local out
    for _ in 1 2 3; do
        out=$(file_at "$1" "$2" scripted) || fail "filing at n$1 (which is up) was refused: $out"
    done
}
background_client() {
    # The new casectl against whatever runs: the node API it uses is the old release's too.
    local n=0 status
    while [ ! -e "$work/stop-filing" ]; do
        n=$((n + 1))
        status=0; file_at $((n % 3 + 1)) "$new" background >>"$work/background.log" || status=$?
        # Refusal (1) is expected while the node is down; an acknowledgement without a
        # code (2) means the count could miss a filing.
        [ "$status" != 2 ] || exit 2
    done
}
phase() { echo "$1" > "$phase_file"; say "$1. $2"; }
restart() {  # restart I CLIENT_BIN BIN [flags...]: stop node I, file at the next with CLIENT_BIN's casectl, start I from BIN
    local i="$1" client="$2" bin="$3" since; shift 3
    stop "$i"; file_some $(( i % 3 + 1 )) "$client"
    since=$(now); start "$i" "$bin" "$@"; wait_joined "$since"
    file_some "$i" "$bin"
}

phase 1 "old release"
since=$(now)
for i in 1 2 3; do start "$i" "$old"; done
wait_joined "$since"
background_client & filer=$!
for i in 1 2 3; do file_some "$i" "$old"; done

phase 2 "new binaries, no root key"
for i in 1 2 3; do restart "$i" "$old" "$new"; done

phase 3 "certificates, upgrade window open"
"$new/casectl" root init --out "$work/root.key" >/dev/null
root="$("$new/casectl" root show --root-key "$work/root.key" | cut -d' ' -f1)"
for i in 1 2 3; do
    "$new/casectl" certify "n$i" --root-key "$work/root.key" --cluster-id upgrade --public-key-file "$work/n$i/node.pub" \
        --api-address "$(url "$i")" --out "$work/n$i/node.cert" >/dev/null
    restart "$i" "$new" "$new" --root-public-key "$root" --accept-legacy-peers
done

phase 4 "upgrade window closed"
for i in 1 2 3; do restart "$i" "$new" "$new" --root-public-key "$root"; done

stop_filer
phase 5 "checks"
# Once certificates are in force each node honours the local admin token it made (the
# old, unsigned ones are kept aside as admin.token.legacy); verify asks every member, so
# it needs a cluster-wide admin token, signed by the root, which reaches the other
# members by replication.
"$new/casectl" --node "$(url 1)" --token-file "$work/n1/admin.token" token create --name admin@upgrade \
    --role admin --signing-key "$work/root.key" --cluster-id upgrade --secret-file "$work/admin.token" >/dev/null
deadline=$((SECONDS + 60))
for i in 1 2 3; do
    until curl -sf -o /dev/null -H "Authorization: Bearer $(cat "$work/admin.token")" "$(url "$i")/v1/cluster"; do
        [ "$SECONDS" -lt "$deadline" ] || fail "n$i did not honour the cluster-wide admin token within 60 s"
        sleep 0.2
    done
done
"$new/casectl" --node "$(url 1)" --token-file "$work/admin.token" verify --wait 120 \
    || fail "casectl verify: the members do not hold identical dossiers"

total=$(wc -l < "$acknowledged")
[ "$(cut -d' ' -f1 "$acknowledged" | sort | uniq -d | wc -l)" = 0 ] || fail "a dossier code was acknowledged twice"
missing=0
for i in 1 2 3; do
    auth="Authorization: Bearer $(cat "$work/n$i/admin.token")" node=$(url "$i")
    while read -r code _; do
        curl -sf -o /dev/null -H "$auth" "$node/v1/dossiers/$code" \
            || { echo "n$i lacks acknowledged filing $code"; missing=$((missing + 1)); }
    done < "$acknowledged"
done
audits_failed=0
for i in 1 2 3; do
    echo "audit of n$i:"
    "$new/casectl" --node "$(url "$i")" --token-file "$work/n$i/admin.token" audit || audits_failed=$((audits_failed + 1))
done

say "filings acknowledged, by phase and client:"
awk '{n[$3 " " $4]++} END {for (k in n) print "  phase " k ": " n[k]}' "$acknowledged" | sort
say "$total filings acknowledged; $missing (filing, node) pairs missing; $audits_failed audits failed"
# Each phase runs for seconds of filing without pause, so a phase in which the
# background client had nothing acknowledged means it was not filing at all.
for p in 1 2 3 4; do
    grep -q " $p background\$" "$acknowledged" || fail "the background client had no filing acknowledged in phase $p; see $work/background.log"
done
[ "$missing" = 0 ] || fail "acknowledged filings are missing: $missing (filing, node) pairs, listed above"
[ "$audits_failed" = 0 ] || fail "casectl audit failed on $audits_failed nodes"
say "rehearsal passed"
