"""DevTools' `cli` for miniprogram-automator's `launch({cliPath})`: `scripts/wx-devtools-cli`.

The SDK runs `<cliPath> [args…] auto --project P --auto-port N [--auto-account A | --ticket T]
[--trust-project]` and connects to ws://127.0.0.1:N. Here the user's `args` (run settings such as
`--backend URL`, `--network 3g`) move after `auto`, and the run is headless.
"""

from __future__ import annotations

import sys


def devtools_argv(argv: list[str]) -> list[str]:
    """`[extra…, 'auto', rest…]` → `['auto', rest…, extra…, '--headless']`.

    Raises:
        SystemExit: not an `auto` call (DevTools' other commands are not emulated).
    """
    if "auto" not in argv:
        raise SystemExit("wx-devtools-cli: only `auto` is emulated (miniprogram-automator launch)")
    at = argv.index("auto")
    extra, rest = argv[:at], argv[at + 1 :]
    return ["auto", *rest, *extra, *([] if "--headless" in argv else ["--headless"])]


def main() -> None:
    from simulator.automation.cli import auto

    auto.main(devtools_argv(sys.argv[1:])[1:], prog_name="wx-devtools-cli auto")


if __name__ == "__main__":
    main()
