"""The live screen, drawn: fits 80x24, grows with the terminal, shows the states a giver must
see."""

from __future__ import annotations

import pytest
from rich.console import Console

from massage_coach.frame import Frame
from massage_coach.library import load_library
from massage_coach.models import Library
from massage_coach.render.digits import big_digits, big_word
from massage_coach.render.live import session_screen

from ..conftest import FIXTURES
from ..session.test_runner import READY, Session, paused_and_asked_to_quit


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(FIXTURES / "good")


@pytest.fixture(scope="module")
def session() -> Session:
    return paused_and_asked_to_quit()


def draw(frame: Frame, library: Library, width: int = 80, height: int = 24) -> list[str]:
    console = Console(width=width, height=height, color_system=None, force_terminal=False)
    with console.capture() as capture:
        console.print(session_screen(frame, library, width, height))
    return capture.get().splitlines()


def test_the_screen_fits_80_by_24(session: Session, library: Library) -> None:
    for _, frame in session.view.frames[::50]:
        lines = draw(frame, library)
        assert len(lines) <= 24
        assert all(len(line) <= 80 for line in lines)


def test_a_wider_terminal_gets_a_wider_screen(session: Session, library: Library) -> None:
    frame = session.view.at(READY + 50)
    assert max(len(line.rstrip()) for line in draw(frame, library, 140)) > 90


def test_a_large_terminal_gets_a_countdown_twice_as_big(session: Session, library: Library) -> None:
    frame = session.view.at(READY + 50)
    big = big_digits("3:10", 2)
    assert len(big) == 10 and len(big[0]) == 2 * len(big_digits("3:10")[0])
    lines = draw(frame, library, 120, 40)
    assert any(line.startswith(big[0]) for line in lines) and len(lines) <= 40
    assert not any(line.startswith(big[0]) for line in draw(frame, library, 80, 24))


def test_a_narrow_terminal_still_shows_every_key(session: Session, library: Library) -> None:
    lines = draw(session.view.at(READY + 50), library, 60, 20)
    assert all(len(line) <= 60 for line in lines) and not any("…" in line for line in lines[-2:])
    assert "space pause" in lines[-2] and lines[-1].rstrip().endswith("q quit")


@pytest.mark.parametrize(("width", "height"), [(60, 24), (60, 20), (80, 24), (60, 8)])
def test_the_stop_and_quit_keys_are_on_screen_for_every_step_of_a_real_plan(
    width: int, height: int
) -> None:
    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.models import Pressure
    from massage_coach.render.live import screen_lines
    from massage_coach.routine import Choices

    content = bundled_library()
    plan = planner.plan(Choices(minutes=30, heat=True, tools=("massage-balls",)), content)
    for index, step in enumerate(plan.steps):
        frame = Frame(
            index=index, count=len(plan.steps), entry=index, step=step, next_step=None,
            step_left=step.seconds, elapsed=0, remaining=1800, pressure=Pressure.medium,
            answer="more", message="Firmer: firm from now on (this step stays light)",
        )  # fmt: skip
        lines = [line.plain for line in screen_lines(frame, content, width, height)]
        assert len(lines) <= height and all(len(line) <= width for line in lines)
        assert "! stop" in "\n".join(lines[-2:]) and lines[-1].endswith("q quit")


def test_the_running_screen_shows_the_step_countdown_progress_next_and_keys(
    session: Session, library: Library
) -> None:
    text = "\n".join(draw(session.view.at(READY + 50), library))
    assert "Step 1 of 9" in text and "EFFLEURAGE" in text and "whole back" in text
    lines = text.splitlines()
    digits = big_digits("3:10")
    first = next(i for i, line in enumerate(lines) if line.startswith(digits[0]))
    assert all(lines[first + i].startswith(row) for i, row in enumerate(digits))
    assert "0:50 done · 29:10 left" in text
    # The time until the next step comes (3:10), not its length.
    assert "Next in 3:10: Petrissage · their left upper back and shoulders · medium" in text
    assert "space pause" in text and "q quit" in text


def test_paused_count_in_and_quit_question_are_on_screen(
    session: Session, library: Library
) -> None:
    assert "PAUSED" in "\n".join(draw(session.view.at(READY + 120), library))
    assert "Quit the session?" in "\n".join(draw(session.view.at(READY + 155), library))
    assert "GET READY" in "\n".join(draw(session.view.frames[0][1], library))


def test_a_check_in_shows_its_question_and_the_answer(session: Session, library: Library) -> None:
    text = "\n".join(draw(session.view.at(READY + 840 + 43 + 6), library))
    assert "CHECK-IN" in text and "more, less or the same?" in text and "Answer: more" in text


