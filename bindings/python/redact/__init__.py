"""redact — strip API keys and credentials out of log text.

Python bindings over the C library libredact-c (ctypes; nothing to compile).

    import redact

    redact.redact("GET /v1 key=qbt_AbCdEf0123456789xyz")   # 'GET /v1 key=qbt_***'

    policy = redact.Policy(prefixes=["sk_live_"], preset="extended",
                           secrets={"DEPLOY_TOKEN": os.environ["DEPLOY_TOKEN"]})
    redact.redact(line, policy)

    with redact.Stream(policy) as s:                  # any chunking, same result
        out = s.write(chunk) + s.write(more) + s.finish()

    import logging
    handler = logging.StreamHandler()
    handler.addFilter(redact.RedactingFilter())       # every record, before it is written
    logging.getLogger().addHandler(handler)

A Policy is immutable and may be shared by threads; a Stream is one stream
for one thread at a time. redact() is thread-safe. Text (str) is handled as
UTF-8; bytes that are not UTF-8 survive (surrogateescape). Errors in the
rules raise ValueError with a message that never contains a secret.
"""

import codecs
import ctypes
import threading
from collections import namedtuple

from . import _native as _n
from ._logging import RedactingFilter, RedactingFormatter, install

__all__ = ["redact", "Policy", "Stream", "Finding", "RedactingFilter", "RedactingFormatter",
           "install", "library_version", "__version__"]
__version__ = "0.2.0"

_PRESETS = {"minimal": 0, "default": 1, "extended": 2}
_ALPHABETS = {"token": 0, "alnum": 1, "upper": 2}
_RULES = {"jwt": 0, "url": 1, "encoded": 2, "pairs": 3, "private_keys": 4, "key_table": 5,
          "secret_forms": 6}

Finding = namedtuple("Finding", "kind label line column fingerprint")
Finding.__doc__ = """One masked credential: the rule kind ("token", "field", "bearer", ...),
its label (the prefix, field name, scheme or secret's label; never the secret),
1-based line and byte column, and the first 8 hex digits of its SHA-256."""


def library_version():
    """The version of the loaded libredact-c, "MAJOR.MINOR.PATCH"."""
    return _n.redact_version().decode()


def _bytes(s):
    return s.encode("utf-8", "surrogateescape") if isinstance(s, str) else bytes(s)


def _check(status):
    if status == -2:
        raise MemoryError("redact: out of memory")
    if status != 0:
        raise ValueError("redact: invalid argument (status %d)" % status)


class Policy:
    """What to remove, validated and compiled once.

    Policy() is the library's default rules. Keyword arguments add to them:
    prefixes (str, or (prefix, alphabet, min_body, max_body) tuples), fields,
    preset ("minimal", "default", "extended"), min_length, allow (exact
    values never masked), secrets ({label: value} or [(label, value)]),
    regexes ({label: pattern} or [(label, pattern)], RE2 syntax),
    fingerprint_key, and rules ({"jwt": False, ...} to switch families).
    Raises ValueError when the rules are invalid.
    """

    def __init__(self, prefixes=(), fields=(), preset=None, min_length=None, allow=(),
                 secrets=(), regexes=(), fingerprint_key=None, rules=None):
        opts = _n.redact_options_new()
        if not opts:
            raise MemoryError("redact: out of memory")
        try:
            for p in prefixes:
                if isinstance(p, (tuple, list)):
                    prefix, alphabet, lo, hi = (list(p) + [None, None, None])[:4]
                    _check(_n.redact_options_add_prefix_rule(
                        opts, _bytes(prefix), _ALPHABETS[alphabet or "token"], lo or 0, hi or 0))
                else:
                    _check(_n.redact_options_add_prefix(opts, _bytes(p)))
            for f in fields:
                _check(_n.redact_options_add_field(opts, _bytes(f)))
            if preset is not None:
                if preset not in _PRESETS:
                    raise ValueError("redact: unknown preset %r (expected minimal, default or "
                                     "extended)" % (preset,))
                _check(_n.redact_options_set_preset(opts, _PRESETS[preset]))
            if min_length is not None:
                _check(_n.redact_options_set_min_body(opts, int(min_length)))
            for a in allow:
                b = _bytes(a)
                _check(_n.redact_options_add_allow(opts, b, len(b)))
            for label, value in (secrets.items() if isinstance(secrets, dict) else secrets):
                b = _bytes(value)
                _check(_n.redact_options_add_secret(opts, _bytes(label or ""), b, len(b)))
            for label, pattern in (regexes.items() if isinstance(regexes, dict) else regexes):
                _check(_n.redact_options_add_regex(opts, _bytes(label or ""), _bytes(pattern)))
            if fingerprint_key is not None:
                b = _bytes(fingerprint_key)
                _check(_n.redact_options_set_fingerprint_key(opts, b, len(b)))
            for name, on in (rules or {}).items():
                if name not in _RULES:
                    raise ValueError("redact: unknown rule family %r" % (name,))
                _check(_n.redact_options_set_rule(opts, _RULES[name], 1 if on else 0))
            error = ctypes.create_string_buffer(512)
            handle = _n.redact_policy_new(opts, error, len(error))
            if not handle:
                raise ValueError("redact: " + error.value.decode("utf-8", "replace"))
            self._handle = handle
        finally:
            _n.redact_options_free(opts)

    def might_redact(self, text):
        """False when redacting `text` would certainly change nothing (a fast pre-check)."""
        b = _bytes(text)
        return bool(_n.redact_policy_might_redact(self._handle, b, len(b)))

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle:
            _n.redact_policy_free(handle)
            self._handle = None


