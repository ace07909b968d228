"""Prompts for chat models: versioned files under `tools/prompts/`, rendered with
allow-listed variables only; the user's text goes in a message of its own, delimited.

A prompt file is `<name>.v<N>.txt`, a `string.Template` (`$variable`). Changing a prompt
means adding the next version, so a recorded eval names the prompt it was made with.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from string import Template

from tools.errors import SeggraphError

__all__ = ["PROMPTS", "Prompt", "prompt", "delimited"]

_DIR = Path(__file__).parent / "prompts"

# prompt name -> (version in use, the variables it may use)
PROMPTS: dict[str, tuple[int, frozenset[str]]] = {
    # v2: worked examples of the tenant (`tools.model_reading.examples_for`)
    "map_facets": (2, frozenset({"noun", "candidates", "terms", "dates", "examples"})),
}


class Prompt:
    """One prompt file, checked: it uses only its allowed variables.

    Attributes:
        id: "<name>.v<N>", recorded with every model answer.
    """

    def __init__(self, name: str, version: int, allowed: frozenset[str]) -> None:
        self.id = f"{name}.v{version}"
        self._template = Template((_DIR / f"{self.id}.txt").read_text(encoding="utf-8"))
        used = set(self._template.get_identifiers())
        if not self._template.is_valid() or used - allowed:
            raise SeggraphError(f"prompt {self.id} uses variables outside "
                                f"{sorted(allowed)}: {sorted(used - allowed)}", code="config")
        self.variables = frozenset(used)

    def render(self, **values: str) -> str:
        """The prompt text with `values` put in.

        Raises:
            SeggraphError: a variable missing or not allowed (code "config").
        """
        if set(values) != self.variables:
            raise SeggraphError(f"prompt {self.id} takes {sorted(self.variables)}, got "
                                f"{sorted(values)}", code="config")
        return self._template.substitute(values)


@cache
def prompt(name: str) -> Prompt:
    """The prompt `name` at the version in use (`PROMPTS`), loaded once.

    Raises:
        KeyError: no such prompt.
        SeggraphError: the file uses variables it may not.
    """
    version, allowed = PROMPTS[name]
    return Prompt(name, version, allowed)


_TAG = re.compile(r"</?\s*request\s*>", re.I)


def delimited(text: str) -> str:
    """The user's text as data between <request> tags (tags inside it are removed, so it
    cannot close the block and speak as the system)."""
    return f"<request>\n{_TAG.sub(' ', text)}\n</request>"
