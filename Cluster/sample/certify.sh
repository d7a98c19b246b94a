#!/usr/bin/env bash
# Certifies the nodes of one sample configuration with its cluster root, on the admin's
# machine (docs/security-peers.md, "Certifying a node"). For each <commune>.json in SAMPLE
# it reads the node id, the cluster id, the advertised https address and the province (a
# config without "province" is certified for none, 00), takes the node's public key from
# PUBLIC_KEYS/<id>.pub (copy each machine's <data>/node.pub, made by
# `casenode --config <commune>.json --init-identity`), and writes OUT/<id>.cert, certified
# for that API address and province. The root key is made first if ROOT_KEY does not exist.
# Copy each certificate to its machine as the node's --certificate (or <data>/node.cert)
# and give every node the root public key this prints (--root-public-key, or the
# "root-public-key" config key). Every sample uses this one script:
# `Cluster/sample/certify.sh Cluster/sample/two-provinces root.key keys certs`.
#
# usage: certify.sh SAMPLE ROOT_KEY PUBLIC_KEYS OUT [CASECTL]
set -euo pipefail
usage="usage: $0 SAMPLE ROOT_KEY PUBLIC_KEYS OUT [CASECTL]"
sample="${1:?$usage}"
root_key="${2:?$usage}"
public_keys="${3:?$usage}"
out="${4:?$usage}"
casectl="${5:-casectl}"
configs=("$sample"/*.json)
[ -f "${configs[0]}" ] || { echo "no <commune>.json in $sample" >&2; exit 1; }
umask 077
mkdir -p "$out"
[ -f "$root_key" ] || "$casectl" root init --out "$root_key" >/dev/null
for config in "${configs[@]}"; do
    # id, cluster-id, advertise-http and province of one config, one a line so that an empty
    # one keeps its place (Python's standard library only).
    mapfile -t fields < <(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
if not c.get("id"):
    sys.exit(sys.argv[1] + ": no \"id\"")
print(c["id"], c.get("cluster-id", "casestore"), c.get("advertise-http", ""), c.get("province", ""), sep="\n")' "$config")
    [ ${#fields[@]} -eq 4 ] || { echo "$config: could not read the node's settings" >&2; exit 1; }
    id="${fields[0]}" cluster="${fields[1]}" api="${fields[2]}" province="${fields[3]}"
    [ -f "$public_keys/$id.pub" ] || { echo "no public key for $id: copy its <data>/node.pub to $public_keys/$id.pub" >&2; exit 1; }
    args=(certify "$id" --root-key "$root_key" --cluster-id "$cluster" --public-key-file "$public_keys/$id.pub" --out "$out/$id.cert")
    [ -n "$api" ] && args+=(--api-address "$api")
    # 00 is no province: a certificate of format 1, as casectl issues without --province.
    [ -n "$province" ] && [ "$province" != 00 ] && args+=(--province "$province")
    "$casectl" "${args[@]}"
done
echo "root public key (give every node --root-public-key): $("$casectl" root show --root-key "$root_key" | cut -d' ' -f1)"
