#!/usr/bin/env python3
"""Checks that a node of the release before the citizen lookup (docs/lookup.md) and a node
of this release replicate each other's dossiers and lookup PINs and agree on their state.

  n1: the old release; n2: this one; one cluster, one cluster key.
  1. a dossier filed at n2 (with a PIN) reaches n1; its PIN works at n2;
  2. its PIN re-issued at n2 (a note with the hash) reaches n1; the new PIN works, the old not;
  3. a dossier filed at n1 (no PIN) reaches n2, where it is the unknown code's 404 until a
     PIN is re-issued at n2; a note taken at n1 after that leaves the PIN working;
  4. casectl verify: both nodes hold identical dossiers (stored states and digests).

usage: Tools/upgrade/lookup-mixed.py OLD_BIN_DIR NEW_BIN_DIR [WORK_DIR]
  OLD_BIN_DIR holds casenode and casectl of the previous release (git archive f1b1beb | tar -x
  -C DIR; swift build there); NEW_BIN_DIR this tree's (swift build --show-bin-path).
Ports: HTTP 7750 and 7760, peer 7751 and 7761. Exits 0 only if every check passes.
"""
import json, os, secrets, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request

old, new = sys.argv[1], sys.argv[2]
work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="casestore-lookup-mixed.")
os.umask(0o077)
os.makedirs(work, exist_ok=True)
key = os.path.join(work, "cluster.key")
with open(key, "w") as f:
    f.write(secrets.token_hex(32) + "\n")
ports = {1: (7750, 7751), 2: (7760, 7761)}
procs = {}


def fail(message):
    print(f"lookup-mixed FAILED: {message} (logs in {work})", file=sys.stderr)
    sys.exit(1)


def start(i, bin_dir):
    http, peer = ports[i]
    for port in (http, peer):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                fail(f"port {port} is taken")
    join = ["--join", f"127.0.0.1:{ports[1][1]}"] if i != 1 else []
    log = open(os.path.join(work, f"n{i}.log"), "a")
    procs[i] = subprocess.Popen(
        [f"{bin_dir}/casenode", "--id", f"n{i}", "--data", os.path.join(work, f"n{i}"), "--http", f"127.0.0.1:{http}",
         "--peer", f"127.0.0.1:{peer}", "--cluster-id", "mixed", "--cluster-key", key] + join, stdout=log, stderr=log)
    until(f"n{i} serves", lambda: request(i, "GET", "/healthz", token=False)[0] == 200)


def token(i):
    with open(os.path.join(work, f"n{i}", "admin.token")) as f:
        return f.read().strip()


def request(i, method, path, body=None, token=True):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {globals()['token'](i)}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{ports[i][0]}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except (urllib.error.URLError, ConnectionError):
        return 0, None


def until(what, condition, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    fail(f"{what}: not within {seconds} s")


def lookup(i, code, pin):
    return request(i, "GET", f"/v1/lookup/{code}?pin={pin}", token=False)[0]


def filing(competent):
    return {"procedureCode": "1.001193", "competentCentre": competent, "applicant": {"fullName": "Lê Thị Hồng", "idNumber": "001190000001"}}


try:
    start(1, old)
    start(2, new)
    until("both members alive", lambda: all(
        len([m for m in (request(i, "GET", "/v1/cluster")[1] or {}).get("members", []) if m.get("state") == "alive"]) == 2 for i in (1, 2)))

    status, filed = request(2, "POST", "/v1/dossiers", filing("n2"))
    if status != 201 or "lookupPin" not in filed:
        fail(f"filing at n2: {status} {filed}")
    code, pin = filed["code"], filed["lookupPin"]
    until("the new node's filing reaches the old node", lambda: request(1, "GET", f"/v1/dossiers/{code}")[0] == 200)
    if lookup(2, code, pin) != 200:
        fail("the PIN answered at filing does not work at n2")

    status, reissued = request(2, "POST", f"/v1/dossiers/{code}/lookup-pin", {})
    if status != 200:
        fail(f"re-issue at n2: {status} {reissued}")
    new_pin = reissued["lookupPin"]
    until("the re-issue reaches the old node", lambda: request(1, "GET", f"/v1/dossiers/{code}")[1]["version"] == 2)
    if lookup(2, code, new_pin) != 200 or (new_pin != pin and lookup(2, code, pin) != 404):
        fail("after the re-issue the new PIN must work and the old one not")

    status, old_filed = request(1, "POST", "/v1/dossiers", filing("n1"))
    if status != 201 or "lookupPin" in old_filed:
        fail(f"filing at n1 (old): {status} {old_filed}")
    old_code = old_filed["code"]
    until("the old node's filing reaches the new node", lambda: request(2, "GET", f"/v1/dossiers/{old_code}")[0] == 200)
    if lookup(2, old_code, "000000") != 404:
        fail("a dossier filed by the old release has no PIN: 404 expected")
    status, given = request(2, "POST", f"/v1/dossiers/{old_code}/lookup-pin", {})
    if status != 200 or lookup(2, old_code, given["lookupPin"]) != 200:
        fail(f"re-issuing a PIN for an old dossier: {status} {given}")
    until("the PIN of the old dossier reaches the old node", lambda: request(1, "GET", f"/v1/dossiers/{old_code}")[1]["version"] == 2)
    status, _ = request(1, "POST", f"/v1/dossiers/{old_code}/actions", {"action": "note", "note": "gọi điện"})
    if status != 200:
        fail(f"a note at the old node: {status}")
    until("the old node's note reaches the new node", lambda: request(2, "GET", f"/v1/dossiers/{old_code}")[1]["version"] == 3)
    if lookup(2, old_code, given["lookupPin"]) != 200:
        fail("a step taken at the old node lost the PIN")

    verify = None
    deadline = time.time() + 60
    while time.time() < deadline:
        verify = subprocess.run([f"{new}/casectl", "--node", f"http://127.0.0.1:{ports[2][0]}", "--token", token(2), "verify", "--trust-advertised-addresses", "--wait", "30"],
                                capture_output=True, text=True)
        if verify.returncode == 0:
            break
        time.sleep(1)
    if verify.returncode != 0:
        fail(f"casectl verify: {verify.stdout} {verify.stderr}")
    print(verify.stdout.strip())
    print("lookup-mixed: the old and the new release replicate dossiers and lookup PINs and agree")
finally:
    for proc in procs.values():
        proc.terminate()
        proc.wait(timeout=30)
