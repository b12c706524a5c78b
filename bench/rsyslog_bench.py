#!/usr/bin/env python3
"""Throughput through rsyslog with and without the redact action, in one run.

The set-up of tests/integration/rsyslog (two rsyslogd on 127.0.0.1, four
TCP senders, edge -> central -> file), timed from the first byte sent until
the central file holds every message, for:

  plain     the edge forwards with omfwd, no redaction (the baseline)
  msg       integrations/rsyslog/relay-redact-msg.conf (interface.input=msg)
  fulljson  integrations/rsyslog/relay-redact.conf (interface.input=fulljson)
  bound     relay-redact-msg.conf with a program that answers every request
            at once without reading it (compiled here from C): the ceiling
            of mmexternal's one-round-trip-per-message protocol
  direct    no mmexternal: omprog streams the messages into `redact` (the
            filter mode), which writes them straight to the central's TCP
            port; no per-message round trip

Rounds alternate the configurations (plain, msg, fulljson, then reversed),
and each figure is the median of its rounds. The messages are the
integration test's: realistic lines, about a third of them clean, the rest
holding one to three planted credentials.

Usage: rsyslog_bench.py --redact PATH [--messages N] [--rounds N] [--json FILE]
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "integration" / "rsyslog"))
import rsyslog_test as h  # noqa: E402  (the integration test's harness)

PLAIN_EDGE = """
global(workDirectory="{wd}" maxMessageSize="64k")
main_queue(queue.workerThreads="1" queue.size="1000000")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="plain")
template(name="plain_forward" type="string"
         string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%")
ruleset(name="plain") {{
  action(type="omfwd" target="127.0.0.1" port="{central}" protocol="tcp"
         TCP_Framing="octet-counted" template="plain_forward")
}}
"""


DIRECT_EDGE = """
global(workDirectory="{wd}" maxMessageSize="64k")
main_queue(queue.workerThreads="1" queue.size="1000000")
module(load="imtcp")
module(load="omprog")
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="to_redact")
template(name="line" type="string"
         string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%\n")
ruleset(name="to_redact") {{
  action(type="omprog" binary="{wrapper}" template="line")
}}
"""


NULL_ANSWERER = r"""
#include <unistd.h>
int main(void) {
  static char buf[1 << 16];
  static const char ok[] = "{\"$!\":{\"redact\":\"ok\"}}\n";
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < n; ++i)
      if (buf[i] == '\n' && write(1, ok, sizeof ok - 1) < 0) return 1;
  return 0;
}
"""


def null_answerer(directory):
    src, exe = Path(directory) / "null.c", Path(directory) / "null-answerer"
    src.write_text(NULL_ANSWERER)
    h.subprocess.run(["cc", "-O2", "-o", str(exe), str(src)], check=True)
    return str(exe)


def one_run(args, rsyslogd, config, streams, total):
    sc = h.Scenario(args, rsyslogd, "bench-" + config)
    try:
        if config == "plain":
            make = lambda p, c: PLAIN_EDGE.format(wd=sc.work / "edge", port=p, central=c)
        elif config == "direct":
            wrapper = sc.work / "redact-direct.sh"
            def make(p, c):
                # bash's /dev/tcp: the redacted stream goes to the central.
                wrapper.write_text("#!/bin/bash\nexec %s --line-buffered > /dev/tcp/127.0.0.1/%d\n"
                                   % (args.redact, c))
                wrapper.chmod(0o755)
                return DIRECT_EDGE.format(wd=sc.work / "edge", port=p, wrapper=wrapper)
        else:
            snippet = h.SNIPPETS / ("relay-redact.conf" if config == "fulljson"
                                    else "relay-redact-msg.conf")
            program = null_answerer(sc.work) if config == "bound" else args.redact
            make = lambda p, c: h.edge_config(snippet, sc.work / "edge", program, "", p, c,
                                              sc.work / "edge-local.log", args.workers)
        _, port = sc.start(make)
        # Start the redact processes before timing (rsyslog starts them with
        # the first message): one warm-up message, not counted.
        warm, _ = h.build_messages(1, 1, False, False, seed=99)
        h.send(port, warm[0], [])
        h.wait_for(sc.central_file, 1, stall=10)
        counter = h.LineCounter(sc.central_file)
        counter()
        errors = []
        threads = [threading.Thread(target=h.send, args=(port, items, errors)) for items in streams]
        start = time.monotonic()
        for t in threads:
            t.start()
        last, since = -1, time.monotonic()
        while True:
            n = counter() - 1
            if n >= total:
                break
            if n != last:
                last, since = n, time.monotonic()
            elif time.monotonic() - since > 30:
                raise RuntimeError("%s: stalled at %d of %d messages" % (config, n, total))
            time.sleep(0.01)
        elapsed = time.monotonic() - start
        for t in threads:
            t.join()
        if errors:
            raise RuntimeError("senders: %s" % errors)
        return total / elapsed
    finally:
        sc.stop()
        sc.cleanup(False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redact", required=True)
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--senders", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--configs", default="plain,msg,fulljson,bound,direct")
    ap.add_argument("--workers", type=int, default=1,
                    help="edge main-queue worker threads (= redact processes)")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    args.redact = os.path.abspath(args.redact)
    args.keep = False
    rsyslogd = h.find_rsyslogd()
    if rsyslogd is None:
        print("rsyslogd is not installed (Debian package rsyslog)", file=sys.stderr)
        return 2
    per_sender = args.messages // args.senders
    total = per_sender * args.senders
    streams, _ = h.build_messages(args.senders, per_sender, False, False, seed=7)
    configs = args.configs.split(",")
    rates = {c: [] for c in configs}
    for r in range(args.rounds):
        order = configs if r % 2 == 0 else list(reversed(configs))
        for c in order:
            rate = one_run(args, rsyslogd, c, streams, total)
            rates[c].append(rate)
            print("round %d %-8s %8.0f messages/s" % (r + 1, c, rate), file=sys.stderr)
    commit = h.subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "unknown"
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": commit,
        "messages": total, "senders": args.senders, "rounds": args.rounds,
        "rsyslogd": h.subprocess.run([rsyslogd, "-v"], capture_output=True,
                                     text=True).stdout.split()[1],
        "rates": {c: statistics.median(v) for c, v in rates.items()},
        "all_rates": rates,
    }
    if "plain" in rates:
        base = result["rates"]["plain"]
        result["ratios"] = {c: result["rates"][c] / base for c in configs if c != "plain"}
    for c in configs:
        line = "%-8s %8.0f messages/s" % (c, result["rates"][c])
        if c != "plain" and "plain" in rates:
            line += "  %.2fx plain" % result["ratios"][c]
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
