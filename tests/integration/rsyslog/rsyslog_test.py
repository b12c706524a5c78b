#!/usr/bin/env python3
"""Integration test: `redact rsyslog` inside real rsyslogd processes.

Two unprivileged-in-spirit rsyslogd instances run in the foreground with
private configuration and work directories, listening on 127.0.0.1 only:

    senders --TCP--> edge (imtcp -> mmexternal: redact -> omfwd) --TCP--> central (imtcp -> omfile)

The edge runs the shipped integrations/rsyslog/relay-redact*.conf, with only
the binary path, ports, target and file names rewritten (the test fails if a
placeholder it rewrites is missing, so the snippet and the test cannot
drift). Senders open TCP connections and send RFC 5424 frames with
octet-counted framing; each message carries its sender (APP-NAME) and
sequence number (MSGID) in headers and planted credentials in SPEC's shapes
in its text (and in structured data). Every record in the central file is
compared with the message the SPEC says the redactor makes of it, so:

* no planted secret reaches the central file (any raw byte would differ),
* nothing is lost or duplicated, and each sender's order is kept,
* multi-line messages arrive whole (fulljson),
* killing the redact processes mid-stream loses nothing and leaks nothing,
* a redact that cannot run at all (every start fails) turns every message
  into the fail-closed mask, while the naive configuration (mmexternal
  followed by a plain %msg% output) lets the same messages through raw:
  the reason for the marker check (the "premise" scenario).

Usage: rsyslog_test.py --redact PATH [--messages N] [--senders N]
Exits 77 (skipped) when rsyslogd is not installed. Closes with a line
"N passed, N failed".
"""

import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
SNIPPETS = ROOT / "integrations" / "rsyslog"

TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"


def find_rsyslogd():
    for path in (shutil.which("rsyslogd"), "/usr/sbin/rsyslogd", "/sbin/rsyslogd"):
        if path and os.access(path, os.X_OK):
            return path
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ messages


class Planter:
    """Builds messages with planted credentials and what SPEC makes of them.

    Each shape is a (raw, redacted) pair whose redaction is a SPEC example
    with the secret replaced by a fresh random one. `line_end` shapes mask
    to the end of their line (Rule H LINE mode), so they only end a line.
    """

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.secrets = []

    def _secret(self, alphabet, lo, hi):
        s = "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(lo, hi)))
        self.secrets.append(s)
        return s

    def _basic(self):
        user = "user%d" % self.rng.randint(1, 999)
        password = self._secret(TOKEN, 10, 20)
        b = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self.secrets.append(b.rstrip("="))
        return b

    def fragment(self, line_end_ok):
        r = self.rng
        host = r.randint(1, 254)
        shapes = [
            lambda: ("GET /v1/models key=qbt_%s" % self._secret(TOKEN, 20, 40),
                     "GET /v1/models key=qbt_***"),
            lambda: ('{"authorization":"Basic %s","host":"api"}' % self._basic(),
                     '{"authorization":"Basic ***","host":"api"}'),
            lambda: ('10.0.0.%d - - "GET / HTTP/1.1" 200 "Bearer %s"'
                     % (host, self._secret(TOKEN, 16, 40)),
                     '10.0.0.%d - - "GET / HTTP/1.1" 200 "Bearer ***"' % host),
            lambda: ("headers={'Authorization': 'Token %s'}" % self._secret(HEX, 12, 32),
                     "headers={'Authorization': 'Token ***'}"),
            lambda: ("map[Authorization:[Bearer %s] Host:[api]]" % self._secret(TOKEN, 10, 30),
                     "map[Authorization:[Bearer ***] Host:[api]]"),
            lambda: ('{"msg":"{\\"Authorization\\":\\"Basic %s\\"}"}' % self._basic(),
                     '{"msg":"{\\"Authorization\\":\\"Basic ***\\"}"}'),
            lambda: ('level=debug authorization="Bearer %s" path=/v1' % self._secret(TOKEN, 10, 30),
                     'level=debug authorization="Bearer ***" path=/v1'),
            lambda: ("HTTP_AUTHORIZATION=Bearer %s REMOTE_ADDR=10.0.0.1" % self._secret(TOKEN, 10, 30),
                     "HTTP_AUTHORIZATION=Bearer *** REMOTE_ADDR=10.0.0.1"),
            lambda: ("export QUBITTRON_API_KEY=qbt_%s" % self._secret(TOKEN, 20, 30),
                     "export QUBITTRON_API_KEY=qbt_***"),
        ]
        line_end_shapes = [
            lambda: ("Authorization: Bearer %s" % self._secret(TOKEN, 10, 40),
                     "Authorization: Bearer ***"),
            lambda: ("authorization: Basic %s" % self._basic(), "authorization: Basic ***"),
        ]
        k = r.random()
        if k < 0.3:
            n = r.randint(1, 99999)
            text = "user %d fetched /v1/items/%d in %d ms" % (n, r.randint(1, 999), r.randint(1, 900))
            return text, text
        if line_end_ok and k < 0.45:
            raw, red = r.choice(line_end_shapes)()
        else:
            raw, red = r.choice(shapes)()
        return raw, red

    def message(self, multiline):
        """A message of 1 to 3 fragments; lines joined by LF when multiline."""
        raw, red = [], []
        count = self.rng.randint(1, 3)
        for i in range(count):
            last = i == count - 1
            a, b = self.fragment(line_end_ok=multiline or last)
            raw.append(a)
            red.append(b)
        sep = "\n" if multiline else " | "
        return sep.join(raw), sep.join(red)

    def structured_data(self):
        n = self.rng.randint(1, 9999)
        key = self._secret(TOKEN, 20, 30)
        return ('[req@32473 id="%d" key="qbt_%s"]' % (n, key), '[req@32473 id="%d" key="qbt_***"]' % n)


