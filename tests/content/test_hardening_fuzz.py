"""Fuzzing the loader: random YAML and random mutations of real content files either load or
raise ContentError whose every problem names the file (and a line where the YAML has one).

Bounded so the whole suite stays fast: a fixed number of examples and a per-example deadline
(a hang or an exponential blow-up fails the deadline instead of stalling the run).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from massage_coach.content_files import bundled_content_dir
from massage_coach.errors import ContentError
from massage_coach.library import load_packs

from ..conftest import FIXTURES

GOOD = FIXTURES / "good"
REAL_FILES = sorted([*bundled_content_dir().glob("*/*.yaml"), *GOOD.glob("*/*.yaml")], key=str)
FILE_LEVEL = ("the file is empty", "file is over the")
"""Problems about a whole file, which has no line to point at."""

FUZZ = settings(
    # Twice the profile's examples: HYPOTHESIS_PROFILE=thorough (see conftest) for a longer hunt.
    max_examples=2 * settings.default.max_examples,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TOKENS = [
    "id: ", "name: ", "summary: ", "sections:", "strokes: ", "- ", "\n", "  ", "\t", "{", "}",
    "[", "]", ", ", ": ", "? ", "|", ">", "'", '"', "# c", "---", "...", "%YAML 1.1\n",
    "<<: ", "&a ", "*a", "&b ", "*b", "!!python/object/apply:os.system ", "!!binary ", "!!set ",
    "!!int ", "!custom ", "x", "rest", "1", "-3.5", "2001-02-30", "~", "=", "true", "\x00",
    "\ufeff", "é", "\r\n", "\\", "%", "@", "`",
]  # fmt: skip

KIND_FOR = {"strokes": "strokes", "areas": "areas", "guides": "guides", "oils": "oils"}

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12) | st.sampled_from(["id", "name", "sections"]),
                      children, max_size=5),
    max_leaves=25,
)  # fmt: skip


def assert_loads_or_reports_located_problems(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        load_packs([GOOD, path.parents[1]])
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.is_relative_to(path.parents[1]) or problem.path.is_relative_to(
                GOOD
            ), problem
            if problem.path == path and not problem.message.startswith(FILE_LEVEL):
                assert problem.line is not None and problem.line >= 1, problem
            assert "\n" not in str(problem)


WORK = Path(tempfile.mkdtemp(prefix="massage-coach-fuzz-"))


def pack_file(kind: str, name: str) -> Path:
    """A fresh one-file pack in a folder reused across examples (cheaper than a new one each)."""
    pack = WORK / "pack"
    for folder in pack.glob("*"):
        for old in folder.iterdir():
            old.unlink()
        folder.rmdir()
    (pack / kind).mkdir(parents=True)
    return pack / kind / f"{name}.yaml"


@FUZZ
@given(
    kind=st.sampled_from(list(KIND_FOR)),
    tokens=st.lists(st.sampled_from(TOKENS), max_size=60),
)
@example(kind="strokes", tokens=["!!int "])  # found by this test: an empty tagged int
def test_random_yaml_text_loads_or_fails_with_located_problems(
    kind: str, tokens: list[str]
) -> None:
    assert_loads_or_reports_located_problems(
        pack_file(kind, "rest"), "".join(tokens).encode("utf-8")
    )


@FUZZ
@given(kind=st.sampled_from(list(KIND_FOR)), data=documents)
def test_random_yaml_documents_load_or_fail_with_located_problems(kind: str, data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert_loads_or_reports_located_problems(pack_file(kind, "rest"), text.encode("utf-8"))


mutations = st.lists(
    st.tuples(
        st.sampled_from(["delete", "insert", "duplicate-line", "delete-line", "swap-lines"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=40),
        st.binary(max_size=8) | st.sampled_from([t.encode("utf-8") for t in TOKENS]),
    ),
    min_size=1,
    max_size=4,
)


def mutate(content: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for action, where, size, insert in edits:
        lines = content.split(b"\n")
        at = where % (len(content) + 1)
        line = where % len(lines)
        if action == "delete":
            content = content[:at] + content[at + size :]
        elif action == "insert":
            content = content[:at] + insert + content[at:]
        elif action == "duplicate-line":
            content = b"\n".join([*lines[: line + 1], lines[line], *lines[line + 1 :]])
        elif action == "delete-line":
            content = b"\n".join(lines[:line] + lines[line + 1 :])
        else:
            other = (line + size) % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
            content = b"\n".join(lines)
    return content


@FUZZ
@given(source=st.sampled_from(REAL_FILES), edits=mutations)
def test_mutated_real_content_loads_or_fails_with_located_problems(
    source: Path, edits: list[tuple[str, int, int, bytes]]
) -> None:
    path = pack_file(source.parent.name, source.stem)
    assert_loads_or_reports_located_problems(path, mutate(source.read_bytes(), edits))


@pytest.fixture(scope="module", autouse=True)
def _clean_up_work_folder() -> Iterator[None]:
    yield
    shutil.rmtree(WORK, ignore_errors=True)


def test_the_fuzz_sees_real_content_files() -> None:
    assert any(p.is_relative_to(bundled_content_dir()) for p in REAL_FILES)
    assert len(REAL_FILES) >= 10