def test_the_worked_area_is_lit_on_the_back_diagram(session: Session, library: Library) -> None:
    console = Console(width=80, height=24, color_system="truecolor", force_terminal=True)
    frame = session.view.at(READY + 300)  # upper back, left side
    with console.capture() as capture:
        console.print(session_screen(frame, library, 80))
    assert "on bright_yellow" not in capture.get()  # styles are rendered, not printed
    assert "\x1b[1;30;103m" in capture.get()  # bold black on bright yellow


def test_big_digits_are_five_rows_of_blocks() -> None:
    rows = big_digits("12:05")
    assert len(rows) == 5 and len({len(row) for row in rows}) == 1
    assert set("".join(rows)) <= {"█", " "}


def test_the_header_shows_the_level_of_this_step_never_a_firmer_one(library: Library) -> None:
    plain = Session().run()  # a medium session whose warm-up is light
    warm_up = draw(plain.view.at(READY + 50), library)[0]
    assert "pressure light (session medium)" in warm_up
    kneading = draw(plain.view.at(READY + 300), library)[0]
    assert "pressure medium" in kneading and "session" not in kneading


@pytest.mark.parametrize("width", [40, 50, 60, 80, 120])
def test_a_narrow_header_drops_words_never_the_paused_or_quit_state(width: int) -> None:
    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.models import Pressure
    from massage_coach.render.live import screen_lines
    from massage_coach.routine import Choices

    content = bundled_library()
    plan = planner.plan(Choices(minutes=30, pressure=Pressure.firm), content)
    neck = next(i for i, s in enumerate(plan.steps) if s.area == "neck")  # light, session firm
    base = {
        "index": neck, "count": len(plan.steps), "entry": neck, "step": plan.steps[neck],
        "next_step": None, "step_left": 60, "elapsed": 0, "remaining": 1800,
        "pressure": Pressure.firm,
    }  # fmt: skip
    paused = [line.plain for line in screen_lines(Frame(**base, paused=True), content, width)]
    assert len(paused[0]) <= width and "PAUSED" in paused[0] and "light" in paused[0]
    assert ("(session firm)" in paused[0]) is (width >= 80)
    asking = [line.plain for line in screen_lines(Frame(**base, confirm_quit=True), content, width)]
    assert "QUIT?" in asking[0] and len(asking[0]) <= width
    question = next(line for line in asking if "y = quit" in line)
    assert question.strip().endswith("go on") and len(question) <= width


def _real_plan_frames(**changes: object) -> tuple[Library, list[Frame]]:
    """A frame for every step of a real 30-minute plan (with oil, tools and heat)."""
    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.models import Pressure
    from massage_coach.routine import Choices

    content = bundled_library()
    choices = Choices(minutes=30, oil="jojoba", heat=True, tools=("massage-balls",))
    plan = planner.plan(choices, content)
    frames = []
    for index, step in enumerate(plan.steps):
        nxt = plan.steps[index + 1] if index + 1 < len(plan.steps) else None
        values: dict[str, object] = {
            "index": index, "count": len(plan.steps), "entry": index, "step": step,
            "next_step": nxt, "step_left": 42, "elapsed": 300, "remaining": 1500,
            "pressure": Pressure.medium,
        }  # fmt: skip
        values.update(changes)
        frames.append(Frame(**values))  # type: ignore[arg-type]
    return content, frames


def _plain(frame: Frame, content: Library, width: int, height: int, **kw: object) -> list[str]:
    from massage_coach.render.live import screen_lines

    lines = [line.plain for line in screen_lines(frame, content, width, height, **kw)]  # type: ignore[arg-type]
    assert len(lines) <= height and all(len(line) <= width for line in lines)
    return lines