def build_messages(senders, per_sender, multiline, with_sd, seed):
    """Returns (per-sender lists of (frame bytes, expected record), secrets)."""
    planter = Planter(seed)
    streams = []
    for s in range(senders):
        items = []
        for n in range(per_sender):
            is_multi = multiline and planter.rng.random() < 0.1
            raw, red = planter.message(is_multi)
            sd_raw, sd_red = "-", "-"
            if with_sd and planter.rng.random() < 0.2:
                sd_raw, sd_red = planter.structured_data()
            app = "sender%d" % s
            msgid = "n%d" % n
            frame = "<14>1 2024-05-01T10:00:00.000000+00:00 host%d %s - %s %s %s" % (
                s, app, msgid, sd_raw, raw)
            data = frame.encode()
            items.append((b"%d %s" % (len(data), data), (app, msgid, sd_red, red)))
        streams.append(items)
    return streams, planter.secrets


# ------------------------------------------------------------------ rsyslogd


class Rsyslogd:
    """One rsyslogd in the foreground with its own config and work dir."""

    def __init__(self, binary, name, workdir, config):
        self.name = name
        self.dir = workdir / name
        self.dir.mkdir(parents=True)
        self.conf = self.dir / "rsyslog.conf"
        self.conf.write_text(config)
        self.log = open(self.dir / "stderr.log", "wb")
        check = subprocess.run([binary, "-N1", "-f", str(self.conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError("%s: config rejected:\n%s%s" % (name, check.stdout, check.stderr))
        self.proc = subprocess.Popen(
            [binary, "-n", "-f", str(self.conf), "-i", str(self.dir / "rsyslogd.pid")],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)

    def wait_listening(self, port, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %d:\n%s" % (
                    self.name, self.proc.returncode, (self.dir / "stderr.log").read_text()))
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("%s does not listen on 127.0.0.1:%d" % (self.name, port))

    def children(self):
        """PIDs of the processes rsyslogd started (the redact programs)."""
        out = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                out.append(int(entry.name))
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # Anything left in its session (a redact program) goes too.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.log.close()


def central_config(workdir, port, out):
    return """
global(workDirectory="{wd}" maxMessageSize="64k"
       parser.escapeControlCharactersOnReceive="off")
main_queue(queue.workerThreads="1" queue.size="1000000")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="store")
template(name="record" type="list") {{
  constant(value="{{")
  property(outname="app" name="app-name" format="jsonf") constant(value=",")
  property(outname="msgid" name="msgid" format="jsonf") constant(value=",")
  property(outname="sd" name="structured-data" format="jsonf") constant(value=",")
  property(outname="msg" name="msg" format="jsonf")
  constant(value="}}\\n")
}}
ruleset(name="store") {{
  action(type="omfile" file="{out}" template="record")
}}
*.* action(type="omfile" file="{wd}/internal.log")
""".format(wd=workdir, port=port, out=out)


def edge_config(snippet, workdir, redact, extra_args, port, central_port, local_file, workers=1):
    """The shipped snippet with its placeholders pointed at this test."""
    text = snippet.read_text()
    replacements = [
        ("/usr/local/bin/redact", redact),
        ('input(type="imtcp" port="10514"', 'input(type="imtcp" address="127.0.0.1" port="%d"' % port),
        ('target="central.example" port="10514"', 'target="127.0.0.1" port="%d"' % central_port),
    ]
    if "/var/log/redacted.log" in text:
        replacements.append(("/var/log/redacted.log", str(local_file)))
    if extra_args:
        replacements.append(('rsyslog --input ', 'rsyslog %s --input ' % extra_args))
    for old, new in replacements:
        if old not in text:
            raise RuntimeError("%s no longer contains %r" % (snippet.name, old))
        text = text.replace(old, new)
    preamble = """
global(workDirectory="{wd}" maxMessageSize="64k")
main_queue(queue.workerThreads="{workers}" queue.size="1000000")
*.* action(type="omfile" file="{wd}/internal.log")
""".format(wd=workdir, workers=workers)
    return preamble + text


NAIVE_EDGE = """
global(workDirectory="{wd}" maxMessageSize="64k" parser.escapeControlCharactersOnReceive="off")
main_queue(queue.workerThreads="1" queue.size="1000000")
module(load="imtcp")
module(load="mmexternal")
*.* action(type="omfile" file="{wd}/internal.log")
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="naive")
ruleset(name="naive") {{
  action(type="mmexternal" binary="{redact}" interface.input="fulljson")
  action(type="omfwd" target="127.0.0.1" port="{central}" protocol="tcp"
         TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
}}
"""


# ------------------------------------------------------------------ scenario


def send(port, items, errors):
    try:
        with socket.create_connection(("127.0.0.1", port)) as s:
            batch = []
            for frame, _ in items:
                batch.append(frame)
                if len(batch) == 500:
                    s.sendall(b"".join(batch))
                    batch = []
            if batch:
                s.sendall(b"".join(batch))
    except OSError as e:
        errors.append(str(e))


class LineCounter:
    """Counts the lines of a growing file, reading only what was added."""

    def __init__(self, path):
        self.path, self.offset, self.lines = path, 0, 0

    def __call__(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return 0
        self.offset += len(data)
        self.lines += data.count(b"\n")
        return self.lines


def count_lines(path):
    return LineCounter(path)()


def wait_for(path, total, stall=30):
    last, since = -1, time.time()
    counter = LineCounter(path)
    while True:
        n = counter()
        if n >= total:
            return n
        if n != last:
            last, since = n, time.time()
        elif time.time() - since > stall:
            return n
        time.sleep(0.1)


def read_records(path):
    records = []
    with open(path, "rb") as f:
        for line in f:
            records.append(json.loads(line.decode("utf-8", "surrogateescape")))
    return records


class Scenario:
    def __init__(self, args, rsyslogd, name):
        self.args = args
        self.rsyslogd = rsyslogd
        self.name = name
        self.work = Path(tempfile.mkdtemp(prefix="redact-rsyslog-%s." % name))
        self.daemons = []
        self.central_file = self.work / "central.log"

    def start(self, edge_text_fn):
        central_port, edge_port = free_port(), free_port()
        central = Rsyslogd(self.rsyslogd, "central", self.work,
                           central_config(self.work / "central", central_port, self.central_file))
        self.daemons.append(central)
        central.wait_listening(central_port)
        edge = Rsyslogd(self.rsyslogd, "edge", self.work, edge_text_fn(edge_port, central_port))
        self.daemons.append(edge)
        edge.wait_listening(edge_port)
        return edge, edge_port

    def stop(self):
        for d in reversed(self.daemons):
            d.stop()

    def cleanup(self, keep):
        if keep:
            print("    (work directory kept: %s)" % self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def leaked_secrets(records, secrets):
    runs = set()
    for r in records:
        for field in ("msg", "sd"):
            runs.update(RUN.findall(r[field]))
    return len(runs & set(secrets))


RUN = re.compile(r"[A-Za-z0-9+/]{6,}")


def check_records(records, streams, secrets, allow_masked):
    """Compares the central file with what was sent. Returns (problems, masked)."""
    problems = []
    expected = {}
    for items in streams:
        for _, (app, msgid, sd, msg) in items:
            expected[(app, msgid)] = (sd, msg)
    seen = set()
    last_seq = {}
    masked = 0
    for r in records:
        key = (r["app"], r["msgid"])
        if key not in expected:
            problems.append("unexpected record %r" % (key,))
            continue
        if key in seen:
            problems.append("duplicate %r" % (key,))
        seen.add(key)
        seq = int(r["msgid"][1:])
        if seq <= last_seq.get(r["app"], -1):
            problems.append("order: %s %s after n%d" % (r["app"], r["msgid"], last_seq[r["app"]]))
        last_seq[r["app"]] = seq
        sd, msg = expected[key]
        if allow_masked and r["msg"] == "***" and r["sd"] == "-":
            masked += 1
            continue
        if r["msg"] != msg or r["sd"] != sd:
            # Never print the raw record: it may hold a planted secret.
            problems.append("%s %s differs from the expected redaction" % key)
    missing = len(expected) - len(seen)
    if missing:
        problems.append("%d messages lost" % missing)
    # Belt and braces: no planted secret anywhere in the file (each secret is
    # a run of [A-Za-z0-9+/], so every such run in the file is looked up).
    leaked = leaked_secrets(records, secrets)
    if leaked:
        problems.append("%d planted secrets found in the central file" % leaked)
    return problems, masked


def run_scenario(args, rsyslogd, name, snippet, input_mode, senders, per_sender, multiline,
                 kills, broken=False):
    sc = Scenario(args, rsyslogd, name)
    extra = "--min-length 0" if broken else ""  # an invalid option: every start fails
    keep = False
    try:
        edge, port = sc.start(lambda p, c: edge_config(snippet, sc.work / "edge", args.redact, extra,
                                                       p, c, sc.work / "edge-local.log"))
        streams, secrets = build_messages(senders, per_sender, multiline,
                                          with_sd=input_mode == "fulljson", seed=zlib.crc32(name.encode()))
        total = senders * per_sender
        errors = []
        start = time.time()
        threads = [threading.Thread(target=send, args=(port, items, errors)) for items in streams]
        for t in threads:
            t.start()
        killed = 0
        counter = LineCounter(sc.central_file)
        for fraction in [(i + 1) / (kills + 1) for i in range(kills)]:
            while counter() < fraction * total:
                time.sleep(0.05)
                if time.time() - start > 120:
                    break
            for pid in edge.children():
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except ProcessLookupError:
                    pass
        for t in threads:
            t.join()
        got = wait_for(sc.central_file, total)
        elapsed = time.time() - start
        records = read_records(sc.central_file)
        problems, masked = check_records(records, streams, secrets, allow_masked=kills > 0 or broken)
        if errors:
            problems.append("senders: %s" % "; ".join(errors))
        if kills and killed == 0:
            problems.append("no redact process was found to kill")
        if broken and masked != total:
            problems.append("%d of %d messages were masked by the fail-closed branch" % (masked, total))
        terminated = 0  # rsyslog's own report of the kills
        for log in (sc.work / "edge" / "internal.log", sc.work / "edge" / "stderr.log"):
            if log.exists():
                terminated += log.read_text(errors="replace").count("terminated")
        multi = sum(1 for items in streams for _, e in items if "\n" in e[3])
        print("    %s: %d messages from %d senders (%d multi-line), %d in the central file, "
              "%.1f s; %d redact processes killed (rsyslog reported %d terminations), %d masked by the "
              "fail-closed branch" % (name, total, senders, multi, got, elapsed, killed,
                                      terminated, masked))
        for p in problems[:20]:
            print("    problem: %s" % p)
        if args.show_masked:
            print("    masked:", " ".join("%s/%s" % (r["app"], r["msgid"]) for r in records
                                           if r["msg"] == "***"))
        keep = (bool(problems) and args.keep) or args.keep_all
        return not problems
    finally:
        sc.stop()
        sc.cleanup(keep)


def run_premise(args, rsyslogd):
    """The naive configuration with a redact that cannot start: raw messages pass."""
    sc = Scenario(args, rsyslogd, "premise")
    try:
        broken = "%s rsyslog --input fulljson --min-length 0" % args.redact
        _, port = sc.start(lambda p, c: NAIVE_EDGE.format(wd=sc.work / "edge", port=p, central=c,
                                                          redact=broken))
        streams, secrets = build_messages(1, 20, False, False, seed=3)
        errors = []
        send(port, streams[0], errors)
        wait_for(sc.central_file, 20)
        records = read_records(sc.central_file)
        leaked = leaked_secrets(records, secrets)
        print("    premise: without the marker check, a redact that cannot run lets %d of %d "
              "planted secrets through rsyslog raw" % (leaked, len(secrets)))
        return leaked > 0 and not errors
    finally:
        sc.stop()
        sc.cleanup(False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redact", required=True, help="the redact binary")
    ap.add_argument("--messages", type=int, default=100000,
                    help="messages in the main (fulljson, kill) scenario")
    ap.add_argument("--senders", type=int, default=4)
    ap.add_argument("--keep", action="store_true", help="keep work directories of failures")
    ap.add_argument("--keep-all", action="store_true", help="keep every work directory")
    ap.add_argument("--show-masked", action="store_true", help="list the masked messages")
    args = ap.parse_args()
    # ctest's timeout and a CI stop send SIGTERM: leave through the finally
    # blocks, which stop every rsyslogd this test started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rsyslogd = find_rsyslogd()
    if rsyslogd is None:
        print("rsyslogd is not installed (Debian package rsyslog); skipped")
        return 77
    args.redact = os.path.abspath(args.redact)
    per_sender = max(1, args.messages // args.senders)
    results = []
    scenarios = [
        ("fulljson_kill", lambda: run_scenario(
            args, rsyslogd, "fulljson_kill", SNIPPETS / "relay-redact.conf", "fulljson",
            args.senders, per_sender, multiline=True, kills=3)),
        ("msg", lambda: run_scenario(
            args, rsyslogd, "msg", SNIPPETS / "relay-redact-msg.conf", "msg", 2,
            max(1, args.messages // 10), multiline=False, kills=0)),
        ("fail_closed", lambda: run_scenario(
            args, rsyslogd, "fail_closed", SNIPPETS / "relay-redact.conf", "fulljson", 2, 10,
            multiline=True, kills=0, broken=True)),
        ("premise", lambda: run_premise(args, rsyslogd)),
    ]
    for name, fn in scenarios:
        try:
            ok = fn()
        except Exception as e:  # a daemon that would not start, a bad config
            print("    %s: error: %s" % (name, e))
            ok = False
        print("%s %s" % ("ok  " if ok else "FAIL", name))
        results.append(ok)
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
