#!/usr/bin/env bash
# The phi-lint benchmark: a full check against the floor (read and parse every file once,
# `check --parse-only`), on gen-corpus projects at scales 1, 2 and 4 and on real
# repositories, at --jobs 1 and 2. Writes a Markdown table to stdout and to
# target/bench/results.md. See docs/performance.md.
#
# usage: benches/run.sh [REPO_DIR...]
#   REPO_DIR   real SFDX repositories to measure too; default: NPSP, cloned into
#              target/bench/NPSP at a pinned commit when it is not there
# environment:
#   RUNS=5        timed runs per measurement (after one warm-up run)
#   PAIRS=9       floor and full runs taken in turn, for the paired ratio (0: none)
#   SCALES="1 2 4"
#   GEN_CORPUS    the corpus generator (default: ../shared/bench/gen-corpus or
#                 /work/shared/bench/gen-corpus)
#   INSTRUCTIONS=1  also count instructions with valgrind's callgrind (floor and full
#                 check, --jobs 1 and 2) for the smallest scale and the repositories:
#                 a ratio that does not move with the machine's load (slow: minutes)
# needs: hyperfine, GNU time (/usr/bin/time), python3, git; valgrind for INSTRUCTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
PAIRS="${PAIRS:-9}"
SCALES="${SCALES:-1 2 4}"
WORK="$PWD/target/bench"
BIN="$PWD/target/release/phi-lint"
NPSP_URL="https://github.com/SalesforceFoundation/NPSP.git"
NPSP_COMMIT="19646faa907c11d3283da80efa645a99b3018ed4"

for tool in hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "benches/run.sh: needs $tool" >&2; exit 2; }
done
GEN_CORPUS="${GEN_CORPUS:-}"
if [ -z "$GEN_CORPUS" ]; then
    for candidate in ../shared/bench/gen-corpus /work/shared/bench/gen-corpus; do
        [ -x "$candidate" ] && GEN_CORPUS="$candidate" && break
    done
fi
[ -n "$GEN_CORPUS" ] || { echo "benches/run.sh: set GEN_CORPUS to gen-corpus" >&2; exit 2; }

cargo build --release --quiet
mkdir -p "$WORK"

projects=()
for scale in $SCALES; do
    dir="$WORK/scale-$scale"
    [ -f "$dir/sfdx-project.json" ] || "$GEN_CORPUS" "$dir" --scale "$scale" >/dev/null
    projects+=("$dir")
done
if [ "$#" -eq 0 ]; then
    if [ ! -d "$WORK/NPSP" ]; then
        git clone --quiet "$NPSP_URL" "$WORK/NPSP"
        git -C "$WORK/NPSP" checkout --quiet "$NPSP_COMMIT"
    fi
    set -- "$WORK/NPSP"
fi
projects+=("$@")

# The cache is kept away from the user's own, and cold for every full run, so that the
# full runs measure the analysis; the warm rows measure the cache.
export XDG_CACHE_HOME="$WORK/cache"
raw="$WORK/raw.tsv"
: >"$raw"
measure() { # project jobs mode args...
    local project="$1" jobs="$2" mode="$3"
    shift 3
    local json="$WORK/hyperfine.json" prepare="true"
    if [ "$mode" = "warm" ] || [ "$mode" = "edit" ]; then
        "$BIN" check "$project" -j "$jobs" "$@" >/dev/null || true
    fi
    if [ "$mode" = "edit" ]; then
        # One Apex class changes before every run: a comment is appended to it.
        local class
        class="$(find "$project" -name '*.cls' | sort | sed -n 1p)"
        prepare="echo '// edited' >> '$class'"
    fi
    hyperfine --style none --warmup 1 --runs "$RUNS" -i --export-json "$json" \
        --prepare "$prepare" "$BIN check '$project' -j $jobs $*" >/dev/null
    /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" check "$project" -j "$jobs" "$@" >/dev/null || true
    python3 - "$json" "$WORK/rss" "$project" "$jobs" "$mode" >>"$raw" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))["results"][0]