@pytest.mark.parametrize(("width", "height"), [(60, 15), (80, 24), (160, 48)])
def test_the_instruction_is_the_headline_in_plain_words_at_every_size(
    width: int, height: int
) -> None:
    """From a metre away: what to do, where on their body and how firmly, whole, near the top;
    the countdown's digits whole; the keys to stop and quit; no word cut by the edge."""
    content, frames = _real_plan_frames()
    for frame in frames:
        lines = _plain(frame, content, width, height, finishes="21:40")
        text = "\n".join(lines)
        step = frame.step
        if step.stroke == "petrissage" and step.side:
            if width >= 120:  # the action word in block letters, the rest under it
                assert "\n".join(big_word("KNEADING") or []) in text
                assert f"\ntheir {step.side} " in text
            else:
                assert f"KNEADING · their {step.side} " in text.replace("\n", " ")
            assert "Petrissage" in text  # the technical name, smaller, below
            assert "left and right are the recipient's" in text
        digits = big_digits("0:42", 2 if width >= 120 and height >= 34 else 1)
        first = next(i for i, line in enumerate(lines) if line.startswith(digits[0]))
        assert all(lines[first + i].startswith(row) for i, row in enumerate(digits))
        assert "! stop" in text and lines[-1].endswith("q quit")
        assert not any("…" in line for line in lines[:4])  # the headline is never cut
        if step.kind.value == "check-in":
            assert "more, less or the same?" in text and "+ more" in text and "= same" in text


@pytest.mark.parametrize(("width", "height"), [(80, 24), (160, 48)])
def test_the_screen_says_when_it_finishes_and_when_the_next_step_comes(
    width: int, height: int
) -> None:
    content, frames = _real_plan_frames()
    lines = _plain(frames[3], content, width, height, finishes="21:40")
    text = "\n".join(lines)
    assert "finishes at 21:40" in text and "Next in 0:42: " in text
    assert "5:00 done · 25:00 left" in text


def test_a_large_terminal_uses_its_height_and_keeps_the_diagram_beside_the_countdown() -> None:
    content, frames = _real_plan_frames()
    side = next(f for f in frames if f.step.side)
    lines = _plain(side, content, 160, 48, finishes="21:40")
    assert len(lines) >= 44
    digits_row = next(line for line in lines if line.startswith("████"))
    assert len(digits_row.rstrip()) <= 100  # the diagram is next to the digits, not at the edge


@pytest.mark.parametrize(("width", "height"), [(59, 15), (60, 14), (40, 10)])
def test_below_60_by_15_a_compact_screen_keeps_headline_time_and_keys(
    width: int, height: int
) -> None:
    content, frames = _real_plan_frames(message="Softer: light from now on")
    for frame in frames:
        lines = _plain(frame, content, width, height)
        text = " ".join(lines)
        assert "0:42" in text and lines[-1].endswith("q quit") and "! stop" in text
        assert frame.step.kind.value != "check-in" or "+ more" in text
    kneading = next(f for f in frames if f.step.stroke == "petrissage" and f.step.side)
    text = " ".join(_plain(kneading, content, width, height))
    assert "KNEADING" in text and "their" in text


def test_notices_that_changed_the_session_are_on_screen_during_the_count_in() -> None:
    content, frames = _real_plan_frames(get_ready=3)
    notice = "Shortened to 13 minutes, to finish by 08:20."
    text = "\n".join(_plain(frames[0], content, 80, 24, notices=[notice]))
    assert "Before you start:" in text and notice in text
    content, frames = _real_plan_frames()
    assert notice not in "\n".join(_plain(frames[0], content, 80, 24, notices=[notice]))


def test_notices_cut_short_by_the_window_end_with_an_ellipsis() -> None:
    """More notices than the count-in has room for: the last line shown says that more was
    cut (they were all printed before the screen), never a sentence ending in mid-air."""
    content, frames = _real_plan_frames(get_ready=3)
    notices = [
        f"Notice number {i}, long enough to wrap onto a second line of its own." for i in range(9)
    ]
    lines = _plain(frames[0], content, 80, 24, notices=notices)
    shown = [line[:55].rstrip() for line in lines]
    last = max(i for i, line in enumerate(shown) if line.startswith(("Notice", "long", "of")))
    assert "Notice number 8" not in "\n".join(lines)
    assert shown[last].endswith("…")
    few = _plain(frames[0], content, 80, 24, notices=notices[:1])
    assert not any(line[:55].rstrip().endswith("…") for line in few)


def test_the_diagram_draws_the_hands_path_of_the_stroke_on_the_area() -> None:
    content, frames = _real_plan_frames()
    kneading = next(f for f in frames if f.step.stroke == "petrissage" and f.step.side == "left")
    lines = _plain(kneading, content, 80, 24)
    marks = [line[56:] for line in lines if "≈" in line[56:]]
    assert marks  # kneading marks beside the spine, in the diagram column
    middle = 56 + 2 + 10  # the diagram's spine, seen from behind
    assert all(line.index("≈") + 56 < middle for line in marks)  # their left: the left half
    glide = next(f for f in frames if f.step.stroke == "effleurage" and f.step.area is None)
    text = "\n".join(_plain(glide, content, 80, 24))
    assert "↑" in text and "↖" in text and "↗" in text  # up beside the spine, out at the top


