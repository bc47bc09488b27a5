#!/usr/bin/env python3
"""The assertions and process handling behind Scripts/attack.sh (Python standard library only).

Each assertion prints one line, `PASS name: reason` or `FAIL name: reason`, with every path and
text from the inputs written by ascii() so that the lines themselves are safe on a terminal.

Subcommands:
  launch PIDFILE CMD...        start CMD in a new session (its workers stay in it), PIDFILE = its id
  reap PIDFILE LABEL LOG       after CMD ended: wait 2 s for the session to empty, then kill what is
                               left and append `LABEL N` to LOG (N processes outlived the command)
  stuck DELAY PIDFILE OUT      after DELAY seconds, one line on what each process of the command
                               is doing (a watchdog, killed when the command ends in time)
  leftovers LOG NAME           one assertion over every reap
  snapshot DIR... --out FILE   types, sha256 of regular files, link targets (nothing is followed)
  untouched BEFORE AFTER NAME  one assertion: the two snapshots are equal
  results MANIFEST ROOT JSONL STDERR RC STEP TIMEOUT [STUCK]
                               the assertions on one batch run's JSONL report against the manifest
                               (STUCK: what `stuck` saw just before the run hit its time limit)
  jsonl FILE RC EXPECTED_RC STEP TOTAL   an interrupted run: the exit code, every line parses
  json FILE RC EXPECTED_RC STEP TOTAL    the same for a JSON report written at the end
  terminal MODE STEP FILE...   human or github output: no control characters, no stray `::` lines
"""
import hashlib
import json
import os
import re
import signal
import stat
import sys
import time


def say(ok, name, reason):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {reason}", flush=True)
    return ok


def shown(path_bytes, root=b""):
    """A path for our own output: relative to root, bytes that are not UTF-8 kept as escapes."""
    if root and path_bytes.startswith(root + b"/"):
        path_bytes = path_bytes[len(root) + 1:]
    return ascii(path_bytes.decode("utf-8", "surrogateescape"))


def some(items, limit=5):
    items = list(items)
    text = ", ".join(items[:limit])
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")


# --- Processes ------------------------------------------------------------------------------------

def launch(pidfile, command):
    os.setsid()
    with open(pidfile, "w") as handle:
        handle.write(str(os.getpid()))
    os.execvp(command[0], command)


def session_members(session):
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, session.
        if int(fields[3]) == session and fields[0] != b"Z":
            members.append(int(entry))
    return members


def reap(pidfile, label, log):
    try:
        with open(pidfile) as handle:
            session = int(handle.read().strip())
    except (OSError, ValueError):
        return  # the command never started
    deadline = time.monotonic() + 2
    left = session_members(session)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = session_members(session)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    with open(log, "a") as handle:
        handle.write(f"{label} {len(left)}\n")


