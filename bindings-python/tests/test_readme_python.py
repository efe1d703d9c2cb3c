"""bindings-python/README.md: every `python` block prints the `text` block after it."""

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
PAIRS = re.findall(r"```python\n(.*?)```\s*```text\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("snippet,expected", PAIRS, ids=[f"example-{i}" for i in range(len(PAIRS))])
def test_readme_example(snippet: str, expected: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet, str(README), "exec"), {"__name__": "readme"})
    assert out.getvalue() == expected


def test_examples_were_found() -> None:
    assert len(PAIRS) == 6