def test_techniques_and_areas_show_the_same_path_picture() -> None:
    from ..clirunner import run

    code, out, _ = run("techniques", "effleurage")
    assert code == 0
    assert "The hands' path for gliding: up beside the spine, then out over the shoulders" in out
    assert "^" in out and "\\" in out  # piped: plain marks
    code, out, _ = run("areas", "lower-back")
    assert code == 0 and "The hands' path for" in out
    picture = out[: out.index("The hands' path")]
    assert picture.count("^") >= 2 and "/" in picture


def test_the_oil_step_reads_apply_oil_even_with_the_plain_carrier() -> None:
    from massage_coach import planner
    from massage_coach.library import bundled_library
    from massage_coach.models import Pressure
    from massage_coach.render.words import headline
    from massage_coach.routine import Choices, StepKind

    content = bundled_library()
    plan = planner.plan(Choices(minutes=10, pressure=Pressure.medium), content)
    oil = next(s for s in plan.steps if s.kind is StepKind.prep and s.why == "oil")
    assert headline(oil, content).plain.startswith("APPLY OIL")


def test_a_sided_whole_back_step_says_which_side_of_their_back() -> None:
    from massage_coach.library import bundled_library
    from massage_coach.models import Pressure
    from massage_coach.render.words import headline
    from massage_coach.routine import Step, StepKind
    from massage_coach.session.cues import speech_namer

    content = bundled_library()
    step = Step(
        start=0, seconds=60, kind=StepKind.stroke, stroke="effleurage", side="left",
        pressure=Pressure.light, cue="Long glides.", why="warm-up",
    )  # fmt: skip
    assert headline(step, content).plain == "GLIDING · the left side of their back · light"
    assert speech_namer(content)(step) == ("gliding", "the left side of their back")


def test_no_notice_on_screen_has_doubled_punctuation() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from massage_coach.render.words import as_sentence

    content, frames = _real_plan_frames(get_ready=3)
    notice = "The plan is adjusted: nobody answered the safety questions."
    for given_as in (notice, notice + ".", notice[:-1] + ":.", notice[:-1] + " ."):
        text = "\n".join(_plain(frames[0], content, 160, 48, notices=[given_as]))
        assert notice in text and "questions.." not in text and ":." not in text

    marks = st.text(alphabet=".:,?", max_size=3)
    spaces = st.sampled_from(["", " "])
    part = st.tuples(st.sampled_from(["word", "1.5"]), spaces, marks)

    @given(st.lists(part, max_size=8))
    def one_mark_at_each_join(parts: list[tuple[str, str, str]]) -> None:
        said = as_sentence(" ".join(word + space + mark for word, space, mark in parts))
        for pair in ("..", ":.", ",.", "?.", ". ."):
            assert pair not in said
        assert not said or said[-1] in ".!?"

    one_mark_at_each_join()


def test_a_large_terminal_draws_the_action_word_in_block_letters_80x24_does_not() -> None:
    content, frames = _real_plan_frames()
    kneading = next(f for f in frames if f.step.stroke == "petrissage" and f.step.side)
    big = _plain(kneading, content, 160, 48, finishes="21:40")
    rows = big_word("KNEADING")
    assert rows is not None and len(rows) == 5 and all("██" in row for row in rows)
    assert big[2:7] == rows  # under the header and a spare line, before anything else
    assert big[7].startswith(f"their {kneading.step.side} upper back")
    assert "! stop" in big[-1] and big[-1].endswith("q quit")
    small = _plain(kneading, content, 80, 24, finishes="21:40")
    assert small[2].startswith(f"KNEADING · their {kneading.step.side} upper back")
    assert not any(row in "\n".join(small) for row in rows)
    assert "! stop" in small[-1] and small[-1].endswith("q quit")


def test_a_cue_cut_short_by_a_small_window_ends_with_an_ellipsis() -> None:
    """At 60x15 a long cue has two lines beside the diagram: the last one shown says that more
    was cut, never a sentence stopping in mid-air; a cue shown whole has no ellipsis."""
    from massage_coach.render.words import shown_cue

    content, frames = _real_plan_frames()
    seen = set()
    for frame in frames:
        left = [line[:36].rstrip() for line in _plain(frame, content, 60, 15)]
        whole = " ".join(shown_cue(frame).split()) in " ".join(left)
        seen.add(whole)
        assert any(line.endswith("…") for line in left) is not whole, frame.step.cue
    assert seen == {True, False}  # both kinds of cue were drawn
