#!/usr/bin/env bash
# Repeats a crash of the active lab node (REPEAT, default 10) and ends with "median <s> s, max <s> s"
# for the time until the active/passive group is healthy on the survivor.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/SharesConsole.Web -nologo -v q >/dev/null
exec python3 bench/failover.py
