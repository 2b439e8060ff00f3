#!/usr/bin/env bash
# Crossvault vs restic vs borg on the same generated data in the same run (issue 3's bar,
# and issue 5's replication bar when the CLI has `copy`).
#
#   bash bench/run.sh [--size-mib N] [--work DIR] [--keep] [--no-build] [--seed S]
#
# Env: CROSSVAULT_BENCH_BUILD_DIR (default <repo>/build-bench, a Release build of
# crossvault-cli only), CROSSVAULT_CLI (use this binary, skip the build).
# Prints a markdown report and writes it to bench/results/<UTC date-time>.md. Every restore
# is compared with the source tree (diff -r, plus size/mode/mtime of each file), so a fast
# but wrong result is flagged as FAILED in the table and the script exits 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size=1024
seed=42
work=""
keep=0
build_cli=1
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) size="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-build) build_cli=0; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# --- peers and tools ---------------------------------------------------------------------
need=()
command -v restic >/dev/null || need+=(restic)
command -v borg >/dev/null || need+=(borgbackup)
command -v rclone >/dev/null || need+=(rclone)
[ -x /usr/bin/time ] || need+=(time)
command -v zstd >/dev/null || need+=(zstd)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y "${need[@]}"
fi

# --- crossvault-cli, Release ---------------------------------------------------------------
cli="${CROSSVAULT_CLI:-}"
if [ -z "$cli" ]; then
  build="${CROSSVAULT_BENCH_BUILD_DIR:-$root/build-bench}"
  if [ "$build_cli" = 1 ]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
    cmake --build "$build" --target crossvault-cli -j2 >/dev/null
  fi
  cli="$(find "$build" -type f -name crossvault-cli -perm -u+x | head -n1)"
fi
[ -x "$cli" ] || { echo "bench: crossvault-cli not found (build failed?)" >&2; exit 1; }