rss = int(open(sys.argv[2]).read().split()[-1])
print("\t".join([sys.argv[3], sys.argv[4], sys.argv[5], f"{data['mean']:.4f}",
                 f"{data['stddev'] or 0:.4f}", f"{data['min']:.4f}", str(rss)]))
EOF
}

# The ratio of a full check to the floor from runs taken in turn, floor then full, PAIRS
# times: the median of the pairs' ratios. A slow spell of a shared machine slows both runs
# of a pair, where it would slow only one of two series taken one after the other. For a
# generated project each round also edits one class and runs with the cache, for the
# median ratio of that run to the full check of the same round.
paired="$WORK/paired.tsv"
: >"$paired"
pairs() { # project jobs edit
    [ "$PAIRS" -gt 0 ] || return 0
    python3 - "$BIN" "$1" "$2" "$PAIRS" "$3" >>"$paired" <<'EOF'
import os, statistics, subprocess, sys, time
binary, project, jobs, pairs, edit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def run(*args):
    start = time.perf_counter()
    subprocess.run([binary, "check", project, "-j", jobs, *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
classes = sorted(os.path.join(d, f) for d, _, files in os.walk(project)
                 for f in files if f.endswith(".cls"))
run("--parse-only")
run("--format", "concise")
ratios, edits = [], []
for _ in range(pairs):
    floor = run("--parse-only")
    full = run("--format", "concise", "--no-cache")
    ratios.append(full / floor)
    if edit == "edit" and classes:
        with open(classes[0], "a") as f:
            f.write("// edited\n")
        edits.append(run("--format", "concise") / full)
cells = [statistics.median(ratios), min(ratios), max(ratios)]
cells += [statistics.median(edits), min(edits), max(edits)] if edits else []
print("\t".join([project, jobs] + [f"{c:.4f}" for c in cells]))
EOF
}

for project in "${projects[@]}"; do
    "$BIN" check "$project" --parse-only | sed "s|^|$project\t|" >>"$WORK/sizes.tsv.new"
    for jobs in 1 2; do
        echo "benches/run.sh: $(basename "$project") --jobs $jobs" >&2
        measure "$project" "$jobs" floor --parse-only
        measure "$project" "$jobs" full --format concise --no-cache
        case "$project" in
            "$WORK"/scale-*) pairs "$project" "$jobs" edit ;;
            *) pairs "$project" "$jobs" no-edit ;;
        esac
        measure "$project" "$jobs" warm --format concise
        # Only the generated projects are edited, never a repository given to the script.
        case "$project" in
            "$WORK"/scale-*) measure "$project" "$jobs" edit --format concise ;;
        esac
    done
done
mv "$WORK/sizes.tsv.new" "$WORK/sizes.tsv"

instructions="$WORK/instructions.tsv"
: >"$instructions"
if [ "${INSTRUCTIONS:-0}" = 1 ]; then
    command -v valgrind >/dev/null || { echo "benches/run.sh: INSTRUCTIONS=1 needs valgrind" >&2; exit 2; }
    set -- "${projects[0]}" "$@"
    for project in "$@"; do
        for jobs in 1 2; do
            for mode in floor full; do
                echo "benches/run.sh: callgrind $(basename "$project") --jobs $jobs $mode" >&2
                args=(--parse-only)
                [ "$mode" = full ] && args=(--format concise --no-cache)
                valgrind --tool=callgrind --callgrind-out-file=/dev/null \
                    "$BIN" check "$project" -j "$jobs" "${args[@]}" 2>"$WORK/callgrind.log" >/dev/null || true
                refs="$(sed -n 's/.*refs: *//p' "$WORK/callgrind.log" | tr -d ,)"
                printf '%s\t%s\t%s\t%s\n' "$project" "$jobs" "$mode" "$refs" >>"$instructions"
            done
        done
    done
fi