def stuck(delay, pidfile, out):
    """Just before the outer time limit: what each process of the run is doing, on one line."""
    time.sleep(float(delay))
    try:
        with open(pidfile) as handle:
            session = int(handle.read().strip())
    except (OSError, ValueError):
        return
    parts = []
    for pid in session_members(session):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                argv = handle.read().split(b"\0")
            with open(f"/proc/{pid}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0].decode()
        except OSError:
            continue
        role = "worker" if b"worker" in argv[1:2] else os.path.basename(argv[0]).decode("utf-8", "replace")
        waits = set()
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/wchan") as handle:
                    wchan = handle.read().strip()
            except OSError:
                continue
            if wchan and wchan not in ("0", "futex_wait_queue", "futex_wait_queue_me", "do_epoll_wait", "ep_poll",
                                       "do_select", "do_sys_poll", "pipe_read", "do_wait", "hrtimer_nanosleep"):
                waits.add(wchan)
        files = []
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("/") and not target.startswith(("/dev/null", "/dev/pts", "/proc")) \
                        and not target.endswith((".so", ".json", ".jsonl")):
                    files.append(os.path.basename(target))
        except OSError:
            pass
        text = f"{role} {pid} ({state}"
        if waits:
            text += ", waiting in " + "/".join(sorted(waits))
        text += ")"
        if files:
            text += " with " + ", ".join(ascii(f) for f in files[:3]) + " open"
        parts.append(text)
    with open(out, "w") as handle:
        handle.write("; ".join(parts))


def leftovers(log, name):
    runs = []
    try:
        with open(log) as handle:
            runs = [line.split() for line in handle if line.strip()]
    except OSError:
        pass
    bad = [f"{label} ({count})" for label, count in runs if int(count)]
    if bad:
        return say(False, name, f"processes outlived the papercheck run that started them and were killed: {some(bad)}")
    return say(True, name, f"no process outlived its run ({len(runs)} runs watched)")


# --- Inputs untouched -----------------------------------------------------------------------------

def describe(path):
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return ["symlink", os.fsdecode(os.readlink(path))]
    if stat.S_ISREG(info.st_mode):
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return ["file", info.st_size, digest.hexdigest()]
    if stat.S_ISFIFO(info.st_mode):
        return ["fifo"]
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return ["device", stat.S_ISCHR(info.st_mode), os.major(info.st_rdev), os.minor(info.st_rdev)]
    if stat.S_ISDIR(info.st_mode):
        return ["dir"]
    return ["other", stat.S_IFMT(info.st_mode)]


def snapshot(paths, out):
    table = {}
    digests = {}  # hard links: hash each inode once
    for top in paths:
        top = os.fsencode(top)
        for directory, subdirectories, files in os.walk(top):
            for name in subdirectories + files:
                path = os.path.join(directory, name)
                info = os.lstat(path)
                key = (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)
                if stat.S_ISREG(info.st_mode) and key in digests:
                    entry = digests[key]
                else:
                    entry = describe(path)
                    if stat.S_ISREG(info.st_mode):
                        digests[key] = entry
                table[path.decode("utf-8", "surrogateescape")] = entry
        table[top.decode("utf-8", "surrogateescape")] = describe(top)
    for device in ("/dev/null", "/dev/zero"):
        table[device] = describe(device)
    with open(out, "w") as handle:
        json.dump(table, handle, ensure_ascii=True)


def untouched(before_file, after_file, name):
    with open(before_file) as handle:
        before = json.load(handle)
    with open(after_file) as handle:
        after = json.load(handle)
    changed = [k for k in before if k in after and before[k] != after[k]]
    removed = [k for k in before if k not in after]
    added = [k for k in after if k not in before]
    problems = []
    for label, keys in (("changed", changed), ("removed", removed), ("added", added)):
        if keys:
            problems.append(f"{len(keys)} {label}: " + some(ascii(k) + (f" {before.get(k)} -> {after.get(k)}" if label == "changed" else "") for k in keys))
    if problems:
        return say(False, name, "; ".join(problems))
    files = sum(1 for v in before.values() if v[0] == "file")
    return say(True, name, f"{len(before)} entries as before ({files} regular files by sha256, FIFO, links, /dev/null and /dev/zero)")


# --- One batch run against the manifest -----------------------------------------------------------

def read_manifest(path):
    entries = []
    with open(path, encoding="ascii") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            expectation, groups, hexpath, note = line.rstrip("\n").split("\t", 3)
            entries.append((expectation, groups.split(","), bytes.fromhex(hexpath), note))
    return entries


def parse_lines(data):
    """(parsed objects with their line numbers, unparsable line numbers, raw lines)."""
    parsed, broken = [], []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, 1):
        try:
            value = json.loads(line)
            if not isinstance(value, dict) or not isinstance(value.get("path"), str):
                raise ValueError("no path")
            parsed.append((number, value))
        except ValueError:
            broken.append(number)
    return parsed, broken, lines


def path_key(text):
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def documented_exit(statuses):
    if "error" in statuses:
        return 2
    if "fail" in statuses:
        return 1
    return 0


