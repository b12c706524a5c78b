"""Redaction for the standard logging module: a Filter and a Formatter.

RedactingFilter rewrites each record before any handler formats it: the
message with its arguments merged in, the exception text and traceback,
the stack, and every `extra` field. Attach it to handlers (a filter on a
logger does not see records propagated from child loggers):

    handler.addFilter(redact.RedactingFilter())      # or redact.install()

RedactingFormatter redacts the final formatted line, whatever its fields:

    handler.setFormatter(redact.RedactingFormatter("%(asctime)s %(message)s"))

Both fail closed: if a value cannot be redacted, it is replaced by "***".
"""

import logging

# The attributes every LogRecord has; anything else on a record came from
# `extra=` (or a filter) and is redacted too.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message", "asctime", "taskName"}


def _redactor(policy):
    from . import redact  # the package's thread-safe one-shot function
    return lambda text: redact(text, policy)


class RedactingFilter(logging.Filter):
    """A logging.Filter that redacts every part of a record in place.

    After it, record.msg is the redacted message (its arguments merged in,
    record.args empty), record.exc_text holds the redacted traceback and
    record.exc_info is None (so no handler formats the raw exception again),
    record.stack_info and every extra field are redacted. It never rejects
    a record.
    """

    def __init__(self, policy=None, name=""):
        super().__init__(name)
        self._redact = _redactor(policy)
        self._formatter = logging.Formatter()

    def _value(self, v, depth=0):
        if isinstance(v, (str, bytes)):
            return self._redact(v)
        if v is None or isinstance(v, (bool, int, float)):
            return v
        if depth > 8:
            return "***"
        if isinstance(v, dict):
            return {self._value(k, depth + 1) if isinstance(k, str) else k:
                    self._value(x, depth + 1) for k, x in v.items()}
        if isinstance(v, (list, tuple, set, frozenset)):
            return type(v)(self._value(x, depth + 1) for x in v)
        # Any other object: kept when its text holds nothing to redact,
        # replaced by its redacted text otherwise.
        text = str(v)
        red = self._redact(text)
        return v if red == text else red

    def filter(self, record):
        try:
            try:
                message = record.getMessage()
            except Exception:  # a bad format string: keep what can be shown
                message = "%s %r" % (record.msg, record.args)
            record.msg = self._redact(message)
            record.args = None
            if record.exc_info:
                if not record.exc_text:
                    record.exc_text = self._formatter.formatException(record.exc_info)
                record.exc_info = None
            if record.exc_text:
                record.exc_text = self._redact(record.exc_text)
            if record.stack_info:
                record.stack_info = self._redact(record.stack_info)
            if "message" in record.__dict__:
                record.message = record.msg
            for key in [k for k in record.__dict__ if k not in _STANDARD]:
                setattr(record, key, self._value(record.__dict__[key]))
        except Exception:
            # Fail closed: what could not be redacted is masked, never let through.
            record.msg, record.args = "***", None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            for key in [k for k in record.__dict__ if k not in _STANDARD]:
                setattr(record, key, "***")
        return True


class RedactingFormatter(logging.Formatter):
    """A logging.Formatter whose output is redacted as a whole.

    Takes the usual Formatter arguments, or wraps an existing formatter
    (base=...). Whatever the format puts in the line — message, traceback,
    stack, extra fields — is redacted before the handler writes it.
    """

    def __init__(self, fmt=None, datefmt=None, style="%", *, base=None, policy=None, **kwargs):
        super().__init__(fmt, datefmt, style, **kwargs)
        self._base = base
        self._redact = _redactor(policy)

    def format(self, record):
        try:
            text = self._base.format(record) if self._base is not None else super().format(record)
            return self._redact(text)
        except Exception:
            return "***"


def install(logger=None, policy=None):
    """Adds one RedactingFilter to every handler of `logger` (default: the root
    logger) that has none yet, and returns it. Handlers added later need
    handler.addFilter(filter) too."""
    logger = logger if logger is not None else logging.getLogger()
    f = RedactingFilter(policy)
    for h in logger.handlers:
        if not any(isinstance(x, RedactingFilter) for x in h.filters):
            h.addFilter(f)
    return f
