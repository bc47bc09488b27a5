#!/usr/bin/env python3
"""A bounded load test of `papercheck serve`: many uploads at once, good and broken, then what the
server says about them.

Usage: Scripts/load-test.py BINARY [--uploads 200] [--concurrency 16] [--jobs 2] [--json OUT]
                            [--budget SECONDS]

Starts its own server on 127.0.0.1 (--port 0 --rate-limit 0 --max-upload-mb 2, --max-queue the
concurrency, --jobs as given) and sends UPLOADS requests to POST /v1/check from a pool of
CONCURRENCY threads (urllib), round-robin over a fixed mix: passing and failing fixtures with the
profiles Fixtures/expected.json gives them (sent alternately as a raw body with ?name= and as a
multipart form with the file name), and broken inputs: a text file (415 not-a-pdf), an empty body
(400 empty), a PDF sent as text/plain (415 content-type), the first half of a real fixture (422,
a report whose file has status error) and a 3 MB body (413 too-large).
Checks, each printed as ok/FAIL:
  - every request was answered (no connection error, none lost), each with its expected HTTP
    status and error code; each report has the status expected.json gives (its "pass" allows warn,
    and means warn when it lists warnings), the Papercheck-Status header says the same, and the
    report names the file as it was sent;
  - memory stays bounded: the server's peak RSS under 300 MB, each worker's under 600 MB, and the
    last quarter's peak of the server (and of the workers together) at most 1.5 times the first
    quarter's plus 20 MB (RSS from /proc/PID/status, workers from /proc/PID/task/*/children,
    sampled every 0.2 s);
  - GET /metrics afterwards agrees with what was sent: papercheck_checks_total by status adds up to
    the uploads that were checked, papercheck_refusals_total by code matches the refusals (and no
    other code moved), the duration and size histograms counted each check once, nothing queued
    or busy, JOBS workers running; GET /healthz says ok;
  - on SIGTERM the server exits 0 and leaves no worker behind;
  - the access log on standard error has exactly one JSON line per request (the X-Request-Id of
    every answer, once), the status it logged is the one sent, and no fixture's file name appears
    anywhere on standard error.
Prints a summary (requests, wall seconds, requests/s, p50/p95/max latency, peak RSS of the
server and of the workers); --json OUT writes the same numbers as JSON. The whole run is cut at
--budget seconds (default 300): the server is stopped and the test fails.
Exit status: 0 when every check passes, 1 when one fails, 64 on bad usage.
"""

import argparse
import concurrent.futures
import json
import math
import os
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from markdown_sections import replace_section

from serve_harness import ServeProcess, check, failures

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
NAME = "load-test"
MAX_UPLOAD_MB = 2
SERVER_RSS_LIMIT_MB = 300
WORKER_RSS_LIMIT_MB = 600
GROWTH_FACTOR, GROWTH_SLACK_MB = 1.5, 20
GOOD_KINDS = 4  # distinct passing fixtures, and as many failing ones