def results(manifest, root, jsonl, stderr_file, rc, step, timeout, stuck_file=None):
    rc, timeout = int(rc), float(timeout)
    entries = read_manifest(manifest)
    root_bytes = os.fsencode(root)
    try:
        with open(jsonl, "rb") as handle:
            data = handle.read()
    except OSError as error:
        data = b""
        say(False, f"{step} report written", f"no JSONL report: {error.strerror}")
    with open(stderr_file, "rb") as handle:
        stderr = handle.read()

    if rc == 124:
        state = ""
        if stuck_file and os.path.exists(stuck_file):
            with open(stuck_file) as handle:
                state = handle.read().strip()
        say(False, f"{step} finishes", "the run was still going at the outer time limit and was stopped (exit 124 from timeout)"
            + (f"; just before: {state}" if state else ""))
    elif rc > 128:
        say(False, f"{step} finishes", f"the coordinator died of signal {rc - 128} (exit {rc})")
    elif rc in (0, 1, 2):
        say(True, f"{step} finishes", f"exit {rc}")
    else:
        say(False, f"{step} finishes", f"exit {rc}, not one of 0, 1, 2 (64 is for usage errors; there were inputs)"
            + (f"; stderr: {ascii(stderr[-200:].decode('utf-8', 'replace'))}" if stderr else ""))

    parsed, broken, lines = parse_lines(data)
    say(not broken, f"{step} every line parses",
        f"{len(lines)} lines, all JSON objects with a path" if not broken
        else f"{len(broken)} of {len(lines)} lines are not JSON objects with a path (lines {some(map(str, broken))})")

    counts = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    repeated_lines = [line for line, count in counts.items() if count > 1]
    by_path = {}
    for number, value in parsed:
        by_path.setdefault(path_key(value["path"]), []).append(value)
    repeated_paths = [key for key, values in by_path.items() if len(values) > 1]
    say(not repeated_lines and not repeated_paths, f"{step} no duplicates",
        "no line and no path repeated" if not repeated_lines and not repeated_paths
        else f"{len(repeated_lines)} identical lines repeated; {len(repeated_paths)} paths with several lines: "
             + some(f"{shown(k, root_bytes)} x{len(by_path[k])}" for k in repeated_paths))

    expected_keys = set()
    missing, several = [], []
    bad_status = []
    unread = []
    warned = []
    unresolved = []
    loose = []  # any-or-warning entries still to be matched
    for expectation, groups, relative, note in entries:
        key = root_bytes + b"/" + relative
        expected_keys.add(key)
        found = by_path.get(key, [])
        if expectation == "any-or-warning" and not found:
            loose.append((key, relative, note))
            continue
        if not found:
            missing.append(f"{shown(key, root_bytes)} ({note})")
        elif len(found) > 1:
            several.append(shown(key, root_bytes))
        if expectation == "bad" and found and found[-1].get("status") not in ("error", "fail"):
            bad_status.append(f"{shown(key, root_bytes)} is {found[-1].get('status')} ({note})")
        if expectation == "readable" and found:
            rules = {finding.get("ruleId") for finding in found[-1].get("findings", [])}
            if found[-1].get("status") == "error" or "text-extractable" in rules:
                unread.append(f"{shown(key, root_bytes)} is {found[-1].get('status')}"
                              f"{' without its text' if 'text-extractable' in rules else ''} ({note})")
    extra = {k: v for k, v in by_path.items() if k not in expected_keys}
    for key, relative, note in loose:
        # A path that is not UTF-8 may come back with its bytes replaced or escaped: attribute a result
        # under the same folder and the same ASCII prefix to it, or else a warning naming it.
        prefix = relative.split(b"\xff")[0].split(b"\xfe")[0]
        candidates = [k for k in extra if k.startswith(root_bytes + b"/" + prefix)]
        if len(candidates) == 1:
            warned.append(f"{shown(key, root_bytes)}: one result, as {shown(candidates[0], root_bytes)}")
            del extra[candidates[0]]
        elif len(candidates) > 1:
            several.append(f"{shown(key, root_bytes)} ({len(candidates)} results)")
            for candidate in candidates:
                del extra[candidate]
        elif os.path.basename(prefix) in stderr and b"warning" in stderr:
            warned.append(f"{shown(key, root_bytes)}: a warning on stderr, no result")
        else:
            unresolved.append(shown(key, root_bytes))
    strict = sum(1 for e in entries if e[0] != "any-or-warning")
    if missing or several:
        say(False, f"{step} one result per input",
            f"{len(missing)} of {strict} inputs have no result: {some(missing)}"
            + (f"; {len(several)} have several: {some(several)}" if several else ""))
    else:
        say(True, f"{step} one result per input", f"each of the {strict} inputs that must have a result has exactly one")
    if loose:
        say(not unresolved, f"{step} not-UTF-8 name (counted apart: a result or a warning)",
            some(warned) if not unresolved else f"neither a result nor a warning for {some(unresolved)}")
    say(not extra, f"{step} no stray results",
        "every result is for a listed input" if not extra
        else f"{len(extra)} results for paths that are not inputs: {some(shown(k, root_bytes) for k in extra)}")
    bad_total = sum(1 for e in entries if e[0] == "bad")
    bad_found = sum(1 for e in entries if e[0] == "bad" and root_bytes + b"/" + e[2] in by_path)
    say(not bad_status, f"{step} crafted and special files are error or fail",
        f"all {bad_found} of the {bad_total} that have a result are error or fail" if not bad_status else some(bad_status, 8))

    readable_total = sum(1 for e in entries if e[0] == "readable")
    if readable_total:
        say(not unread, f"{step} huge numbers do not hide the text",
            f"the {readable_total} files with huge font sizes or text matrices are checked with their text read"
            if not unread else some(unread, 8))

    # No file may take much longer than --timeout: a timed-out file is stopped within a second or
    # so (the coordinator looks every 0.2 s), a checked one reports its own duration.
    stopped, late = [], []
    for key, values in by_path.items():
        value = values[-1]
        seconds = (value.get("durationMilliseconds") or 0) / 1000
        if value.get("errorCode") == "timeout":
            stopped.append(shown(os.path.basename(key)))
            match = re.search(r"stopped after (\d+) s", value.get("error") or "")
            seconds = max(seconds, float(match.group(1)) if match else 0)
        if seconds > timeout + 2:
            late.append(f"{shown(key, root_bytes)} ({seconds:.0f} s)")
    say(not late, f"{step} no file past --timeout {timeout:g}",
        (f"{len(stopped)} stopped at the timeout ({some(stopped)}), " if stopped else "none stopped at the timeout, ")
        + f"the other {len(by_path) - len(stopped)} results within it" if not late
        else f"{len(late)} files ran past it: {some(late)}")

    if rc in (0, 1, 2):
        statuses = {values[-1].get("status") for values in by_path.values()}
        wanted = documented_exit(statuses)
        say(rc == wanted, f"{step} exit code as documented",
            f"exit {rc} for statuses {sorted(s for s in statuses if s)}" if rc == wanted
            else f"exit {rc}, but the results hold {sorted(s for s in statuses if s)}, for which the README gives {wanted}")