# --- work area -----------------------------------------------------------------------------
if [ -z "$work" ]; then work="$(mktemp -d /tmp/crossvault-bench.XXXXXX)"; fi
mkdir -p "$work"
cleanup() { [ "$keep" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
data="$work/data"
logs="$work/logs"
mkdir -p "$logs"
export RESTIC_PASSWORD="bench-restic-pass" BORG_PASSPHRASE="bench-borg-pass" CV_BENCH_PASS="bench-crossvault-pass"
export RESTIC_CACHE_DIR="$work/restic-cache" BORG_BASE_DIR="$work/borg-base" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes
printf '%s' "$RESTIC_PASSWORD" > "$work/restic-pass"
ws="$work/cv-workspace"
cvrepo="$work/cv-region"       # the vault's region folder (local kind)
cvrepo2="$work/cv-region2"     # replication target region
rrepo="$work/restic-repo"; rrepo2="$work/restic-repo2"
brepo="$work/borg-repo"
cv() { "$cli" --workspace "$ws" "$@"; }

rows=()        # markdown rows of the main table
declare -A wall rss cpu stored failed   # keyed "tool/phase"
failures=0
notes=()

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# measure TOOL PHASE CMD...: wall time, user+sys CPU, peak RSS of CMD (its children included
# by /usr/bin/time's rusage); output to logs/TOOL-PHASE.log.
measure() {
  local tool="$1" phase="$2"; shift 2
  local tf="$logs/$tool-$phase.time" log="$logs/$tool-$phase.log" rc=0
  local before; before="$(loadavg)"
  /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1 || rc=$?
  local e u s m; read -r e u s m < <(tail -n1 "$tf")
  wall[$tool/$phase]="$e"
  cpu[$tool/$phase]="$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')"
  rss[$tool/$phase]="$(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}')"
  if [ "$rc" != 0 ]; then
    echo "bench: $tool $phase failed (exit $rc), see below" >&2; tail -n 20 "$log" >&2
    failures=$((failures + 1)); failed[$tool/$phase]=1; notes+=("$tool $phase exited $rc: $(tail -n1 "$log")")
  fi
  echo "bench: $tool $phase ${e}s cpu ${cpu[$tool/$phase]}s rss ${rss[$tool/$phase]}MiB (load before: $before)" >&2
  return 0
}

bytes_of() { du -sb "$1" | cut -f1; }
# Before each replication command: flush what the previous tool left dirty and let the disk
# rest, so no tool pays for another's writeback. Crossvault fsyncs every copied object (a
# replica is complete or absent after a crash) and so waited behind restic's 500 MiB when it
# ran right after `restic copy`; rclone does not fsync and was unaffected.
settle() { sync; sleep 2; }
mib() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1048576}'; }

# verify TOOL RESTORED_DIR: content (diff -r) and per-file size/mode/mtime against $data.
declare -A verdict
verify() {
  local tool="$1" dir="$2"
  if [ ! -d "$dir" ]; then verdict[$tool]="FAILED (no restored tree)"; failures=$((failures + 1)); return; fi
  if ! diff -r "$data" "$dir" >"$logs/$tool-diff.log" 2>&1; then
    verdict[$tool]="FAILED (diff -r: $(wc -l <"$logs/$tool-diff.log") lines, first: $(head -n1 "$logs/$tool-diff.log"))"
    failures=$((failures + 1)); return
  fi
  (cd "$data" && find . -type f -printf '%p %s %m %TY%Tm%Td%TH%TM%TS\n' | sed 's/\.[0-9]*$//' | sort) >"$logs/meta-src"
  (cd "$dir" && find . -type f -printf '%p %s %m %TY%Tm%Td%TH%TM%TS\n' | sed 's/\.[0-9]*$//' | sort) >"$logs/meta-$tool"
  if ! cmp -s "$logs/meta-src" "$logs/meta-$tool"; then
    verdict[$tool]="content OK, metadata differs ($(diff "$logs/meta-src" "$logs/meta-$tool" | grep -c '^<') files)"
  else
    verdict[$tool]="OK (diff -r, size/mode/mtime)"
  fi
}

# --- dataset ---------------------------------------------------------------------------------
echo "bench: generating ${size} MiB dataset (seed $seed) in $data" >&2
t0=$(date +%s)
python3 "$root/bench/gen_dataset.py" generate "$data" --size-mib "$size" --seed "$seed" >&2
echo "bench: dataset ready in $(( $(date +%s) - t0 ))s" >&2
data_bytes=$(bytes_of "$data")
data_files=$(find "$data" -type f | wc -l)
sync

# --- setup (untimed) ---------------------------------------------------------------------------
cv region add bench --kind local --path "$cvrepo" >"$logs/cv-setup.log" 2>&1
cv region add bench2 --kind local --path "$cvrepo2" >>"$logs/cv-setup.log" 2>&1
cv vault create bench --region bench --encryption customer --passphrase-env CV_BENCH_PASS >>"$logs/cv-setup.log" 2>&1
restic -r "$rrepo" init >"$logs/restic-setup.log" 2>&1
borg init -e repokey "$brepo" >"$logs/borg-setup.log" 2>&1

has_copy=0
if cv copy --help >/dev/null 2>&1; then has_copy=1; fi

# --- first backup --------------------------------------------------------------------------
# zstd over a tar stream: the issue's floor for "read, compress, write" of the same tree.
measure zstd first bash -c "tar -C '$data' -cf - . | zstd -3 -T2 -q -o '$work/tree.tar.zst'"
stored[zstd/first]=$(bytes_of "$work/tree.tar.zst"); rm -f "$work/tree.tar.zst"
measure crossvault first "$cli" --workspace "$ws" --json backup "$data" --vault bench --passphrase-env CV_BENCH_PASS
stored[crossvault/first]=$(bytes_of "$cvrepo")
measure restic first restic -r "$rrepo" backup "$data" --host bench
stored[restic/first]=$(bytes_of "$rrepo")
measure borg first bash -c "cd '$data' && borg create --compression zstd,3 '$brepo::first' ."
stored[borg/first]=$(bytes_of "$brepo")
cv_point1="$(cv --json points --vault bench 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("points",d) if isinstance(d,dict) else d; print(sorted(d,key=lambda p:p["created"])[-1]["id"])' || true)"

# --- initial replication (issue 5) ----------------------------------------------------------
settle
measure rclone repl-first rclone copy "$cvrepo" "$work/rclone-target" --transfers 4
stored[rclone/repl-first]=$(bytes_of "$work/rclone-target")
restic -r "$rrepo2" init --copy-chunker-params --from-repo "$rrepo" --from-password-file "$work/restic-pass" >>"$logs/restic-setup.log" 2>&1
settle
measure restic repl-first restic -r "$rrepo2" copy --from-repo "$rrepo" --from-password-file "$work/restic-pass"
stored[restic/repl-first]=$(bytes_of "$rrepo2")
if [ "$has_copy" = 1 ] && [ -n "$cv_point1" ]; then
  settle
  measure crossvault repl-first "$cli" --workspace "$ws" --json copy "$cv_point1" --to-region bench2 --passphrase-env CV_BENCH_PASS
  stored[crossvault/repl-first]=$(bytes_of "$cvrepo2")
else
  notes+=("crossvault replication skipped: this build of crossvault-cli has no \`copy\` command yet (issue 5)")
fi

# --- mutate, incremental backup -------------------------------------------------------------
python3 "$root/bench/gen_dataset.py" mutate "$data" --seed "$seed" >&2
sync
data_bytes2=$(bytes_of "$data")
measure zstd incr bash -c "tar -C '$data' -cf - . | zstd -3 -T2 -q -o '$work/tree.tar.zst'"
stored[zstd/incr]=$(bytes_of "$work/tree.tar.zst"); rm -f "$work/tree.tar.zst"
measure crossvault incr "$cli" --workspace "$ws" --json backup "$data" --vault bench --passphrase-env CV_BENCH_PASS
stored[crossvault/incr]=$(bytes_of "$cvrepo")
measure restic incr restic -r "$rrepo" backup "$data" --host bench
stored[restic/incr]=$(bytes_of "$rrepo")
measure borg incr bash -c "cd '$data' && borg create --compression zstd,3 '$brepo::second' ."
stored[borg/incr]=$(bytes_of "$brepo")
cv_point2="$(cv --json points --vault bench 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("points",d) if isinstance(d,dict) else d; print(sorted(d,key=lambda p:p["created"])[-1]["id"])' || true)"

# --- incremental replication ---------------------------------------------------------------
settle
measure rclone repl-incr rclone copy "$cvrepo" "$work/rclone-target" --transfers 4
stored[rclone/repl-incr]=$(bytes_of "$work/rclone-target")
settle
measure restic repl-incr restic -r "$rrepo2" copy --from-repo "$rrepo" --from-password-file "$work/restic-pass"
stored[restic/repl-incr]=$(bytes_of "$rrepo2")
if [ "$has_copy" = 1 ] && [ -n "$cv_point2" ]; then
  settle
  measure crossvault repl-incr "$cli" --workspace "$ws" --json copy "$cv_point2" --to-region bench2 --passphrase-env CV_BENCH_PASS
  stored[crossvault/repl-incr]=$(bytes_of "$cvrepo2")
fi

# --- restore of the second point, verified -------------------------------------------------------
measure crossvault restore "$cli" --workspace "$ws" --json restore "${cv_point2:-none}" --to "$work/out-crossvault" --vault bench --passphrase-env CV_BENCH_PASS
verify crossvault "$work/out-crossvault"
measure restic restore restic -r "$rrepo" restore latest --target "$work/out-restic"
verify restic "$work/out-restic$data"
mkdir -p "$work/out-borg"
measure borg restore bash -c "cd '$work/out-borg' && borg extract '$brepo::second'"
verify borg "$work/out-borg"
rm -rf "$work/out-crossvault" "$work/out-restic" "$work/out-borg"

# --- report ------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }
# A failed Crossvault phase has no meaningful time: its ratio is n/a and the bar is not met.
okwall() { if [ -n "${failed[$1]:-}" ]; then echo 0; else echo "${wall[$1]:-0}"; fi; }
peak() { local m=0 v; for v in "$@"; do [ -n "$v" ] && [ "$v" -gt "$m" ] && m="$v"; done; echo "$m"; }
cell() { echo "${1:-—}"; }
wcell() { if [ -n "${failed[$1]:-}" ]; then echo "FAILED"; else echo "${wall[$1]:-—}"; fi; }
out="$root/bench/results/$(date -u +%Y-%m-%d-%H%M).md"
mkdir -p "$root/bench/results"
{
  echo "# Crossvault benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Dataset: \`gen_dataset.py --size-mib $size --seed $seed\`: $(mib "$data_bytes") MiB in $data_files files; after mutate $(mib "$data_bytes2") MiB"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; load average at the end: $(loadavg) (shared with other builds)"
  echo "- Versions: $("$cli" --version 2>/dev/null | head -n1 || echo crossvault-cli) ($(git -C "$root" rev-parse --short HEAD 2>/dev/null)), $(restic version | cut -d' ' -f1-2), $(borg --version), $(rclone version | head -n1), $(zstd --version | head -n1 | cut -d, -f1 | sed 's/^\*\*\* //')"
  echo "- Settings: Crossvault customer-key vault (default zstd level); restic default compression (auto); borg repokey, zstd,3; zstd row = \`tar | zstd -3 -T2\` to a file (a floor, no dedup, no encryption)"
  echo "- Wall time in seconds, CPU = user+sys seconds, RSS = peak resident MiB, stored = \`du -sb\` of the repository after the phase"
  echo
  echo "| tool | first backup s | incr. backup s | restore s | stored first MiB | stored after incr. MiB | peak RSS MiB | CPU first/incr/restore s | restore check |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for t in crossvault restic borg zstd; do
    echo "| $t | $(wcell $t/first) | $(wcell $t/incr) | $(wcell $t/restore) | $(mib "${stored[$t/first]:-0}") | $(mib "${stored[$t/incr]:-0}") | $(peak "${rss[$t/first]:-0}" "${rss[$t/incr]:-0}" "${rss[$t/restore]:-0}") | $(cell "${cpu[$t/first]:-}")/$(cell "${cpu[$t/incr]:-}")/$(cell "${cpu[$t/restore]:-}") | $(cell "${verdict[$t]:-}") |"
  done
  echo
  echo "## Bar (issue 3): Crossvault vs restic in this run"
  echo
  echo "| criterion | bar | measured (wall) | met | CPU-time ratio, for reference |"
  echo "|---|---|---|---|---|"
  met() { awk -v v="$1" -v op="$2" -v b="$3" 'BEGIN{ if (v=="n/a") {print "**no** (phase failed)"; exit} ok = (op==">=") ? (v+0 >= b+0) : (v+0 <= b+0); print ok ? "yes" : "**no**" }'; }
  r1=$(ratio "${wall[restic/first]}" "$(okwall crossvault/first)")
  r2=$(ratio "${wall[restic/incr]}" "$(okwall crossvault/incr)")
  r3=$(ratio "${wall[restic/restore]}" "$(okwall crossvault/restore)")
  r4=$(ratio "${stored[crossvault/incr]}" "${stored[restic/incr]}")
  pk=$(peak "${rss[crossvault/first]}" "${rss[crossvault/incr]}" "${rss[crossvault/restore]}")
  echo "| first backup speed-up (restic s / crossvault s) | ≥ 2.00× | ${r1}× | $(met "$r1" '>=' 2) | $(ratio "${cpu[restic/first]}" "${cpu[crossvault/first]}")× |"
  echo "| incremental backup speed-up | ≥ 2.00× | ${r2}× | $(met "$r2" '>=' 2) | $(ratio "${cpu[restic/incr]}" "${cpu[crossvault/incr]}")× |"
  echo "| restore speed-up | ≥ 1.30× | ${r3}× | $(met "$r3" '>=' 1.3) | $(ratio "${cpu[restic/restore]}" "${cpu[crossvault/restore]}")× |"
  echo "| stored bytes (crossvault / restic, after both points) | ≤ 1.05× | ${r4}× | $(met "$r4" '<=' 1.05) | |"
  echo "| peak memory | < 500 MiB | ${pk} MiB | $(met "$pk" '<=' 499) | |"
  echo "| restored tree identical to the source | yes | ${verdict[crossvault]:-—} | $(case "${verdict[crossvault]:-}" in OK*) echo yes ;; *) echo '**no**' ;; esac) | |"
  echo
  echo "## Replication (issue 5)"
  echo
  echo "| tool | initial s | incremental s | target bytes after initial MiB | after incremental MiB | peak RSS MiB |"
  echo "|---|---|---|---|---|---|"
  for t in crossvault rclone restic; do
    [ -n "${wall[$t/repl-first]:-}" ] || continue
    echo "| $t $( [ $t = rclone ] && echo '(copy of the Crossvault vault folder)'; [ $t = restic ] && echo '(restic copy, decrypt + re-encrypt)'; [ $t = crossvault ] && echo '(copy POINT --to-region)') | ${wall[$t/repl-first]} | ${wall[$t/repl-incr]:-—} | $(mib "${stored[$t/repl-first]:-0}") | $(mib "${stored[$t/repl-incr]:-0}") | $(peak "${rss[$t/repl-first]:-0}" "${rss[$t/repl-incr]:-0}") |"
  done
  if [ -n "${wall[crossvault/repl-first]:-}" ]; then
    rr=$(ratio "${wall[restic/repl-first]}" "$(okwall crossvault/repl-first)")
    rc=$(ratio "${wall[rclone/repl-first]}" "$(okwall crossvault/repl-first)")
    sent=$(( ${stored[crossvault/repl-incr]:-0} - ${stored[crossvault/repl-first]:-0} ))
    new=$(( ${stored[crossvault/incr]:-0} - ${stored[crossvault/first]:-0} ))
    ri=$(ratio "$sent" "$new")
    echo
    echo "| criterion | bar | measured | met |"
    echo "|---|---|---|---|"
    echo "| initial replication vs restic copy | ≥ 5.00× faster | ${rr}× | $(met "$rr" '>=' 5) |"
    echo "| initial replication vs rclone copy | ≥ 1.00× | ${rc}× | $(met "$rc" '>=' 1) |"
    echo "| incremental replication bytes / new stored bytes of the point | ≤ 1.20 | ${ri} | $(met "$ri" '<=' 1.2) |"
  fi
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "## Notes"
    echo
    for n in "${notes[@]}"; do echo "- $n"; done
  fi
  echo
  echo "Reproduce: \`bash bench/run.sh --size-mib $size --seed $seed\`"
} | tee "$out"
echo "bench: report written to $out" >&2
[ "$failures" = 0 ] || { echo "bench: $failures failure(s), see the table" >&2; exit 1; }
