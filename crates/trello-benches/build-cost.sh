#!/usr/bin/env bash
# Build cost of the `trello` crate (bench 6 of issue 10): the cold
# `cargo build -p trello` in a fresh target directory, and the rebuild after
# touching one endpoint file, for the default features and for all features
# (`--features reqwest,hyper`). Prints seconds.
#
# It builds a fresh clone of the repository's HEAD in a temporary folder, so
# the working tree is never touched; SRC=/path/to/checkout measures that
# checkout instead (its ENDPOINT_FILE gets its mtime bumped). Downloads are
# done first (`cargo fetch`) and are not timed. Debug profile, as a
# developer builds.
#
#   bash crates/trello-benches/build-cost.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/trello-build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [[ -n "${SRC:-}" ]]; then
    src=$SRC
else
    git clone --quiet "$repo" "$work/src"
    src=$work/src
fi
endpoint_file=${ENDPOINT_FILE:-crates/trello/src/api/cards.rs}
[[ -f "$src/$endpoint_file" ]] || { echo "no endpoint file $src/$endpoint_file; set ENDPOINT_FILE" >&2; exit 1; }

echo "build cost of \`cargo build -p trello\` ($(git -C "$src" rev-parse --short HEAD))"
echo "machine: $(nproc) cores; $(cargo --version); $(rustc --version)"
echo "start: $(date -u '+%Y-%m-%d %H:%M UTC'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$src" && cargo fetch --quiet)

# seconds CMD...: runs CMD in $src, prints its wall time in seconds.
seconds() {
    local start end
    start=$(date +%s.%N)
    if ! (cd "$src" && "$@") >"$work/log" 2>&1; then
        tail -n 30 "$work/log" >&2
        echo "failed: $*" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }'
}

rows=()
for features in default all; do
    args=(build -p trello)
    [[ $features == all ]] && args+=(--features reqwest,hyper)
    export CARGO_TARGET_DIR="$work/target-$features"
    cold=$(seconds cargo "${args[@]}")
    touch "$src/$endpoint_file"
    touched=$(seconds cargo "${args[@]}")
    label=default
    [[ $features == all ]] && label="--features reqwest,hyper"
    rows+=("$(printf '| %-28s | %8s s | %24s s |' "$label" "$cold" "$touched")")
    echo "  $features: cold ${cold} s, after touching $endpoint_file ${touched} s" >&2
done

echo
printf '| %-28s | %10s | %26s |\n' "features" "cold build" "rebuild after touching one"
printf '|%s|%s|%s|\n' "------------------------------" "------------" "----------------------------"
printf '%s\n' "${rows[@]}"
echo "(touched file: $endpoint_file; end: $(date -u '+%H:%M UTC'); load average: $(cut -d' ' -f1-3 /proc/loadavg))"