# --- Interrupted runs -----------------------------------------------------------------------------

def stopped_output(path, rc, expected, step, what):
    """Says whether a stopped run exited with `expected`; returns its output's bytes, or None
    after saying that there is none."""
    rc, expected = int(rc), int(expected)
    say(rc == expected, f"{step} exit {expected}", f"exit {rc}" + (" (stopped by the outer time limit)" if rc == 124 else ""))
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        say(False, f"{step} output valid", f"no {what} was written ({error.strerror})")
        return None


def interrupted_jsonl(path, rc, expected, step, total):
    total = int(total)
    data = stopped_output(path, rc, expected, step, "JSONL output")
    if data is None:
        return
    parsed, broken, lines = parse_lines(data)
    paths = [value["path"] for _, value in parsed]
    problems = []
    if broken:
        problems.append(f"{len(broken)} of {len(lines)} lines do not parse (lines {some(map(str, broken))})")
    if data and not data.endswith(b"\n"):
        problems.append("the last line is cut off (no newline)")
    if len(set(paths)) != len(paths):
        problems.append(f"{len(paths) - len(set(paths))} paths repeated")
    if problems:
        return say(False, f"{step} output valid", "; ".join(problems))
    return say(True, f"{step} output valid", f"{len(lines)} of {total} files done, every line parses")


