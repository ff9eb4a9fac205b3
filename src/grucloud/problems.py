"""Errors in a project, reported all at once with where they are and how to fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectProblem:
    where: str  # "resources.py" or "resources.py: ApiGatewayV2::Integration integration::a::b"
    field: str | None
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ":"
        return f"{self.where}{field} {self.message}"


class ProjectError(Exception):
    """The project cannot be used as written; nothing was sent to AWS."""

    def __init__(self, problems: list[ProjectProblem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the project:\n" + "\n".join(f"  - {p}" for p in problems))


class ResourceProblem(Exception):
    """One declared resource cannot be used as written, found while gc derives what to send
    (e.g. a function whose dependencies do not install); validation reports it with the others."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")
