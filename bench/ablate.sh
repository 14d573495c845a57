#!/usr/bin/env bash
# What each part of a call's pipeline costs, by taking it away: a throwaway checkout of HEAD
# with bench/ablation.patch applied (switches read from SWITCHBOARD_ABLATE, in that checkout
# only: the product has no way to turn its audit or policy off) runs beside this checkout's
# build in bench/ab-builds.ts, once per ablation. Ratios are ablated ÷ this build: 0.9× means
# the parts taken away cost a tenth of the gateway's CPU per call. It reports; it asserts nothing.
#
#   npm run build && bash bench/ablate.sh [--pairs N] <ablation>...
#
# An ablation is a comma-separated list of: audit-write (the line is built, not written),
# audit (no audit line), metrics, cache (no response cache), digest (no argument digest; with
# cache only: alone, every call would hit), mask, policy (every call allowed without a
# decision), result-text (no result text in the audit line), hit (every call after the first
# answered from the cache: no upstream), layers (a running server's call goes straight to its
# connection: no limiter, breaker, replica choice or session renewal).
# `none` compares two equal builds: the run's noise.
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
pairs=8
if [ "${1:-}" = "--pairs" ]; then pairs=$2; shift 2; fi
if [ $# -eq 0 ]; then sed -n '2,16p' "$0"; exit 2; fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-ablated-XXXXXX")
cleanup() { git -C "$repo" worktree remove --force "$dir" >/dev/null 2>&1 || rm -rf "$dir"; }
trap cleanup EXIT
git -C "$repo" worktree add --detach --force "$dir" HEAD >/dev/null
if ! git -C "$dir" apply -C1 "$repo/bench/ablation.patch"; then
  echo "ablate: bench/ablation.patch no longer applies to HEAD; make it again from the switches it names" >&2
  exit 1
fi
cp -al "$repo/node_modules" "$dir/"
(cd "$dir" && npx electron-vite build >/dev/null)
cd "$repo"
for ablation in "$@"; do
  echo "### without: $ablation (before = ablated, after = this checkout)"
  SWITCHBOARD_ABLATE=$ablation node --import tsx bench/ab-builds.ts --before "$dir" --pairs "$pairs"
done
