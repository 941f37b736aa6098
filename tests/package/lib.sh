# shellcheck shell=bash disable=SC2034
# Sourced by the package tests, after `set -euo pipefail` and the check of
# the variables each needs: $work, a temporary folder removed at exit (named
# after the test), and the two helpers every one of them uses.
work=$(mktemp -d "/tmp/shoal-$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep "$@" >/dev/null; }  # reads all its input: no SIGPIPE under pipefail
