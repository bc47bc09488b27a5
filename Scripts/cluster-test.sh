#!/usr/bin/env bash
# Runs the README's Slurm job array and GNU parallel examples for real, on this machine, and checks
# that the merged shards equal a one-machine run.
#
# Usage: Scripts/cluster-test.sh PAPERCHECK CORPUS_DIR
#
# 1. Installs slurmctld, slurmd, slurm-client, munge and parallel with apt-get when missing (needs
#    root or sudo). Services the packages would start are held back while installing.
# 2. Checks CORPUS_DIR on one machine: papercheck CORPUS_DIR --format jsonl --output single.jsonl.
# 3. Brings up a single-node Slurm cluster on localhost in a temporary folder: its own munged (own
#    key and socket), slurmctld and slurmd with a private slurm.conf on free ports (16817 and up),
#    no systemd, no cgroups (proctrack/linuxproc, task/none), no accounting. Daemons already
#    running on the machine are left alone.
# 4. Submits a job array (sbatch --array=1-4 --wait): task K runs
#    papercheck CORPUS_DIR --shard K/4 --jobs 1 --format jsonl --output shard-K.jsonl.
# 5. Runs the same 4 shards with parallel --jobs 2 ... --shard {}/4 ... ::: 1 2 3 4.
# 6. For each, merges the shards and compares them with the one-machine run: the same paths, each
#    exactly once, and per path the same result without durationMilliseconds.
#
# papercheck exits 1 or 2 when files fail or cannot be checked: a result, not a failed task. The
# runs together are bounded by CLUSTER_TIMEOUT (seconds, default 900). On exit, whatever happens,
# the jobs are cancelled, the daemons this script started are stopped and waited for, and the
# folder is removed.
# CLUSTER_KEEP=1 keeps the folder (logs, shards) and prints where it is.
#
# Exit status: 0 when both comparisons hold, 1 when one fails or the cluster does not come up,
# 64 on bad usage.
set -euo pipefail

