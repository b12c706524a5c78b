"""Tests of the redact Python package against the installed libredact-c.

Expected redactions are SPEC examples (shared/SPEC.md "Examples"); the
fingerprint was computed with `printf %s KEY | sha256sum | cut -c1-8`.
Run: python3 -m unittest discover -s bindings/python/tests
"""

import io
import json
import logging
import random
import threading
import unittest

import redact

KEY = "qbt_AbCdEf0123456789xyz"
SPEC = [
    ("GET /v1/models key=qbt_AbCdEf0123456789xyz", "GET /v1/models key=qbt_***"),
    ("token qbt_short ok", "token qbt_short ok"),
    ("Authorization: Bearer qbt_AbCdEf0123456789xyz", "Authorization: Bearer qbt_***"),
    ("authorization: Basic dXNlcjpwYXNzd29yZA==", "authorization: Basic ***"),
    ('{"authorization":"Bearer abc.def.ghi","host":"api"}',
     '{"authorization":"Bearer ***","host":"api"}'),
    ("headers={'Authorization': 'Token 9f8e7d6c5b4a'}", "headers={'Authorization': 'Token ***'}"),
    ("map[Authorization:[Bearer abcdef] Host:[api]]", "map[Authorization:[Bearer ***] Host:[api]]"),
    ('10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer abcdefghijklmnop1234"',
     '10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer ***"'),
    ("Authorization failed for user bob", "Authorization failed for user bob"),
    ("Authorization: Bearer qbt_***", "Authorization: Bearer qbt_***"),
]


class OneShot(unittest.TestCase):
    def test_spec_examples(self):
        for raw, expected in SPEC:
            self.assertEqual(redact.redact(raw), expected)
            self.assertEqual(redact.redact(raw.encode()), expected.encode())

    def test_bytes_that_are_not_utf8_survive(self):
        raw = b"caf\xe9 \xff\x00 key=" + KEY.encode()
        self.assertEqual(redact.redact(raw), b"caf\xe9 \xff\x00 key=qbt_***")
        text = raw.decode("utf-8", "surrogateescape")
        self.assertEqual(redact.redact(text).encode("utf-8", "surrogateescape"),
                         b"caf\xe9 \xff\x00 key=qbt_***")

    def test_unicode_and_empty(self):
        self.assertEqual(redact.redact("\u00e9\U0001f600 " + KEY), "\u00e9\U0001f600 qbt_***")
        self.assertEqual(redact.redact(""), "")

    def test_versions(self):
        self.assertEqual(redact.library_version(), redact.__version__)


class Policies(unittest.TestCase):
    def test_options(self):
        p = redact.Policy(prefixes=["sk_live_"], fields=["x-session"], preset="extended",
                          min_length=10, allow=["qbt_EXAMPLEKEY00000000"],
                          secrets={"APP_SECRET": "hunt3r-value"},
                          regexes={"ssn": r"ssn=\d{3}-\d{2}-(\d{4})"})
        cases = [
            ("pay sk_live_0123456789abcdef done", "pay sk_live_*** done"),
            ("x-session: s3ss10n", "x-session: ***"),
            ("key=qbt_EXAMPLEKEY00000000", "key=qbt_EXAMPLEKEY00000000"),
            ("pw was hunt3r-value!", "pw was ***!"),
            ("ssn=123-45-6789", "ssn=123-45-***"),
            ("GITHUB_TOKEN=abcdef123456", "GITHUB_TOKEN=***"),
            ("key=qbt_short123", "key=qbt_short123"),  # 8 < min_length 10
        ]
        for raw, expected in cases:
            self.assertEqual(redact.redact(raw, p), expected)
        self.assertTrue(p.might_redact("key=" + KEY))
        self.assertFalse(redact.Policy().might_redact("GET /health 200"))

    def test_invalid_rules_raise_without_the_secret(self):
        with self.assertRaises(ValueError) as e:
            redact.Policy(secrets={"SHORT": "abc12"})
        self.assertIn("SHORT", str(e.exception))
        self.assertNotIn("abc12", str(e.exception))
        with self.assertRaises(ValueError):
            redact.Policy(regexes={"bad": "(unclosed"})
        with self.assertRaises(ValueError):
            redact.Policy(preset="nope")
        with self.assertRaises(ValueError):
            redact.Policy(rules={"nope": True})

    def test_rule_switches_are_accepted(self):
        p = redact.Policy(rules={"jwt": False, "url": False, "key_table": False})
        self.assertEqual(redact.redact("key=" + KEY, p), "key=qbt_***")


