"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

Escaping follows GitHub's workflow-command rules (@actions/core ``escapeData`` and
``escapeProperty``): in the message ``%``, ``\\r`` and ``\\n``; in properties also ``:``
and ``,``.  GitHub accepts ``col``/``endColumn`` only when the annotation starts and
ends on the same line, so a finding that spans lines carries lines only.  Columns are
code points; ``endColumn`` is exclusive, as in the JSON report.
"""

from __future__ import annotations

from doclint.formatters.sarif import with_basis

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props) -> str:
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name} {body}::{escape_data(message)}" if body else f"::{name}::{escape_data(message)}"


def finding_line(path: str, d: dict) -> str:
    same_line = d["end_line"] == d["line"]
    return command(
        COMMANDS[d["severity"]],
        with_basis(d),
        file=path,
        line=d["line"],
        col=d["column"] if same_line else None,
        endLine=d["end_line"],
        endColumn=d["end_column"] if same_line and d["end_column"] > d["column"] else None,
        title=d["rule"],
    )


def render(report, **_options) -> str:
    out: list[str] = []
    for fd in report.to_dict()["files"]:
        if fd["error"]:
            out.append(command("error", fd["error"], file=fd["path"]))
            continue
        if fd.get("skipped"):
            out.append(command("notice", f"跳过：{fd['skipped']}", file=fd["path"]))
            continue
        out.extend(finding_line(fd["path"], d) for d in fd["findings"])
        out.extend(command("notice", f"注意：{n}", file=fd["path"]) for n in fd.get("notices", []))
    return "".join(line + "\n" for line in out)
