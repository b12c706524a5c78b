"""ctypes declarations of the C API (redact.h) and where the library is found.

The library is looked up, in order: the file named by $REDACT_LIBRARY; the
directory pkg-config reported when the package was built; the dynamic
loader's own search (ld.so.cache, LD_LIBRARY_PATH) by its SONAME; and
ctypes.util.find_library("redact-c").
"""

import ctypes
import ctypes.util
import os

ABI = 1  # REDACT_ABI_VERSION of the redact.h these declarations follow
SONAME = "libredact-c.so.%d" % ABI


def _candidates():
    env = os.environ.get("REDACT_LIBRARY")
    if env:
        yield env
        return
    try:
        from . import _config  # written by the build backend
        if _config.LIBDIR:
            yield os.path.join(_config.LIBDIR, SONAME)
    except ImportError:
        pass
    yield SONAME
    found = ctypes.util.find_library("redact-c")
    if found:
        yield found


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise ImportError("redact: cannot load the C library %s (install libredact-c, or set "
                      "REDACT_LIBRARY to its path): %s" % (SONAME, "; ".join(errors)))


lib = _load()

c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_void_p = ctypes.c_void_p


class Finding(ctypes.Structure):
    _fields_ = [
        ("kind", c_int),
        ("label", ctypes.POINTER(ctypes.c_char)),
        ("label_size", c_size_t),
        ("line", ctypes.c_uint64),
        ("column", ctypes.c_uint64),
        ("fingerprint", ctypes.c_char * 9),
    ]


OUTPUT_FN = ctypes.CFUNCTYPE(None, c_void_p, ctypes.POINTER(ctypes.c_char), c_size_t)
FINDING_FN = ctypes.CFUNCTYPE(None, c_void_p, ctypes.POINTER(Finding))


def _declare(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


redact_version = _declare("redact_version", c_char_p)
redact_free = _declare("redact_free", None, c_void_p)
redact_options_new = _declare("redact_options_new", c_void_p)
redact_options_free = _declare("redact_options_free", None, c_void_p)
redact_options_add_prefix = _declare("redact_options_add_prefix", c_int, c_void_p, c_char_p)
redact_options_add_prefix_rule = _declare("redact_options_add_prefix_rule", c_int, c_void_p,
                                          c_char_p, c_int, c_size_t, c_size_t)
redact_options_add_field = _declare("redact_options_add_field", c_int, c_void_p, c_char_p)
redact_options_set_preset = _declare("redact_options_set_preset", c_int, c_void_p, c_int)
redact_options_set_min_body = _declare("redact_options_set_min_body", c_int, c_void_p, c_size_t)
redact_options_add_allow = _declare("redact_options_add_allow", c_int, c_void_p, c_char_p,
                                    c_size_t)
redact_options_add_secret = _declare("redact_options_add_secret", c_int, c_void_p, c_char_p,
                                     c_char_p, c_size_t)
redact_options_add_regex = _declare("redact_options_add_regex", c_int, c_void_p, c_char_p,
                                    c_char_p)
redact_options_set_fingerprint_key = _declare("redact_options_set_fingerprint_key", c_int,
                                              c_void_p, c_char_p, c_size_t)
redact_options_set_rule = _declare("redact_options_set_rule", c_int, c_void_p, c_int, c_int)
redact_policy_new = _declare("redact_policy_new", c_void_p, c_void_p, c_char_p, c_size_t)
redact_policy_free = _declare("redact_policy_free", None, c_void_p)
redact_policy_might_redact = _declare("redact_policy_might_redact", c_int, c_void_p, c_char_p,
                                      c_size_t)
redact_finding_kind_name = _declare("redact_finding_kind_name", c_char_p, c_int)
redact_stream_new = _declare("redact_stream_new", c_void_p, c_void_p)
redact_stream_free = _declare("redact_stream_free", None, c_void_p)
redact_stream_set_finding_callback = _declare("redact_stream_set_finding_callback", c_int,
                                              c_void_p, FINDING_FN, c_void_p)
redact_stream_write = _declare("redact_stream_write", c_int, c_void_p, c_char_p, c_size_t,
                               OUTPUT_FN, c_void_p)
redact_stream_finish = _declare("redact_stream_finish", c_int, c_void_p, OUTPUT_FN, c_void_p)
redact_stream_reset = _declare("redact_stream_reset", c_int, c_void_p)
redact_stream_message = _declare("redact_stream_message", c_int, c_void_p, c_char_p, c_size_t,
                                 ctypes.POINTER(ctypes.POINTER(ctypes.c_char)),
                                 ctypes.POINTER(c_size_t))
redact_string = _declare("redact_string", ctypes.POINTER(ctypes.c_char), c_void_p, c_char_p,
                         c_size_t, ctypes.POINTER(c_size_t))