class Streams(unittest.TestCase):
    def test_chunking_invariance(self):
        rng = random.Random(3)
        doc = "\n".join(rng.choice(SPEC)[0] + " \u00e9\u4e2d" for _ in range(300)) + "\n"
        expected = redact.redact(doc)
        for trial in range(60):
            with redact.Stream() as s:
                out, i = [], 0
                while i < len(doc):
                    step = trial + 1 if trial < 30 else rng.randint(1, 200)
                    out.append(s.write(doc[i:i + step]))
                    i += step
                out.append(s.finish())
            self.assertEqual("".join(out), expected)

    def test_bytes_stream_and_line_flushing(self):
        s = redact.Stream()
        first = s.write(b"Authorization: Bearer qbt_AbCd")
        second = s.write(b"Ef0123456789xyz\n")
        self.assertEqual(first + second, b"Authorization: Bearer qbt_***\n")
        self.assertEqual(s.finish(), b"")
        with self.assertRaises(TypeError):
            s.write("text after bytes")

    def test_findings(self):
        found = []
        s = redact.Stream(on_finding=found.append)
        out = s.write("key=" + KEY + "\nauthorization: Basic dXNlcjpwYXNzd29yZA==\n") + s.finish()
        self.assertEqual(out, "key=qbt_***\nauthorization: Basic ***\n")
        self.assertEqual(found[0], redact.Finding("token", "qbt_", 1, 5, "43df99bd"))
        self.assertEqual(found[1], redact.Finding("field", "authorization", 2, 22, "bdfeaef4"))

    def test_message(self):
        s = redact.Stream(redact.Policy())
        for raw, expected in SPEC:
            self.assertEqual(s.message(raw), expected)
        self.assertEqual(s.message("a qbt_AbCdEf0123"), "a qbt_***")


class Logging(unittest.TestCase):
    def setUp(self):
        self.buf = io.StringIO()
        self.handler = logging.StreamHandler(self.buf)
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.handler.addFilter(redact.RedactingFilter())
        self.logger = logging.getLogger("redact-test-%d" % id(self))
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)

    def tearDown(self):
        self.logger.removeHandler(self.handler)

    def test_message_and_args(self):
        self.logger.info("calling %s with %s", "/v1/models", "Authorization: Bearer " + KEY)
        self.logger.warning("key=%(k)s", {"k": KEY})
        self.assertEqual(self.buf.getvalue(),
                         "INFO calling /v1/models with Authorization: Bearer qbt_***\n"
                         "WARNING key=qbt_***\n")

    def test_exception_with_credentials(self):
        try:
            raise RuntimeError("upstream refused Authorization: Bearer " + KEY)
        except RuntimeError:
            self.logger.exception("request failed for key %s", KEY)
        out = self.buf.getvalue()
        self.assertNotIn("AbCdEf0123456789xyz", out)
        self.assertIn("request failed for key qbt_***", out)
        self.assertIn("RuntimeError: upstream refused Authorization: Bearer qbt_***", out)
        self.assertIn("Traceback", out)

    def test_stack_info(self):
        self.logger.info("with stack " + KEY, stack_info=True)
        out = self.buf.getvalue()
        self.assertIn("Stack (most recent call last)", out)
        self.assertNotIn("AbCdEf0123456789xyz", out)

    def test_extra_fields_reach_structured_handlers_redacted(self):
        records = []

        class Capture(logging.Handler):
            def emit(self, record):
                records.append(record)
        cap = Capture()
        cap.addFilter(redact.RedactingFilter())
        self.logger.addHandler(cap)
        self.logger.info("req", extra={"auth": "Bearer abcdefghijklmnop1234",
                                       "headers": {"Authorization": "Basic dXNlcjpwYXNzd29yZA==",
                                                   "n": 3},
                                       "keys": ["key=" + KEY, 7], "count": 12})
        self.logger.removeHandler(cap)
        r = records[0]
        self.assertEqual(r.auth, "Bearer ***")
        self.assertEqual(r.headers, {"Authorization": "Basic ***", "n": 3})
        self.assertEqual(r.keys, ["key=qbt_***", 7])
        self.assertEqual(r.count, 12)
        self.assertNotIn("AbCdEf", json.dumps({k: str(v) for k, v in r.__dict__.items()}))

    def test_threads(self):
        def work(t):
            for i in range(300):
                self.logger.info("thread %d record %d key=%s", t, i, "qbt_%08dAbCdEfGh" % (t * 1000 + i))
        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lines = self.buf.getvalue().splitlines()
        self.assertEqual(len(lines), 8 * 300)
        for line in lines:
            self.assertTrue(line.endswith("key=qbt_***"), line)

    def test_formatter_redacts_the_final_line(self):
        buf = io.StringIO()
        h = logging.StreamHandler(buf)
        h.setFormatter(redact.RedactingFormatter("%(message)s | %(user)s"))
        self.logger.addHandler(h)
        try:
            raise ValueError("password rejected: Authorization: Basic dXNlcjpwYXNzd29yZA==")
        except ValueError:
            self.logger.error("login key %s", KEY, exc_info=True, extra={"user": "token qbt_" + "Z" * 12})
        self.logger.removeHandler(h)
        out = buf.getvalue()
        self.assertIn("login key qbt_*** | token qbt_***", out)
        self.assertIn("Basic ***", out)
        self.assertNotIn("dXNlcjpw", out)

    def test_install_on_root_handlers(self):
        root = logging.getLogger()
        buf = io.StringIO()
        h = logging.StreamHandler(buf)
        root.addHandler(h)
        try:
            f = redact.install()
            child = logging.getLogger("redact-test-child")
            child.warning("propagated key=%s", KEY)
            self.assertEqual(buf.getvalue(), "propagated key=qbt_***\n")
            self.assertIn(f, h.filters)
        finally:
            root.removeHandler(h)


if __name__ == "__main__":
    unittest.main()
