"""The probe's readable report: per transport, will it work and why, in the backend's words."""

from __future__ import annotations

from simulator.probe.state import ProbeReport


def format_report(report: ProbeReport) -> str:
    lines = [
        f"backend {report.base_url}: "
        + (report.flavour if report.reachable else "nothing answered")
        + (" (needs auth)" if report.auth_needed else ""),
        "",
    ]
    width = max(len(name) for name in report.findings)
    for name, finding in report.findings.items():
        mark = "works   " if finding.works else "will not"
        lines.append(f"  {name.ljust(width)}  {mark}  {finding.why}")
        for line in finding.evidence:
            lines.append(f"  {' ' * width}            · {line}")
        if finding.buffering_measure:
            lines.append(f"  {' ' * width}            · buffering by {finding.buffering_measure}")
    determinism = {
        True: "deterministic (same prompt, same text on every endpoint): transports' runs are"
        " compared (consistent when they agree)",
        False: "not deterministic: runs are unverified unless --expect gives the text",
        None: "determinism unknown (fewer than two endpoints answered)",
    }[report.deterministic]
    # unreachable: the lines above say it all; which endpoints agree was never in question
    lines += [""] if not report.reachable else ["", f"  {determinism}"]
    lines += [f"  note: {note}" for note in report.notes]
    requests = f"{report.requests} request" + ("" if report.requests == 1 else "s")
    lines.append(f"probe: {requests} in {report.elapsed_s:.1f} s, one at a time")
    return "\n".join(lines)
