"""A minimal PEP 517 build backend for the redact package (standard library only).

It builds a pure-Python wheel of the `redact` folder: the package needs no
compiler (it loads libredact-c with ctypes) and no third-party build tool, so
pip can install it offline. When pkg-config knows the installed C library
(`redact-c.pc`), its directory is written into the wheel (redact/_config.py)
so the package finds a library installed outside the loader's default path.
"""

import base64
import csv
import hashlib
import io
import os
import subprocess
import zipfile

NAME = "redact"
VERSION = "0.2.0"
TAG = "py3-none-any"
HERE = os.path.dirname(os.path.abspath(__file__))


def _libdir():
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "redact-c"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    d = out.stdout.strip()
    return d if out.returncode == 0 and d else None


def _metadata():
    readme = os.path.join(HERE, "README.md")
    text = open(readme, encoding="utf-8").read() if os.path.exists(readme) else ""
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n"
            "Summary: Strip API keys and credentials from log text (ctypes over libredact-c)\n"
            "Requires-Python: >=3.8\nDescription-Content-Type: text/markdown\n\n%s"
            % (NAME, VERSION, text))


def _files():
    """(archive name, bytes) of the package's modules, plus _config.py."""
    out = []
    pkg = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py") and name != "_config.py":
            with open(os.path.join(pkg, name), "rb") as f:
                out.append(("%s/%s" % (NAME, name), f.read()))
    libdir = _libdir()
    config = ("# Written when the package was built: where pkg-config found libredact-c.\n"
              "LIBDIR = %r\n" % libdir)
    out.append(("%s/_config.py" % NAME, config.encode()))
    return out


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_wheel(directory, files):
    dist = "%s-%s.dist-info" % (NAME, VERSION)
    wheel = "%s-%s-%s.whl" % (NAME, VERSION, TAG)
    files = list(files) + [
        ("%s/METADATA" % dist, _metadata().encode()),
        ("%s/WHEEL" % dist, ("Wheel-Version: 1.0\nGenerator: redact _build\n"
                             "Root-Is-Purelib: true\nTag: %s\n" % TAG).encode()),
    ]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in files:
        writer.writerow([name, _record_hash(data), len(data)])
    writer.writerow(["%s/RECORD" % dist, "", ""])
    with zipfile.ZipFile(os.path.join(directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(name, data)
        z.writestr("%s/RECORD" % dist, record.getvalue())
    return wheel


# ------------------------------------------------------------- PEP 517 hooks

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _files())


def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    base = "%s-%s" % (NAME, VERSION)
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for rel in ["pyproject.toml", "_build.py", "README.md"] + [
                os.path.join(NAME, n) for n in sorted(os.listdir(os.path.join(HERE, NAME)))
                if n.endswith(".py") and n != "_config.py"]:
            full = os.path.join(HERE, rel)
            if os.path.exists(full):
                tar.add(full, arcname=os.path.join(base, rel))
        info = tarfile.TarInfo(os.path.join(base, "PKG-INFO"))
        data = _metadata().encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return os.path.basename(path)
