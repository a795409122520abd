"""Why a project could not be opened or run: typed, each with file (and line) for the user."""

from __future__ import annotations

from pathlib import Path

from simulator.page.errors import PageError


class ProjectError(PageError):
    """A project failed to open or run; `str()` is the message for the user."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        where = self.file or ""
        if where and line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}" if where else message)


class NotAProject(ProjectError):
    """No `app.json` (nor a `project.config.json` pointing at one)."""


class BadConfig(ProjectError):
    """A json file that does not parse or says something impossible."""


class MissingPage(ProjectError):
    """`app.json` names a page whose files are not there."""


class MissingComponent(ProjectError):
    """`usingComponents` points at a component that is not there."""
