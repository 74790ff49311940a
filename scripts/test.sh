#!/usr/bin/env bash
# Runs every test on a fresh Debian machine that has only the .NET SDK: installs the Debian ffmpeg package when
# ffmpeg/ffprobe are missing (the tests use the real tools), checks the code style against .editorconfig, then
# runs the whole suite and prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
    echo "ffmpeg not found: installing the Debian package"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0

# Style first: a failure is reported (and fails the run), but the tests still run so one CI run shows everything.
if ! dotnet format Bot.sln --verify-no-changes; then
    echo "Code style differs from .editorconfig: run 'dotnet format Bot.sln' and commit the result." >&2
    status=1
fi

dotnet test Bot.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary line per test assembly; add them up into one closing line.
passed=$(awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i == "Passed:") s += $(i + 1) } END { print s + 0 }' "$log")
failed=$(awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i == "Failed:") s += $(i + 1) } END { print s + 0 }' "$log")
echo
echo "${passed} passed, ${failed} failed"
if grep -qE "error CS[0-9]+|Test Run Aborted" "$log"; then
    # A project that did not build, or a test host that crashed, runs fewer tests than there are: never green.
    echo "not every test ran: a build error or an aborted test run (see above)" >&2
    status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "no test ran" >&2
    exit 1
fi
exit "$status"
