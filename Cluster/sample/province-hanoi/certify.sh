#!/usr/bin/env bash
# Certifies the sample province's nodes with its cluster root, on the admin's machine
# (docs/security-peers.md, "Certifying a node"). For each <commune>.json beside this
# script it reads the node id, the cluster id and the advertised https address, takes
# the node's public key from PUBLIC_KEYS/<id>.pub (copy each machine's <data>/node.pub,
# made by `casenode --config <commune>.json --init-identity`), and writes OUT/<id>.cert,
# certified for that API address. The root key is made first if ROOT_KEY does not exist.
# Copy each certificate to its machine as the node's --certificate (or <data>/node.cert)
# and give every node the root public key this prints (--root-public-key, or the
# "root-public-key" config key).
#
# usage: certify.sh ROOT_KEY PUBLIC_KEYS OUT [CASECTL]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root_key="${1:?usage: $0 ROOT_KEY PUBLIC_KEYS OUT [CASECTL]}"
public_keys="${2:?usage: $0 ROOT_KEY PUBLIC_KEYS OUT [CASECTL]}"
out="${3:?usage: $0 ROOT_KEY PUBLIC_KEYS OUT [CASECTL]}"
casectl="${4:-casectl}"
umask 077
mkdir -p "$out"
[ -f "$root_key" ] || "$casectl" root init --out "$root_key" >/dev/null
for config in "$here"/*.json; do
    # id, cluster-id and advertise-http of one config, tab-separated (Python's standard library only).
    read -r id cluster api < <(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
print(c["id"], c.get("cluster-id", "casestore"), c.get("advertise-http", ""), sep="\t")' "$config")
    [ -f "$public_keys/$id.pub" ] || { echo "no public key for $id: copy its <data>/node.pub to $public_keys/$id.pub" >&2; exit 1; }
    args=(certify "$id" --root-key "$root_key" --cluster-id "$cluster" --public-key-file "$public_keys/$id.pub" --out "$out/$id.cert")
    [ -n "$api" ] && args+=(--api-address "$api")
    "$casectl" "${args[@]}"
done
echo "root public key (give every node --root-public-key): $("$casectl" root show --root-key "$root_key" | cut -d' ' -f1)"