usage() { echo "usage: $0 PAPERCHECK CORPUS_DIR" >&2; exit 64; }
note() { echo "cluster-test: $*" >&2; }
fail() { echo "cluster-test: FAIL: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || usage
[[ -f $1 && -x $1 ]] || { echo "cluster-test: not an executable file: $1" >&2; usage; }
[[ -d $2 ]] || { echo "cluster-test: not a folder: $2" >&2; usage; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$(cd "$2" && pwd)
limit=${CLUSTER_TIMEOUT:-900}
[[ $limit =~ ^[0-9]+$ ]] || fail "CLUSTER_TIMEOUT must be a number of seconds"
started=$SECONDS

# The daemons live in /usr/sbin, which a non-root PATH may lack. Slurm settings from the caller's
# environment (a CI job that itself runs under Slurm) must not reach the private cluster.
export PATH="$PATH:/usr/sbin:/sbin"
for variable in $(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN|SQUEUE|SINFO|SCANCEL)_' || true); do
  unset "$variable"
done

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"

# --- 1. Packages --------------------------------------------------------------------------------
missing=()
command -v slurmctld >/dev/null || missing+=(slurmctld)
command -v slurmd >/dev/null || missing+=(slurmd)
command -v sbatch >/dev/null || missing+=(slurm-client)
command -v munged >/dev/null || missing+=(munge)
command -v parallel >/dev/null || missing+=(parallel)
command -v python3 >/dev/null || missing+=(python3)
policy_added=""
if [[ ${#missing[@]} -gt 0 ]]; then
  note "installing ${missing[*]} (apt-get)"
  # A policy-rc.d that says 101 keeps the packages' postinst from starting munged or slurmd as
  # system services; it is removed right after (and by the EXIT trap if apt-get is interrupted).
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy_added=1
    trap '[[ -z $policy_added ]] || $sudo rm -f /usr/sbin/policy-rc.d' EXIT
    $sudo sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d &&
                 chmod 755 /usr/sbin/policy-rc.d' ||
      fail "could not write /usr/sbin/policy-rc.d (needs root or sudo)"
  fi
  installed=1
  { $sudo apt-get update -qq >/dev/null &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null; } || installed=""
  if [[ -n $policy_added ]]; then $sudo rm -f /usr/sbin/policy-rc.d; policy_added=""; fi
  trap - EXIT
  [[ -n $installed ]] ||
    fail "could not install ${missing[*]} with apt-get (needs root or sudo); install them and rerun"
  for tool in slurmctld slurmd sbatch munged parallel python3; do
    command -v "$tool" >/dev/null || fail "$tool is still not on PATH after installing it"
  done
fi

for daemon in munged slurmctld slurmd; do
  if pgrep -x "$daemon" >/dev/null; then
    note "a $daemon is already running (pid $(pgrep -d ' ' -x "$daemon")); it is left alone"
  fi
done

# --- Scratch folder and teardown ----------------------------------------------------------------
# munged wants its socket's folder and every folder above it searchable by all; the key stays in a
# folder of its own, private.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/papercheck-cluster.XXXXXX")
chmod 755 "$tmp"
mkdir -m 700 "$tmp/munge"
mkdir -m 755 "$tmp/run"
mkdir "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/jobs" "$tmp/out"
out=$tmp/out
jobname=papercheck-cluster-test-$$
munged_pid="" slurmctld_pid="" slurmd_pid="" child=""

# Stops a daemon started below (a child of this shell): SIGTERM, up to 20 s, then SIGKILL.
stop() {
  local pid=$1 name=$2 i
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  for (( i = 0; i < 200; i++ )); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "$name (pid $pid) did not stop on SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  local status=$? i pid
  set +e
  trap '' INT TERM
  # A bounded run still going (stopped by a signal): SIGINT through timeout, which passes it on
  # (papercheck stops, sbatch gives up waiting, parallel kills its jobs), then SIGKILL after 20 s.
  if [[ -n $child ]]; then
    kill -INT "$child" 2>/dev/null
    for (( i = 0; i < 200; i++ )); do
      kill -0 "$child" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  if [[ -n $slurmctld_pid ]] && kill -0 "$slurmctld_pid" 2>/dev/null; then
    scancel --name="$jobname" 2>/dev/null
    for (( i = 0; i < 150; i++ )); do
      [[ -z $(squeue -h --name="$jobname" -o %i 2>/dev/null) ]] && break
      sleep 0.2
    done
  fi
  stop "$slurmd_pid" slurmd
  stop "$slurmctld_pid" slurmctld
  stop "$munged_pid" munged
  # Anything still working in the folder or naming it was started by this script: every run has
  # its working directory in jobs/ (a slurmstepd has the log folder).
  for pid in /proc/[0-9]*; do
    pid=${pid#/proc/}
    [[ $pid -ne $$ ]] || continue
    case $(readlink "/proc/$pid/cwd" 2>/dev/null) in
      "$tmp"|"$tmp"/*) ;;
      *) grep -qaF -- "$tmp/" "/proc/$pid/cmdline" 2>/dev/null || continue ;;
    esac
    note "killing leftover process $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)"
    kill -KILL "$pid" 2>/dev/null
  done
  if [[ -n ${CLUSTER_KEEP:-} ]]; then
    note "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command from jobs/ with its output in LOG, bounded by what is left of CLUSTER_TIMEOUT, and
# sets rc to its exit status (124 or 137: out of time). It runs in the background and is waited for,
# so that a signal reaches the trap at once.
bounded() {
  local log=$1 left=$(( started + limit - SECONDS ))
  shift
  (( left > 0 )) || fail "out of time: CLUSTER_TIMEOUT is $limit s"
  rc=0
  (cd "$tmp/jobs" && exec timeout -k 30 "$left" "$@") > "$log" 2>&1 &
  child=$!
  wait "$child" || rc=$?
  child=""
}

# Prints the last lines of every log, for a failure. A daemon's stderr (.out) repeats its log file
# (.log), so it is shown only when the log file is empty (the daemon stopped before opening it).
show_logs() {
  local log
  for log in "$tmp"/log/*; do
    [[ -s $log ]] || continue
    [[ $log == *.out && -s ${log%.out}.log ]] && continue
    echo "----- $log (last 30 lines)" >&2
    tail -n 30 "$log" >&2
  done
}

# papercheck's exit codes: 0 all pass, 1 some file fails, 2 some file cannot be checked.
check_rc() {
  local rc=$1 what=$2
  [[ $rc -le 2 ]] || fail "$what exited $rc (0, 1 or 2 expected)"
}

# Merges shard files and compares them with the one-machine run. Prints the number of results.
cat > "$tmp/compare.py" <<'PYTHON'
import json, sys
from collections import Counter

# Fields that legitimately differ between two runs of the same files.
VOLATILE = {"durationMilliseconds"}

def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value

problems = []

def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                row = json.loads(line)
                rows.append((row["path"], strip(row)))
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"{path}:{number}: not a result line ({error}): {line[:200]!r}")
    return rows

label, single_file, shard_files = sys.argv[1], sys.argv[2], sys.argv[3:]
single = load(single_file)
merged = [row for shard in shard_files for row in load(shard)]
for name, rows in (("one-machine run", single), (f"merged {label} shards", merged)):
    for path, count in sorted(Counter(p for p, _ in rows).items()):
        if count > 1:
            problems.append(f"{name}: {path} appears {count} times")
single_map, merged_map = dict(single), dict(merged)
for path in sorted(single_map.keys() - merged_map.keys()):
    problems.append(f"missing from the merged {label} shards: {path}")
for path in sorted(merged_map.keys() - single_map.keys()):
    problems.append(f"in the merged {label} shards, not in the one-machine run: {path}")
for path in sorted(single_map.keys() & merged_map.keys()):
    a, b = single_map[path], merged_map[path]
    if a != b:
        keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        for key in keys:
            problems.append(f"{path}: {key} differs: one machine {json.dumps(a.get(key))[:300]}"
                            f" / {label} {json.dumps(b.get(key))[:300]}")
if not single:
    problems.append("the one-machine run has no results")
if problems:
    for problem in problems[:50]:
        print(f"cluster-test: {label}: {problem}", file=sys.stderr)
    if len(problems) > 50:
        print(f"cluster-test: {label}: ... and {len(problems) - 50} more differences", file=sys.stderr)
    sys.exit(1)
print(len(single))
PYTHON

compare() {
  local label=$1 count
  shift
  count=$(python3 "$tmp/compare.py" "$label" "$out/single.jsonl" "$@") ||
    fail "$label: the merged JSONL differs from the one-machine run (above)"
  echo "$count"
}

# --- 2. One machine -----------------------------------------------------------------------------
note "one machine: papercheck $corpus --format jsonl"
bounded "$tmp/log/single.out" \
  "$bin" "$corpus" --format jsonl --output "$out/single.jsonl"
[[ $rc -ne 124 && $rc -ne 137 ]] || fail "the one-machine run did not finish within CLUSTER_TIMEOUT ($limit s)"
[[ $rc -le 2 ]] || { cat "$tmp/log/single.out" >&2; fail "the one-machine run exited $rc"; }
note "one machine: $(wc -l < "$out/single.jsonl") results, exit $rc ($(( SECONDS - started )) s so far)"

# --- 3. Single-node Slurm cluster ---------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_free_port() {
  local port=$1
  while ! port_free "$port"; do
    (( port++ ))
    (( port < 16917 )) || fail "no free TCP port in 16817-16916 for the private Slurm daemons"
  done
  echo "$port"
}
ctld_port=$(next_free_port 16817)
slurmd_port=$(next_free_port $(( ctld_port + 1 )))

node=$(uname -n)
node=${node%%.*}
[[ -n $node ]] || node=localhost
user=$(id -un)
memory=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 ))
(( memory < 1000 )) || memory=1000

if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$tmp/munge/munge.key" --bits=1024 >/dev/null 2>&1 ||
    fail "mungekey could not create a key"
else
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1 count=1024 status=none
fi
chmod 400 "$tmp/munge/munge.key"
socket=$tmp/run/munge.socket

munged --foreground --key-file="$tmp/munge/munge.key" --socket="$socket" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" \
  > "$tmp/log/munged.out" 2>&1 &
munged_pid=$!
for (( i = 0; i < 100; i++ )); do
  munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1 && break
  kill -0 "$munged_pid" 2>/dev/null || { show_logs; fail "munged exited at start"; }
  sleep 0.1
done
(( i < 100 )) || { show_logs; fail "munged does not answer on $socket after 10 s"; }

cat > "$tmp/slurm.conf" <<EOF
# A private single-node cluster for Scripts/cluster-test.sh; nothing outside $tmp.
ClusterName=papercheck-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
PlugStackConfig=$tmp/plugstack.conf
# No systemd and no cgroups needed: processes are tracked by their parent, tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=papercheck Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
: > "$tmp/plugstack.conf"
export SLURM_CONF=$tmp/slurm.conf

note "slurm: starting slurmctld (port $ctld_port) and slurmd (port $slurmd_port) for node $node"
slurmctld -D -f "$SLURM_CONF" > "$tmp/log/slurmctld.out" 2>&1 &
slurmctld_pid=$!
slurmd -D -f "$SLURM_CONF" -N "$node" > "$tmp/log/slurmd.out" 2>&1 &
slurmd_pid=$!
state=""
for (( i = 0; i < 120; i++ )); do
  kill -0 "$slurmctld_pid" 2>/dev/null || { show_logs; fail "slurmctld exited at start"; }
  kill -0 "$slurmd_pid" 2>/dev/null || { show_logs; fail "slurmd exited at start"; }
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
  # inval and drained do not pass by themselves (the reason is in sinfo -R and slurmctld.log).
  [[ $state == idle || $state == inval || $state == drain* ]] && break
  sleep 0.5
done
if [[ $state != idle ]]; then
  show_logs
  sinfo -N -l >&2 || true
  sinfo -R >&2 || true
  fail "the Slurm node $node is not idle (state: ${state:-no answer after 60 s})"
fi
note "slurm: node $node idle ($(( SECONDS - started )) s so far)"

# --- 4. Job array -------------------------------------------------------------------------------
printf -v q_bin %q "$bin"
printf -v q_corpus %q "$corpus"
printf -v q_out %q "$out"
cat > "$tmp/shard-task.sh" <<EOF
#!/usr/bin/env bash
# One array task: shard \$SLURM_ARRAY_TASK_ID of 4. papercheck exits 1 or 2 when files fail or
# cannot be checked; that is a result, not a failed task. Its exit code is kept beside the shard.
k=\$SLURM_ARRAY_TASK_ID
rc=0
$q_bin $q_corpus --shard "\$k/4" --jobs 1 --format jsonl --output $q_out/shard-"\$k".jsonl || rc=\$?
echo "\$rc" > $q_out/shard-"\$k".rc
[ "\$rc" -le 2 ]
EOF
chmod 755 "$tmp/shard-task.sh"

note "slurm: sbatch --array=1-4 --wait"
bounded "$tmp/log/sbatch.out" \
  sbatch --array=1-4 --wait --job-name="$jobname" --chdir="$tmp/jobs" --cpus-per-task=1 \
  --output="$tmp/log/task-%a.out" "$tmp/shard-task.sh"
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
  squeue >&2 || true
  show_logs
  fail "the job array did not finish within CLUSTER_TIMEOUT ($limit s)"
fi
shards=()
for k in 1 2 3 4; do
  if [[ ! -f $out/shard-$k.rc ]]; then
    cat "$tmp/log/sbatch.out" >&2; show_logs
    fail "array task $k did not run papercheck (sbatch exited $rc)"
  fi
  task_rc=$(cat "$out/shard-$k.rc")
  [[ $task_rc -le 2 ]] || { show_logs; fail "array task $k: papercheck exited $task_rc"; }
  shards+=("$out/shard-$k.jsonl")
done
[[ $rc -eq 0 ]] || { cat "$tmp/log/sbatch.out" >&2; show_logs; fail "sbatch --wait exited $rc"; }
count=$(compare slurm "${shards[@]}")
echo "slurm: 4 array tasks, $count results, merged JSONL equals the one-machine run"

# --- 5. GNU parallel ----------------------------------------------------------------------------
note "parallel: --jobs 2 ... --shard {}/4 ... ::: 1 2 3 4"
bounded "$tmp/log/parallel.out" \
  parallel --will-cite --jobs 2 --joblog "$tmp/log/parallel.joblog" -q \
  "$bin" "$corpus" --shard {}/4 --jobs 1 --format jsonl --output "$out/parallel-{}.jsonl" ::: 1 2 3 4
[[ $rc -ne 124 && $rc -ne 137 ]] || fail "GNU parallel did not finish within CLUSTER_TIMEOUT ($limit s)"
# The job log: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command, one line a job.
jobs_run=0
while IFS=$'\t' read -r seq _ _ _ _ _ exitval signal _; do
  [[ $seq == Seq ]] && continue
  (( ++jobs_run ))
  [[ $signal -eq 0 ]] || { cat "$tmp/log/parallel.out" >&2; fail "parallel job $seq was killed by signal $signal"; }
  check_rc "$exitval" "parallel job $seq (papercheck)"
done < "$tmp/log/parallel.joblog"
[[ $jobs_run -eq 4 ]] || { cat "$tmp/log/parallel.out" >&2; fail "GNU parallel ran $jobs_run jobs, not 4"; }
count=$(compare parallel "$out"/parallel-{1,2,3,4}.jsonl)
echo "parallel: 4 jobs, $count results, merged JSONL equals the one-machine run"
note "done in $(( SECONDS - started )) s"