python3 - "$raw" "$WORK/sizes.tsv" "$RUNS" "$instructions" "$paired" "$PAIRS" >"$WORK/results.md" <<'EOF'
import os, re, subprocess, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
sizes = {}
for line in open(sys.argv[2]):
    project, text = line.rstrip("\n").split("\t")
    m = re.match(r"parsed (\d+) files, (\d+) bytes", text)
    sizes[project] = (int(m.group(1)), int(m.group(2)))
runs = sys.argv[3]
t = {(p, j, m): (float(mean), float(sd), float(mn), int(rss)) for p, j, m, mean, sd, mn, rss in rows}
name = lambda p: os.path.basename(p.rstrip("/"))
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"phi-lint benchmark, {os.cpu_count()} cores ({cpu}); mean of {runs} runs after a warm-up, "
      "± standard deviation; peak RSS of one more run.\n")
print("| project | files | MB | jobs | run | wall s | files/s | MB/s | peak RSS MB | full / floor |")
print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
for p, j, m in t:
    files, size = sizes[p]
    mean, sd, _, rss = t[(p, j, m)]
    floor = t.get((p, j, "floor"))
    ratio = f"{mean / floor[0]:.2f}" if floor and m != "floor" else ""
    cold = t.get((p, j, "full"))
    if cold and m in ("warm", "edit"):
        ratio += f" ({mean / cold[0]:.0%} of no cache)"
    label = {"floor": "floor (parse only)", "full": "full check, no cache",
             "warm": "warm cache, nothing changed", "edit": "warm cache, one class edited"}[m]
    print(f"| {name(p)} | {files} | {size / 1e6:.1f} | {j} | {label} | {mean:.2f} ± {sd:.2f} "
          f"| {files / mean:,.0f} | {size / 1e6 / mean:.1f} | {rss / 1024:.0f} | {ratio} |")
scaled = sorted({p for p, _, _ in t if re.search(r"scale-\d+$", p)},
                key=lambda p: int(p.rsplit("-", 1)[1]))
if len(scaled) >= 2:
    print("\nGrowth of the full check (no cache) against the smallest scale:\n")
    print("| project | jobs | size ratio | time ratio |")
    print("|---|---:|---:|---:|")
    base = scaled[0]
    for p in scaled[1:]:
        for j in ("1", "2"):
            if (p, j, "full") in t and (base, j, "full") in t:
                print(f"| {name(p)} | {j} | {sizes[p][1] / sizes[base][1]:.2f} "
                      f"| {t[(p, j, 'full')][0] / t[(base, j, 'full')][0]:.2f} |")
paired = [line.rstrip("\n").split("\t") for line in open(sys.argv[5])]
if paired:
    print(f"\nFrom {sys.argv[6]} rounds of runs taken in turn (floor, full check without cache, and"
          " for generated projects one class edited and a run with the cache): the median"
          " of the rounds' ratios, with the lowest and highest:\n")
    print("| project | jobs | full / floor | lowest – highest | edited, cached / full | lowest – highest |")
    print("|---|---:|---:|---:|---:|---:|")
    for p, j, *cells in paired:
        c = [float(x) for x in cells]
        edit = f"{c[3]:.0%} | {c[4]:.0%} – {c[5]:.0%}" if len(c) == 6 else " | "
        print(f"| {name(p)} | {j} | {c[0]:.2f} | {c[1]:.2f} – {c[2]:.2f} | {edit} |")
counts = {}
for line in open(sys.argv[4]):
    p, j, m, refs = line.rstrip("\n").split("\t")
    if refs:
        counts[(p, j, m)] = int(refs)
if counts:
    print("\nInstructions counted by callgrind (all threads), which do not depend on the load:\n")
    print("| project | jobs | floor | full check | full / floor |")
    print("|---|---:|---:|---:|---:|")
    for (p, j, m), refs in counts.items():
        full = counts.get((p, j, "full"))
        if m == "floor" and full:
            print(f"| {name(p)} | {j} | {refs / 1e9:.2f} G | {full / 1e9:.2f} G | {full / refs:.2f} |")
EOF
cat "$WORK/results.md"