def fatal(message):
    print(f"{NAME}: FAIL: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


class Arguments(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{NAME}: {message}", file=sys.stderr)
        sys.exit(64)


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# --- the server -----------------------------------------------------------------------------

class Server(ServeProcess):
    """The server under test (serve_harness.ServeProcess) with this script's name in its messages."""

    def __init__(self, binary, extra):
        super().__init__(binary, extra, NAME)


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def alive(pid):
    """Running and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Sampler(threading.Thread):
    """RSS of the server and of its workers every 0.2 s: (time, server kB, workers' total kB,
    largest worker kB, worker count)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server = server
        self.samples = []
        self.workers_seen = set()
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            workers = self.server.descendants()
            self.workers_seen.update(workers)
            sizes = [rss_kb(pid) for pid in workers]
            self.samples.append((time.monotonic(), rss_kb(self.server.process.pid), sum(sizes),
                                 max(sizes, default=0), len(workers)))
            self.halt.wait(0.2)


# --- what is sent ---------------------------------------------------------------------------

class Case:
    """One kind of upload and what it should get."""

    def __init__(self, label, body, content_type, http, code=None, statuses=(), profile=None, name=None,
                 multipart=False, checked=False):
        self.label, self.body, self.content_type = label, body, content_type
        self.http, self.code, self.statuses = http, code, tuple(statuses)
        self.profile, self.name, self.multipart, self.checked = profile, name, multipart, checked


BOUNDARY = "papercheck-load-test-0123456789"  # lower case: browser-serve-test.py drives a browser's own


def multipart(name, body, profile):
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\n{profile}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode()
    return head + body + f"\r\n--{BOUNDARY}--\r\n".encode()


def accepted_statuses(entry):
    """The report statuses expected.json allows: its "pass" means no error finding, so a warning
    makes it warn (and must, when the entry lists warnings); fail and error are what they say."""
    if entry["status"] == "pass":
        return ("warn",) if entry.get("warnings") else ("pass", "warn")
    return (entry["status"],)


def build_cases():
    """The mix, from Fixtures/expected.json: passing and failing fixtures (each raw and as a form),
    then the broken inputs."""
    document = json.loads((FIXTURES / "expected.json").read_text())
    chosen = {"pass": [], "fail": []}
    for entry in document["fixtures"]:
        file = entry["file"]
        status = entry["status"]
        if (status not in chosen or entry.get("password") is not None or not file.startswith("pdfs/")
                or "/" in file[len("pdfs/"):]):
            continue
        path = FIXTURES / file
        if (not path.is_file() or path.stat().st_size > 200_000 or len(chosen[status]) >= GOOD_KINDS
                or any(existing[0] == path.name for existing in chosen[status])):
            continue
        chosen[status].append((path.name, entry["profile"], accepted_statuses(entry), path.read_bytes()))
    if len(chosen["pass"]) < 2 or len(chosen["fail"]) < 2:
        fatal("Fixtures/expected.json names too few passing or failing fixtures")
    cases = []
    for status in ("pass", "fail"):
        for name, profile, expected, body in chosen[status]:
            for form in (False, True):
                cases.append(Case(f"{name} ({profile}, {'form' if form else 'raw'})", body, "application/pdf",
                                  200, statuses=expected, profile=profile, name=name, multipart=form, checked=True))
    truncated_source = FIXTURES / "pdfs" / chosen["pass"][0][0]
    whole = truncated_source.read_bytes()
    truncated_statuses = next((accepted_statuses(entry) for entry in document["fixtures"]
                               if entry["file"] == "pdfs/truncated.pdf" and entry.get("password") is None), ("error",))
    cases += [
        Case("not a PDF", b"These are the minutes of a meeting, not a paper.\n" * 4, "application/pdf", 415,
             code="not-a-pdf"),
        Case("empty", b"", "application/pdf", 400, code="empty"),
        Case("wrong content type", whole, "text/plain", 415, code="content-type"),
        Case(f"first half of {truncated_source.name}", whole[: len(whole) // 2], "application/pdf", 422,
             statuses=truncated_statuses, checked=True),
        Case("3 MB", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024), "application/pdf", 413, code="too-large"),
    ]
    return cases


class Answer:
    def __init__(self, case, index):
        self.case, self.index = case, index
        self.http = None
        self.error = None
        self.headers = {}
        self.document = None
        self.latency = None


def send(url, case, index):
    answer = Answer(case, index)
    if case.multipart:
        body = multipart(case.name, case.body, case.profile)
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        target = url + "/v1/check"
    else:
        body, content_type = case.body, case.content_type
        query = []
        if case.profile:
            query.append(f"profile={case.profile}")
        if case.name:
            query.append(f"name={case.name}")
        target = url + "/v1/check" + ("?" + "&".join(query) if query else "")
    request = urllib.request.Request(target, data=body, method="POST", headers={"Content-Type": content_type})
    started = time.monotonic()
    try:
        try:
            response = urllib.request.urlopen(request, timeout=120)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            raw = response.read()
            answer.http = response.status
            answer.headers = {key.lower(): value for key, value in response.headers.items()}
        try:
            answer.document = json.loads(raw)
        except ValueError:
            answer.document = None
    except Exception as error:  # connection refused, reset, timed out: the request was not answered
        answer.error = f"{type(error).__name__}: {error}"
    answer.latency = time.monotonic() - started
    return answer


def judge(answer):
    """What is wrong with one answer, or None."""
    case, document = answer.case, answer.document
    if answer.error:
        return answer.error
    if answer.http != case.http:
        detail = json.dumps(document.get("error")) if isinstance(document, dict) and "error" in document else ""
        return f"HTTP {answer.http}, expected {case.http} {detail}"
    if not isinstance(document, dict):
        return "the answer is not JSON"
    if case.code is not None:
        error = document.get("error") or {}
        if error.get("code") != case.code or error.get("status") != case.http:
            return f"error {error}, expected code {case.code}"
        return None
    report = document.get("report", document) if case.http == 422 else document
    files = report.get("files") or [{}]
    status = files[0].get("status")
    if report.get("schema") != "papercheck.report/1":
        return f"not a papercheck.report/1 document ({report.get('schema')!r})"
    if status not in case.statuses:
        return f"report status {status!r}, expected {' or '.join(case.statuses)} (expected.json)"
    if answer.headers.get("papercheck-status") != status:
        return f"Papercheck-Status {answer.headers.get('papercheck-status')!r}, the report says {status!r}"
    if case.name and files[0].get("path") != case.name:
        return f"the report names the file {files[0].get('path')!r}, sent as {case.name!r}"
    if case.http == 422:
        error = document.get("error") or {}
        if not error.get("code") or error.get("code") != files[0].get("errorCode") or error.get("status") != 422:
            return f"error {error} does not match the report's errorCode {files[0].get('errorCode')!r}"
    return None


# --- metrics --------------------------------------------------------------------------------

def fetch(url, ids):
    with urllib.request.urlopen(url, timeout=30) as response:
        ids.append(response.headers.get("X-Request-Id"))
        return response.read().decode("utf-8")


def parse_metrics(text):
    """{(name, labels): value} from the Prometheus text format."""
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line.strip())
        if match:
            labels = tuple(sorted(re.findall(r'(\w+)="([^"]*)"', match.group(2) or "")))
            values[(match.group(1), labels)] = float(match.group(3))
    return values


def by_label(metrics, name, label):
    return {dict(labels)[label]: value for (metric, labels), value in metrics.items()
            if metric == name and label in dict(labels)}


def delta(after, before):
    return {key: after.get(key, 0) - before.get(key, 0) for key in set(after) | set(before)}


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    # The nearest rank: the smallest value with at least that fraction of the values at or below it.
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


# --- the run --------------------------------------------------------------------------------

def main():
    parser = Arguments(prog="Scripts/load-test.py", description="A bounded load test of papercheck serve.")
    parser.add_argument("binary", type=Path)
    parser.add_argument("--uploads", type=positive, default=200)
    parser.add_argument("--concurrency", type=positive, default=16)
    parser.add_argument("--jobs", type=positive, default=2)
    parser.add_argument("--json", type=Path, dest="json_out")
    parser.add_argument("--markdown", type=Path, help="a Markdown file (BENCHMARKS.md) whose section "
                        f"'{SECTION}' is replaced by this run's numbers (appended when it has none)")
    parser.add_argument("--budget", type=positive, default=300, help="seconds the whole run may take")
    options = parser.parse_args()
    binary = options.binary.resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        parser.error(f"no executable {binary}")

    cases = build_cases()
    server = Server(binary, ["--jobs", str(options.jobs), "--max-queue", str(options.concurrency),
                             "--max-upload-mb", str(MAX_UPLOAD_MB)])

    # The hard limit: past the budget the server is stopped and the run fails, whatever hangs.
    def out_of_time():
        print(f"{NAME}: FAIL: the run took longer than its budget of {options.budget} s; stopping", file=sys.stderr,
              flush=True)
        server.stop()
        os._exit(1)
    watchdog = threading.Timer(options.budget, out_of_time)
    watchdog.daemon = True
    watchdog.start()

    def interrupted(number, frame):
        raise SystemExit(f"{NAME}: stopped by signal {number}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)

    try:
        summary = run(server, cases, options)
    finally:
        status = server.stop()
        watchdog.cancel()
    check(status == 0, f"the server stopped on SIGTERM with exit status {status}")
    time.sleep(0.3)
    left = [pid for pid in summary.pop("_workers_seen") if alive(pid)]
    check(not left, "no worker is left after the server stopped" + (f" (still running: {left})" if left else ""))
    check_log(server, summary.pop("_ids"), summary.pop("_answers"), cases)

    print(f"{NAME}: {summary['requests']} requests in {summary['wall_seconds']:.1f} s "
          f"({summary['requests_per_second']:.1f}/s, concurrency {options.concurrency}, {options.jobs} workers); "
          f"latency p50 {summary['latency_p50_ms']:.0f} ms, p95 {summary['latency_p95_ms']:.0f} ms, "
          f"max {summary['latency_max_ms']:.0f} ms; peak RSS server {summary['server_peak_rss_mb']:.1f} MB, "
          f"workers {summary['workers_peak_rss_mb']:.1f} MB together ({summary['worker_peak_rss_mb']:.1f} MB the largest)",
          flush=True)
    if options.json_out:
        options.json_out.parent.mkdir(parents=True, exist_ok=True)
        options.json_out.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
        print(f"{NAME}: wrote {options.json_out}")
    if failures:
        print(f"{NAME}: FAIL: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    if options.markdown:
        write_markdown(options.markdown, summary, options)
        print(f"{NAME}: wrote the section '{SECTION}' of {options.markdown}")
    print(f"{NAME}: ok: every check passed")


SECTION = "## The upload server under load"


def write_markdown(path, summary, options):
    """Replaces the section SECTION of PATH (up to the next '## ' heading) with this run's numbers;
    only a run whose checks all passed is written."""
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d')} with `make bench-serve` (`Scripts/load-test.py`, the release binary): "
        f"{summary['requests']} uploads over loopback, {options.concurrency} at a time, to `papercheck serve --jobs "
        f"{options.jobs}`; a fixed mix of passing and failing papers (as raw bodies and as forms) and broken uploads "
        "(not a PDF, empty, the wrong content type, cut in half, too large). Every answer had its expected status and "
        "verdict (from `Fixtures/expected.json`), `/metrics` counted each, and the log has one line per request and no "
        "file name.", "",
        "| measure | value |", "|---|---:|",
        f"| uploads answered | {summary['requests']} of {summary['requests']} |",
        f"| wall time | {summary['wall_seconds']:.1f} s |",
        f"| throughput | {summary['requests_per_second']:.1f} uploads/s |",
        f"| latency p50 / p95 / max | {summary['latency_p50_ms']:.0f} / {summary['latency_p95_ms']:.0f} / "
        f"{summary['latency_max_ms']:.0f} ms |",
        f"| server peak RSS | {summary['server_peak_rss_mb']:.1f} MB |",
        f"| workers' peak RSS, together (the largest) | {summary['workers_peak_rss_mb']:.1f} MB "
        f"({summary['worker_peak_rss_mb']:.1f} MB) |",
        "",
        "Latency includes the wait in the server's queue: 16 uploads at a time share 2 workers.", "",
    ]
    replace_section(path, SECTION, lines)


def run(server, cases, options):
    url = server.url
    ids = []
    before = parse_metrics(fetch(url + "/metrics", ids))
    sampler = Sampler(server)
    sampler.start()
    time.sleep(0.5)  # a few samples of the idle server first

    plan = [cases[index % len(cases)] for index in range(options.uploads)]
    print(f"{NAME}: {options.uploads} uploads to {url}, {options.concurrency} at a time, round-robin over "
          f"{len(cases)} kinds: " + "; ".join(case.label for case in cases), flush=True)
    started = time.monotonic()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=options.concurrency)
    try:
        futures = [pool.submit(send, url, case, index) for index, case in enumerate(plan)]
        answers = [future.result() for future in futures]
    finally:
        # On a signal, drop what has not started: the server is stopped next, which ends the rest.
        pool.shutdown(wait=False, cancel_futures=True)
    finished = time.monotonic()
    time.sleep(0.5)
    sampler.halt.set()
    sampler.join(5)
    wall = finished - started

    # Every request answered as expected.
    unanswered = [answer for answer in answers if answer.error]
    check(len(answers) == options.uploads and not unanswered,
          f"{len(answers) - len(unanswered)} of {options.uploads} uploads answered"
          + (f"; first error: {unanswered[0].error}" if unanswered else ""))
    ids += [answer.headers.get("x-request-id") for answer in answers if not answer.error]
    for case in cases:
        mine = [answer for answer in answers if answer.case is case]
        wrong = [(answer.index, problem) for answer in mine for problem in [judge(answer)] if problem]
        expected = f"HTTP {case.http} " + (case.code if case.code else f"status {' or '.join(case.statuses)}")
        check(not wrong, f"{case.label}: {len(mine) - len(wrong)} of {len(mine)} answered {expected}"
              + (f"; upload #{wrong[0][0]}: {wrong[0][1]}" if wrong else ""))
    truncated = [answer for answer in answers if answer.case.http == 422 and answer.document]
    if truncated:
        print(f"{NAME}: the truncated PDF is refused with code "
              f"{sorted({(a.document.get('error') or {}).get('code') for a in truncated})}", flush=True)

    # Memory.
    samples = [sample for sample in sampler.samples if sample[1] > 0]
    server_peak = max((sample[1] for sample in samples), default=0) / 1024
    workers_peak = max((sample[2] for sample in samples), default=0) / 1024
    worker_peak = max((sample[3] for sample in samples), default=0) / 1024
    check(len(samples) >= 5, f"{len(samples)} memory samples taken (every 0.2 s)")
    check(0 < server_peak < SERVER_RSS_LIMIT_MB, f"the server's peak RSS is {server_peak:.1f} MB (under {SERVER_RSS_LIMIT_MB} MB)")
    check(0 < worker_peak < WORKER_RSS_LIMIT_MB,
          f"the largest worker's peak RSS is {worker_peak:.1f} MB (under {WORKER_RSS_LIMIT_MB} MB)")
    during = [sample for sample in samples if started <= sample[0] <= finished]
    if len(during) >= 8:
        quarter = len(during) // 4
        first, last = during[:quarter], during[-quarter:]
        for column, label in ((1, "server"), (2, "workers together")):
            first_peak = max(sample[column] for sample in first) / 1024
            last_peak = max(sample[column] for sample in last) / 1024
            bound = GROWTH_FACTOR * first_peak + GROWTH_SLACK_MB
            check(last_peak <= bound, f"{label}: the last quarter's peak RSS {last_peak:.1f} MB is at most "
                  f"{GROWTH_FACTOR} x the first quarter's {first_peak:.1f} MB + {GROWTH_SLACK_MB} MB ({bound:.1f} MB)")
    else:
        check(False, f"enough samples during the load to compare its quarters ({len(during)})")
    print(f"{NAME}: {len(sampler.workers_seen)} worker process(es) seen over the run", flush=True)

    # Metrics and health afterwards.
    after = parse_metrics(fetch(url + "/metrics", ids))
    health = json.loads(fetch(url + "/healthz", ids))
    answered = [answer for answer in answers if not answer.error]
    checked = [answer for answer in answered if answer.case.checked]
    checks = delta(by_label(after, "papercheck_checks_total", "status"), by_label(before, "papercheck_checks_total", "status"))
    sent_statuses = {}
    for answer in checked:  # as the reports said (each already judged against expected.json)
        document = answer.document.get("report", answer.document) if answer.document else {}
        status = ((document.get("files") or [{}])[0]).get("status")
        sent_statuses[status] = sent_statuses.get(status, 0) + 1
    check(sum(checks.values()) == len(checked),
          f"/metrics: papercheck_checks_total adds up to {sum(checks.values()):.0f}, {len(checked)} uploads were checked")
    moved = {status: int(value) for status, value in checks.items() if value}
    check(moved == sent_statuses, f"/metrics: checks by status {moved}, the reports said {sent_statuses}")
    refusals = delta(by_label(after, "papercheck_refusals_total", "code"), by_label(before, "papercheck_refusals_total", "code"))
    sent_codes = {}
    for answer in answered:
        if answer.case.code:
            sent_codes[answer.case.code] = sent_codes.get(answer.case.code, 0) + 1
    moved = {code: int(value) for code, value in refusals.items() if value}
    check(moved == sent_codes, f"/metrics: refusals by code {moved}, sent {sent_codes}")
    for name in ("papercheck_check_duration_seconds_count", "papercheck_upload_bytes_count"):
        counted = after.get((name, ()), 0) - before.get((name, ()), 0)
        check(counted == len(checked), f"/metrics: {name} went up by {counted:.0f}, {len(checked)} checks")
    gauges = {name: after.get((name, ())) for name in
              ("papercheck_queue_length", "papercheck_workers_busy", "papercheck_workers_running")}
    check(gauges["papercheck_queue_length"] == 0 and gauges["papercheck_workers_busy"] == 0
          and gauges["papercheck_workers_running"] == options.jobs,
          f"/metrics afterwards: queue {gauges['papercheck_queue_length']}, busy {gauges['papercheck_workers_busy']}, "
          f"running {gauges['papercheck_workers_running']} (expected 0, 0, {options.jobs})")
    check(health.get("status") == "ok" and health.get("workers") == options.jobs and health.get("busy") == 0
          and health.get("queued") == 0, f"/healthz afterwards: {json.dumps(health, sort_keys=True)}")

    latencies = [answer.latency * 1000 for answer in answered]
    return {
        "requests": len(answers),
        "answered": len(answered),
        "checked": len(checked),
        "concurrency": options.concurrency,
        "jobs": options.jobs,
        "wall_seconds": round(wall, 3),
        "requests_per_second": round(len(answers) / wall, 2) if wall > 0 else 0.0,
        "latency_p50_ms": round(percentile(latencies, 0.50), 1),
        "latency_p95_ms": round(percentile(latencies, 0.95), 1),
        "latency_max_ms": round(max(latencies, default=0.0), 1),
        "server_peak_rss_mb": round(server_peak, 1),
        "workers_peak_rss_mb": round(workers_peak, 1),
        "worker_peak_rss_mb": round(worker_peak, 1),
        "failed_checks": len(failures),
        "_workers_seen": sorted(sampler.workers_seen),
        "_ids": ids,
        "_answers": answers,
    }


def check_log(server, ids, answers, cases):
    """One JSON line per request on standard error, and no file name anywhere there."""
    text = "".join(server.lines)
    entries, broken = [], 0
    for line in server.lines:
        if line.startswith("{"):
            try:
                entries.append(json.loads(line))
            except ValueError:
                broken += 1
    check(broken == 0, f"every access-log line is JSON ({broken} are not)")
    logged = [entry.get("id") for entry in entries]
    sent = [request_id for request_id in ids if request_id]
    check(len(sent) == len(ids), f"every answer carried an X-Request-Id ({len(ids) - len(sent)} did not)")
    duplicates = sorted({request_id for request_id in logged if logged.count(request_id) > 1})
    check(len(entries) == len(sent) and sorted(logged) == sorted(sent) and not duplicates,
          f"the access log has {len(entries)} lines for {len(sent)} requests, one per request id"
          + (f"; logged twice: {duplicates[:3]}" if duplicates else "")
          + (f"; not logged: {sorted(set(sent) - set(logged))[:3]}" if set(sent) - set(logged) else "")
          + (f"; logged but not sent: {sorted(set(logged) - set(sent))[:3]}" if set(logged) - set(sent) else ""))
    uploads = [entry for entry in entries if entry.get("method") == "POST" and entry.get("path") == "/v1/check"]
    answered = [answer for answer in answers if not answer.error]
    check(len(uploads) == len(answered), f"{len(uploads)} POST /v1/check lines for {len(answered)} answered uploads")
    by_id = {entry.get("id"): entry for entry in entries}
    mismatched = [answer for answer in answered
                  if by_id.get(answer.headers.get("x-request-id"), {}).get("status") != answer.http]
    check(not mismatched, "each upload's log line has the HTTP status it was answered with"
          + (f" ({len(mismatched)} do not)" if mismatched else ""))
    names = sorted({case.name for case in cases if case.name} | {path.name for path in (FIXTURES / "pdfs").glob("*.pdf")})
    leaked = [name for name in names if name in text]
    check(not leaked, f"no fixture's file name appears on the server's standard error ({len(names)} names looked for)"
          + (f"; found: {', '.join(leaked[:5])}" if leaked else ""))


if __name__ == "__main__":
    main()
