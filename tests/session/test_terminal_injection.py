"""Nothing injected into the terminal: control and bidi characters, rich markup in errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from massage_coach.store import paths

from ..clirunner import run

pytestmark = pytest.mark.usefixtures("home")

ESCAPE = "\x1b"
TRICKS = {
    "a title change": '"Long slow glides.\\e]0;pwned\\a"',
    "a screen clear": '"\\e[2JLong slow glides."',
    "a C1 control": '"Long slow \\x9b2J glides."',
    "a bell": '"Long slow glides.\\a"',
    "a bidi override": '"Long slow \\u202eglides."',
    "a zero-width space": '"Long\\u200b slow glides."',
}


@pytest.mark.parametrize("trick", TRICKS)
def test_a_control_or_format_character_in_content_is_a_located_error(
    trick: str, good_pack: Path
) -> None:
    stroke = good_pack / "strokes" / "effleurage.yaml"
    stroke.write_text(
        stroke.read_text().replace("cues: [Long slow glides.]", f"cues: [{TRICKS[trick]}]")
    )
    code, out, err = run("techniques", "--content", str(good_pack))
    assert code == 2 and ESCAPE not in out + err and "\u202e" not in err
    assert f"{stroke}:12: cues.0: the text holds a control or invisible character" in err


def test_a_profile_note_with_a_control_character_is_refused() -> None:
    code, _, err = run("profile", "add", "Anna", "--notes", "\x1b]0;pwned\x07Sore neck")
    assert code == 2
    assert "notes: holds a control or invisible character (ESC (U+001B))" in err
    assert ESCAPE not in err and not paths.profiles_dir().exists()


def test_a_hand_edited_profile_is_shown_without_its_control_characters() -> None:
    assert run("profile", "add", "Anna", "--notes", "Sore neck.")[0] == 0
    path = paths.profiles_dir() / "anna.yaml"
    path.write_text(path.read_text().replace("Sore neck.", '"\\e[2JSore \\u202eneck."'))
    for args in (("profile", "show", "Anna"), ("profile", "list", "--json")):
        code, out, _ = run(*args)
        assert code == 0 and ESCAPE not in out and "\u202e" not in out


def test_history_output_never_carries_a_stored_control_character() -> None:
    assert run("session", "--yes", "--minutes", "5", "--speed", "1000", "--cues", "silent")[0] == 0
    db = sqlite3.connect(paths.history_db())
    (session_id, record) = db.execute("SELECT id, record FROM sessions").fetchone()
    data = json.loads(record)
    data["profile"] = "Anna\x1b]0;pwned\x07"
    data["note"] = "\x1b[2JLovely \u202e."
    db.execute(
        "UPDATE sessions SET record = ?, profile = ?, note = ? WHERE id = ?",
        (json.dumps(data), data["profile"], data["note"], session_id),
    )
    db.commit()
    db.close()
    for args in (("history",), ("history", "--json"), ("history", "stats")):
        code, out, err = run(*args)
        assert code == 0, err
        assert ESCAPE not in out + err and "\u202e" not in out + err
    code, out, _ = run("history", "--json")
    assert json.loads(out)[0]["note"] == "\x1b[2JLovely \u202e."  # the data, escaped in JSON


def test_an_error_holding_markup_characters_prints_them_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MASSAGE_COACH_FOCUS", "[bold]upper[/bold]")
    code, _, err = run("plan", terminal=True)
    assert code == 2
    assert "MASSAGE_COACH_FOCUS='[bold]upper[/bold]'" in err
    assert "pattern" not in err and "^" not in err