def interrupted_json(path, rc, expected, step, total):
    total = int(total)
    data = stopped_output(path, rc, expected, step, "JSON report")
    if data is None:
        return
    try:
        report = json.loads(data)
        files = report["files"]
        assert isinstance(files, list) and report.get("schema") == "papercheck.report/1"
    except (ValueError, KeyError, TypeError, AssertionError):
        return say(False, f"{step} output valid", f"the report ({len(data)} bytes) is not a papercheck.report/1 document")
    return say(True, f"{step} output valid", f"a papercheck.report/1 document with {len(files)} of {total} files")


# --- Terminal safety ------------------------------------------------------------------------------

CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
ANNOTATION = re.compile(r"^::(error|warning|notice) (file=[^:,]*,)?title=[^:,]*::")


def terminal(mode, step, files):
    streams = []
    for file in files:
        with open(file, "rb") as handle:
            streams.append((os.path.basename(file), handle.read()))
    if not any(data for name, data in streams if name.endswith(".out")):
        say(False, f"{step} output to judge", "the runs printed nothing on stdout")
    hits = []
    for name, data in streams:
        for match in CONTROL.finditer(data):
            line = data[:match.start()].count(b"\n") + 1
            hits.append(f"{name} line {line}: {ascii(match.group().decode('latin-1'))}")
    say(not hits, f"{step} no control characters",
        f"none in {sum(len(d) for _, d in streams)} bytes of stdout and stderr" if not hits
        else f"{len(hits)} raw control characters: {some(hits)}")
    stray = []
    annotations = 0
    for name, data in streams:
        is_stdout = name.endswith(".out")
        for number, line in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
            if mode == "github" and is_stdout and line:
                if ANNOTATION.match(line):
                    annotations += 1
                else:
                    stray.append(f"{name} line {number}: {ascii(line[:60])}")
            elif line.startswith("::"):
                stray.append(f"{name} line {number}: {ascii(line[:60])}")
    if mode == "github":
        say(not stray and annotations > 0, f"{step} only papercheck's own annotations",
            f"{annotations} lines, each one ::error/::warning/::notice annotation" if not stray and annotations
            else ("no annotation at all" if not stray else f"{len(stray)} lines that are not one of its annotations: {some(stray)}"))
    else:
        say(not stray, f"{step} no line starts with ::",
            "none" if not stray else f"{len(stray)} lines start with '::': {some(stray)}")


def kept(before_file, after_file, name):
    """A resumed run continuing its own file keeps every earlier line it reused, byte for byte; a
    path checked again (a timeout, a pipe) has its old line replaced (one result per input is
    checked apart), and no earlier result is lost."""
    with open(before_file, "rb") as handle:
        _, _, before_lines = parse_lines(handle.read())
    with open(after_file, "rb") as handle:
        after, _, after_lines = parse_lines(handle.read())
    after_set = set(after_lines)
    rechecked = {path_key(value["path"]) for _, value in after}
    reused = [line for line in before_lines if line in after_set]
    dropped = [line for line in before_lines if line not in after_set]
    # Every dropped line's path must have been checked again: it has a (new) line now.
    lost = []
    for line in dropped:
        try:
            key = path_key(json.loads(line)["path"])
        except (ValueError, KeyError, TypeError):
            continue
        if key not in rechecked:
            lost.append(key)
    say(not lost, name,
        f"all {len(before_lines)} results of step 1 are still there: {len(reused)} lines byte for byte, "
        f"{len(dropped)} checked again with a new line ({len(after_lines)} lines now)" if not lost
        else f"{len(lost)} earlier results lost: {some(shown(k) for k in lost)}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "launch":
        launch(args[0], args[1:])
    elif command == "reap":
        reap(*args)
    elif command == "stuck":
        stuck(*args)
    elif command == "leftovers":
        leftovers(*args)
    elif command == "snapshot":
        split = args.index("--out")
        snapshot(args[:split], args[split + 1])
    elif command == "untouched":
        untouched(*args)
    elif command == "results":
        results(*args)
    elif command == "jsonl":
        interrupted_jsonl(*args)
    elif command == "json":
        interrupted_json(*args)
    elif command == "kept":
        kept(*args)
    elif command == "terminal":
        terminal(args[0], args[1], args[2:])
    else:
        sys.exit(f"unknown subcommand {command}")


if __name__ == "__main__":
    main()
