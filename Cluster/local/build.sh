#!/usr/bin/env bash
# Builds casenode and casectl once for the local cluster scripts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$root" && swift build --product casenode >/dev/null && swift build --product casectl >/dev/null)