class Stream:
    """A streaming redactor for one stream: feed chunks, get redacted text back.

    write() returns the output that is decided so far (a few bytes may be
    held back until the next write or finish()); the concatenated output
    depends only on the concatenated input. str in, str out; bytes in, bytes
    out. on_finding(Finding) is called for each masked credential. One thread
    at a time.
    """

    def __init__(self, policy=None, on_finding=None):
        self._policy = policy  # keeps the policy alive (the stream also holds its own reference)
        self._handle = _n.redact_stream_new(policy._handle if policy is not None else None)
        if not self._handle:
            raise MemoryError("redact: out of memory")
        self._pieces = []
        self._out = _n.OUTPUT_FN(self._collect)
        self._decoder = None
        self._text = None
        self._on_finding = None
        if on_finding is not None:
            self._on_finding = _n.FINDING_FN(self._finding(on_finding))
            _check(_n.redact_stream_set_finding_callback(self._handle, self._on_finding, None))

    @staticmethod
    def _finding(callback):
        def call(_user, f):
            f = f.contents
            callback(Finding(_n.redact_finding_kind_name(f.kind).decode(),
                             ctypes.string_at(f.label, f.label_size).decode("utf-8", "replace"),
                             f.line, f.column, f.fingerprint.decode()))
        return call

    def _collect(self, _user, data, size):
        self._pieces.append(ctypes.string_at(data, size))

    def _take(self, final=False):
        out = b"".join(self._pieces)
        self._pieces.clear()
        if not self._text:
            return out
        return self._decoder.decode(out, final)

    def _mode(self, data):
        is_text = isinstance(data, str)
        if self._text is None:
            self._text = is_text
            self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        elif self._text != is_text:
            raise TypeError("redact: a Stream takes str or bytes, not both")

    def write(self, data):
        """Redacts a chunk; returns the output decided so far."""
        self._mode(data)
        b = _bytes(data)
        _check(_n.redact_stream_write(self._handle, b, len(b), self._out, None))
        return self._take()

    def finish(self):
        """Ends the stream; returns everything held back. The next write starts anew."""
        _check(_n.redact_stream_finish(self._handle, self._out, None))
        out = self._take(final=True)
        if self._text is None:
            return ""
        return out

    def reset(self):
        """Forgets the stream (held-back bytes are dropped)."""
        _n.redact_stream_reset(self._handle)
        self._pieces.clear()
        if self._decoder is not None:
            self._decoder.reset()

    def message(self, text):
        """Redacts one whole message (str or bytes) and returns it; the stream restarts.

        Fails closed: if redaction cannot run, each line of the message becomes ***.
        """
        b = _bytes(text)
        out = ctypes.POINTER(ctypes.c_char)()
        size = ctypes.c_size_t()
        _n.redact_stream_message(self._handle, b, len(b), ctypes.byref(out), ctypes.byref(size))
        result = ctypes.string_at(out, size.value)
        return result.decode("utf-8", "surrogateescape") if isinstance(text, str) else result

    def close(self):
        if getattr(self, "_handle", None):
            _n.redact_stream_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


_local = threading.local()


def _message_stream(policy):
    """A per-thread stream for one-shot calls."""
    streams = getattr(_local, "streams", None)
    if streams is None:
        streams = _local.streams = {}
    key = id(policy) if policy is not None else None
    entry = streams.get(key)
    if entry is None or entry[0] is not policy:
        if len(streams) >= 8:  # many short-lived policies: keep the cache small
            streams.clear()
        entry = streams[key] = (policy, Stream(policy))
    return entry[1]


def redact(text, policy=None):
    """Redacts a whole string (str or bytes) and returns it. Thread-safe."""
    if policy is not None and not policy.might_redact(text):
        return text
    return _message_stream(policy).message(text)
