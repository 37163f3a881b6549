"""`config set` and `config unset` change one key's lines: the user's comments, blank lines,
other keys and their quoting stay as written."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_coach.store import config, paths

from ..clirunner import run

pytestmark = pytest.mark.usefixtures("home")

# The file as the user annotated it, one piece per entry or run of comment / blank lines.
HEADER = "# Our massage defaults\n# (Sam likes it gentle)\n\n"
PRESSURE = "pressure: light   # Sam's back is sore\n"
MINUTES = "minutes: 30\n"
BETWEEN = "# areas we always do\n"
FOCUS = "focus:\n  - upper-back\n  - lower-back\n"
AVOID = "avoid: [neck, hips-glutes]\n"
BLANK = "\n"
CUES = "cues: 'soft'\n"
TRAILER = "# end of my notes\n"
PIECES = [HEADER, PRESSURE, MINUTES, BETWEEN, FOCUS, AVOID, BLANK, CUES, TRAILER]
VALUES: dict[str, Any] = {
    "pressure": "light",
    "minutes": 30,
    "focus": ["upper-back", "lower-back"],
    "avoid": ["neck", "hips-glutes"],
    "cues": "soft",
}


def _write_annotated() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("".join(PIECES))


def _file() -> str:
    return paths.config_file().read_text()


def _loaded() -> Any:
    return yaml.safe_load(_file())


@pytest.mark.parametrize(
    ("key", "value", "piece", "entry", "loaded"),
    [
        ("minutes", "45", MINUTES, "minutes: 45\n", 45),
        ("pressure", "medium", PRESSURE, "pressure: medium\n", "medium"),  # its comment goes
        ("focus", "upper-back", FOCUS, "focus:\n- upper-back\n", ["upper-back"]),
        ("avoid", "neck", AVOID, "avoid:\n- neck\n", ["neck"]),
        ("cues", "full", CUES, "cues: full\n", "full"),
    ],
)
def test_set_of_a_key_in_the_file_changes_only_its_lines(
    key: str, value: str, piece: str, entry: str, loaded: Any
) -> None:
    _write_annotated()
    code, _, err = run("config", "set", key, value)
    assert code == 0 and err == "", err
    assert _file() == "".join(entry if p == piece else p for p in PIECES)
    assert _loaded() == {**VALUES, key: loaded}


def test_set_of_a_new_key_appends_it_and_keeps_everything_else() -> None:
    _write_annotated()
    code, _, err = run("config", "set", "voice", "no")
    assert code == 0 and err == ""
    assert _file() == "".join(PIECES) + "voice: false\n"
    assert _loaded() == {**VALUES, "voice": False}
    assert config.load_config().value.voice is False


@pytest.mark.parametrize(
    ("key", "piece"),
    [
        ("pressure", PRESSURE),
        ("minutes", MINUTES),
        ("focus", FOCUS),
        ("avoid", AVOID),
        ("cues", CUES),
    ],
)
def test_unset_removes_only_the_lines_of_that_key(key: str, piece: str) -> None:
    _write_annotated()
    code, _, err = run("config", "unset", key)
    assert code == 0 and err == ""
    assert _file() == "".join(p for p in PIECES if p != piece)
    assert _loaded() == {k: v for k, v in VALUES.items() if k != key}


def test_a_comment_line_between_list_items_is_kept_above_the_new_value() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("minutes: 30\nfocus:\n- upper-back\n# Sam asked for this one\n- lower-back\n")
    assert run("config", "set", "focus", "lower-back")[0] == 0
    assert _file() == "minutes: 30\n# Sam asked for this one\nfocus:\n- lower-back\n"


def test_a_layout_the_editor_cannot_follow_is_rewritten_whole_and_says_so() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("--- # my defaults\nminutes: 30\ncues: silent\n")
    code, _, err = run("config", "set", "minutes", "40")
    assert code == 0
    assert err.strip() == "config.yaml was rewritten in full: its comments could not be kept"
    assert _file() == "minutes: 40\ncues: silent\n"
    assert run("config", "set", "minutes", "45")[2] == ""  # nothing more to say from then on


# -- property: any flat config, any set or unset ------------------------------------------

AREAS = st.lists(st.sampled_from(["upper-back", "lower-back"]), unique=True)
AVOIDED = st.lists(st.sampled_from(["neck", "hips-glutes"]), unique=True)
IDS = st.sampled_from(["lavender", "sunflower", "sweet-almond", "none"])
VALUE_OF: dict[str, st.SearchStrategy[Any]] = {
    "pressure": st.sampled_from(["light", "medium", "firm"]),
    "minutes": st.integers(5, 90),
    "focus": AREAS,
    "avoid": AVOIDED,
    "oil": IDS,
    "carrier": IDS.filter(lambda oil: oil != "none"),
    "cues": st.sampled_from(["full", "soft", "silent"]),
    "voice": st.booleans(),
    "countdown": st.booleans(),
    "content_packs": st.lists(st.sampled_from(["/srv/pack-a", "/srv/pack-b"]), unique=True),
    "giver_break_every_minutes": st.integers(5, 60),
    "giver_break_seconds": st.integers(30, 300),
    "daily_load_limit": st.integers(1, 1000).map(float),
    "weekly_load_limit": st.integers(1, 5000).map(float),
    "rest_between_sessions_minutes": st.integers(0, 720),
}
assert set(VALUE_OF) == set(config.KEYS)

COMMENTS = st.lists(
    st.text(st.characters(codec="ascii", categories=["L", "N", "P", "Zs"]), max_size=20).map(
        lambda words: f"# {words}\n"
    )
    | st.just("\n")
    | st.just("    # indented note\n"),
    max_size=3,
)


@st.composite
def _entry(draw: st.DrawFn, key: str) -> str:
    value = draw(VALUE_OF[key])
    if isinstance(value, list):
        style = draw(st.sampled_from(["flow", "block", "indented"]))
        if style == "flow" or not value:
            return f"{key}: [{', '.join(value)}]\n"
        pad = "  " if style == "indented" else ""
        return f"{key}:\n" + "".join(f"{pad}- {item}\n" for item in value)
    if isinstance(value, bool):
        shown = draw(st.sampled_from(["true", "yes", "on"] if value else ["false", "no", "off"]))
    elif isinstance(value, str):
        shown = draw(st.sampled_from([value, f"'{value}'", f'"{value}"']))
    else:
        shown = str(value)
    tail = draw(st.sampled_from(["", "  # why"]))
    return f"{key}: {shown}{tail}\n"


@st.composite
def _configs(draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    """The file's pieces, and the entry of each key in it."""
    keys = draw(st.lists(st.sampled_from(config.KEYS), unique=True, max_size=8))
    pieces = [*draw(COMMENTS)]
    entries = {}
    for key in keys:
        entries[key] = draw(_entry(key))
        pieces += [entries[key], *draw(COMMENTS)]
    return pieces, entries


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_configs(), st.data())
def test_set_and_unset_keep_every_comment_and_every_other_key_as_written(
    made: tuple[list[str], dict[str, str]], data: st.DataObject
) -> None:
    pieces, entries = made
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    original = "".join(pieces)
    path.write_text(original)
    before = yaml.safe_load(original) or {}
    key = data.draw(st.sampled_from(config.KEYS))
    if key in entries and data.draw(st.booleans()):
        config.unset_value(key)
        intended = {k: v for k, v in before.items() if k != key}
    else:
        value = data.draw(VALUE_OF[key].filter(lambda v: v != []))  # [] clears the key
        loaded = config.set_value(key, _text(value))
        assert loaded.notices == []
        intended = {**before, key: getattr(loaded.value, key)}
        if key == "content_packs":
            intended[key] = [str(folder) for folder in intended[key]]
    after = path.read_text()
    assert _comment_lines(after) == _comment_lines(original)
    for other, entry in entries.items():
        if other != key:
            assert entry in after
    assert (yaml.safe_load(after) or {}) == intended
