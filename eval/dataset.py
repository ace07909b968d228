"""Eval datasets: JSON Lines rows (../shared/eval/README.md format) loaded and validated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic import model_validator

from tools.errors import SeggraphError

__all__ = ["Expect", "EvalRow", "Problem", "DatasetError", "load_dataset", "parse_dataset"]


class Expect(StrEnum):
    """What a correct system does with a row."""

    SEGMENT = "segment"
    CLARIFY = "clarify"
    REJECT = "reject"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a dataset.

    Attributes:
        line: 1-based line number in the file (0 for the file as a whole).
        field: the row field at fault, or "" when the line itself is wrong.
        message: what is wrong and how to fix it.
    """

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}, field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


class DatasetError(SeggraphError):
    """A dataset file is missing, unreadable or has invalid rows; `problems` lists them all."""

    def __init__(self, message: str, problems: list[Problem] | None = None,
                 code: str = "bad_dataset") -> None:
        super().__init__(message, code)
        self.problems = problems or []


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _iso_date(value: Any) -> Any:
    # Pydantic's lax mode would turn 20260630 into a Unix timestamp; only ISO text is valid here.
    if type(value) is date:
        return value
    if not isinstance(value, str):
        raise ValueError("must be an ISO date string such as \"2026-06-30\"")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


Text = Annotated[str, AfterValidator(_not_blank)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _RowProblems(ValueError):
    """Cross-field problems of a row, kept as (field, message) pairs for precise reports."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
        self.problems = problems


class EvalRow(BaseModel):
    """One dataset row: a request (or a conversation) and what a correct system does.

    Attributes:
        id: unique in the file.
        request: the user's message (exactly one of `request` and `turns`); may be blank.
        turns: a conversation sent on one thread; the last answer is scored. Each message
            may be blank.
        as_of: the reference date relative dates resolve against.
        expect: segment, clarify or reject.
        gold_sql: the correct audience (segment rows, and clarify rows with `answer`).
        answer: the user's reply to the clarification question (clarify rows only).
        ambiguous: the ambiguous word (required on clarify rows without `answer`).
        tags: labels for slicing the report.
    """

    # Unknown keys (notes, sources) are allowed in other datasets and ignored here.
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Text
    # What a user sends may be blank (../shared/eval/README.md: "it may be empty, whitespace
    # or hostile"): such rows are scored like any other, and the graph refuses them.
    request: str | None = None
    turns: list[str] | None = Field(default=None, min_length=1)
    as_of: IsoDate
    expect: Expect
    gold_sql: Text | None = None
    answer: Text | None = None
    ambiguous: Text | None = None
    tags: list[str] = Field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        """The user's messages in order: `[request]` or `turns`."""
        return list(self.turns) if self.turns is not None else [self.request or ""]

    @property
    def text(self) -> str:
        """The request, or the turns joined with " / ", for reports."""
        return " / ".join(self.messages)

    @model_validator(mode="after")
    def _fields_fit_expect(self) -> "EvalRow":
        problems = _cross_field(self.model_dump())
        if problems:
            raise _RowProblems(problems)
        return self


def _given(data: dict[str, Any], name: str) -> bool:
    return data.get(name) is not None


def _cross_field(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The README's rules linking fields, checked on raw or validated values alike."""
    problems: list[tuple[str, str]] = []
    if _given(data, "request") == _given(data, "turns"):
        state = "both are given" if _given(data, "request") else "neither is given"
        problems.append(("request", f"exactly one of 'request' and 'turns' is required ({state})"))
    expect = str(getattr(data.get("expect"), "value", data.get("expect")))
    has_answer = _given(data, "answer")
    if expect == Expect.SEGMENT and not _given(data, "gold_sql"):
        problems.append(("gold_sql", "required when expect is 'segment'"))
    if expect == Expect.CLARIFY and has_answer and not _given(data, "gold_sql"):
        problems.append(("gold_sql", "required on a 'clarify' row that has an 'answer'"))
    if expect == Expect.CLARIFY and not has_answer and not _given(data, "ambiguous"):
        problems.append(("ambiguous", "required on a 'clarify' row without 'answer' (the "
                                      "ambiguous word)"))
    if expect == Expect.CLARIFY and not has_answer and _given(data, "gold_sql"):
        problems.append(("gold_sql", "is only scored with an 'answer'; add the answer or "
                                     "remove gold_sql"))
    if expect == Expect.REJECT and _given(data, "gold_sql"):
        problems.append(("gold_sql", "a 'reject' row has no gold audience; remove it"))
    if expect in (Expect.SEGMENT, Expect.REJECT) and has_answer:
        problems.append(("answer", "only 'clarify' rows take an answer"))
    return problems


def _line_problems(line_no: int, raw: Any) -> tuple[EvalRow | None, list[Problem]]:
    if not isinstance(raw, dict):
        return None, [Problem(line_no, "", f"a row must be a JSON object, not {type(raw).__name__}")]
    problems = [Problem(line_no, f, m) for f, m in _cross_field(raw)]
    try:
        return EvalRow.model_validate(raw), problems
    except ValidationError as exc:
        for err in exc.errors():
            if isinstance(err.get("ctx", {}).get("error"), _RowProblems):
                continue  # the same rules were already checked on the raw row
            field = ".".join(str(part) for part in err["loc"])
            message = "required" if err["type"] == "missing" else err["msg"]
            problems.append(Problem(line_no, field, message.removeprefix("Value error, ")))
        return None, problems


def parse_dataset(lines: list[str], *, source: str = "dataset") -> list[EvalRow]:
    """Validate JSON Lines text into rows; blank lines are skipped.

    Args:
        lines: the file's lines.
        source: name used in error messages (the path).

    Returns:
        The rows, in file order.

    Raises:
        DatasetError: with every problem found (line, field, message), or when no row exists.
    """
    rows: list[EvalRow] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(line_no, "", f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        row, found = _line_problems(line_no, raw)
        problems.extend(found)
        row_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(row_id, str):
            if row_id in first_line:
                problems.append(Problem(line_no, "id", f"'{row_id}' is already used on line "
                                                       f"{first_line[row_id]}; ids must be unique"))
            first_line.setdefault(row_id, line_no)
        if row is not None and not found:
            rows.append(row)
    if problems:
        listing = "\n".join(f"  {p}" for p in problems)
        raise DatasetError(f"{source}: {len(problems)} problem(s); fix them and run again:\n"
                           f"{listing}", problems)
    if not rows:
        raise DatasetError(f"{source} has no rows. Write one JSON object per line (see "
                           "../shared/eval/README.md).", [Problem(0, "", "no rows")], code="empty")
    return rows


def load_dataset(path: str | Path) -> list[EvalRow]:
    """Load and validate a JSONL eval dataset.

    Args:
        path: the .jsonl file.

    Returns:
        The validated rows, in file order.

    Raises:
        DatasetError: the file is missing, not UTF-8 text, empty, or has invalid rows (all of
            them are listed, each with its line number and field).

    Example:
        ```python
        rows = load_dataset("../shared/eval/dev.jsonl")
        print(len(rows), rows[0].expect)
        ```
    """
    path = Path(path)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise DatasetError(f"Dataset {path} {what}. Pass a .jsonl file.", code="not_found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"Dataset {path} is not UTF-8 text ({exc.reason} at byte "
                           f"{exc.start}).", code="not_text") from exc
    except OSError as exc:
        raise DatasetError(f"Cannot read dataset {path}: {exc.strerror}.", code="unreadable") from exc
    return parse_dataset(text.splitlines(), source=str(path))
