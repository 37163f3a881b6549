"""The typer app, the console, and the one place where project errors become exit codes.

Only typer and the light error module are imported here: `--help` and shell completion must not
pay for pydantic, YAML or the content. Commands import what they need when they run.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import MarkupMode, TyperCommand, TyperGroup
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo

from ..errors import CoachError, ContentError, ExitCode
from .typer_internals import defer_coercion, without_python_types

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType

F = TypeVar("F", bound=Callable[..., Any])

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
"""The `--json` flag every listing and detail command shares."""

OUTPUT_LOST = frozenset({32, 28, 5, 9, 27})
"""EPIPE, ENOSPC, EIO, EBADF, EFBIG (as numbers: errno is not worth importing at start-up)."""


def _guarded(fn: F) -> F:
    """Turn the project's errors into one clear message and exit 2; Ctrl-C into a clean exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CoachError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            error_console().print("Stopped.")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except OSError as exc:
            if exc.errno not in OUTPUT_LOST:
                raise
            raise typer.Exit(output_lost(exc)) from None

    return wrapper  # type: ignore[return-value]


def output_lost(exc: OSError) -> int:
    """The output is gone: end quietly after a closed pipe (as `... | head` expects), with one
    line on stderr otherwise; the exit code. Standard output is pointed at the null device, so
    nothing fails again on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if exc.errno == 32:  # EPIPE
        return ExitCode.BROKEN_PIPE
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"massage-coach: the output could not be written ({exc.strerror}).\n")
        sys.stderr.flush()
    return ExitCode.OUTPUT_FAILED


def _is_terminal(stream: Any) -> bool:
    """rich's rule, without importing rich: FORCE_COLOR (or TTY_COMPATIBLE=1) means a
    terminal, otherwise whether the stream is a tty."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _PlainWhenPiped:
    """typer draws help and usage errors in rich boxes; when they do not go to a terminal,
    click's plain text is printed instead. A bad value's reason loses pydantic's wording
    ("Value error, ", "Input should be"), which typer passes on from its coercion."""

    rich_markup_mode: MarkupMode

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not _is_terminal(sys.stderr):  # usage errors go to stderr
            self.rich_markup_mode = None
        parent: Any = super()
        return parent.main(*args, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        mode = self.rich_markup_mode
        if not _is_terminal(sys.stdout):
            self.rich_markup_mode = None
        without_python_types(self.get_params(ctx))  # type: ignore[attr-defined]
        parent: Any = super()
        try:
            parent.format_help(ctx, formatter)
        finally:
            self.rich_markup_mode = mode

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        parent: Any = super()
        try:
            rest: list[str] = parent.parse_args(ctx, args)
            return rest
        except typer.BadParameter as exc:
            reason = exc.message.removeprefix("Value error, ")
            if reason.startswith("Input should be "):  # "Input should be a valid integer, ..."
                reason = "It should be " + reason.removeprefix("Input should be ").split(",")[0]
                reason = reason.rstrip(".") + "."
            exc.message = reason
            raise


class CoachGroup(_PlainWhenPiped, TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        """The top level lists its commands in the order of COMMANDS, whatever order their
        modules were imported in; a group lists its own in the order they were written."""
        names: list[str] = super().list_commands(ctx)
        if ctx.parent is None:
            order = {name: index for index, name in enumerate(COMMANDS)}
            names.sort(key=lambda name: order.get(name, len(order)))
        return names


class CoachCommand(_PlainWhenPiped, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)


class CoachTyper(typer.Typer):
    """A Typer whose commands all report project errors the same way, and start quickly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", CoachGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        kwargs.setdefault("cls", CoachCommand)

        def decorator(fn: F) -> F:
            if kwargs.get("help") is None and fn.__doc__:
                kwargs["help"] = unwrapped_help(fn.__doc__)
            typer.Typer.command(self, *args, **kwargs)(_guarded(fn))
            return fn

        return decorator

    def for_argv(self, argv: list[str]) -> typer.Typer:
        """The app to run for `argv`: narrowed to the command it names, annotations resolved."""
        app = self.narrowed(argv)
        _resolve_annotations(app)
        return app

    def narrowed(self, argv: list[str]) -> typer.Typer:
        """This app with only the command (or group) `argv` starts with, if it names one.

        typer builds every command of the app, options and all, on each run; as commands are
        added that becomes a good part of a sub-command's start-up. The narrowed app runs the
        one named exactly as the whole app would. The top-level `--help` gets the list of
        COMMANDS, names and help lines only. Anything else (options, a typo
        that deserves a "did you mean", shell completion, which reads its words from the
        environment) gets the whole app.
        """
        if argv in HELP_ARGS or (not argv and not completing()):
            return self._listing()  # no arguments at all shows the same help
        if not argv:
            return self
        commands = [c for c in self.registered_commands if _command_name(c) == argv[0]]
        groups = [g for g in self.registered_groups if g.name == argv[0]]
        if len(commands) + len(groups) != 1:
            return self
        narrow = copy.copy(self)
        narrow.registered_commands, narrow.registered_groups = commands, groups
        if narrow.registered_callback is None:
            # With one command and no callback typer would make that command the whole
            # program; an empty callback keeps it a group, so argv parses the same way.
            narrow.registered_callback = TyperInfo(callback=_no_options)
        return narrow

    def _listing(self) -> typer.Typer:
        """The app for the top-level help: each command and group from COMMANDS as its name and
        help line only. It shows no command's options, so no command module is imported and
        typer builds nothing but the list (tests check it against the whole app's help)."""
        listing = copy.copy(self)
        listing.registered_commands = [_listed(name, line) for name, (_, line) in COMMANDS.items()]
        listing.registered_groups = []
        return listing


def unwrapped_help(doc: str) -> str:
    """A docstring as help text: each paragraph on one line, so it wraps at the terminal's width.

    typer's rich help keeps the line breaks of every paragraph after the first, which breaks
    lines in the middle on any width but the source's. A paragraph starting with \\b (click's
    "keep as written") is left alone.
    """
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split("\n")) for p in paragraphs)


def _resolve_annotations(app: typer.Typer) -> None:
    """Evaluate the string annotations (`from __future__ import annotations`) of the commands
    typer is about to build, once: typer evaluates them six times per command as it builds it."""
    callbacks = [c.callback for c in app.registered_commands]
    if app.registered_callback is not None:
        callbacks.append(app.registered_callback.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _resolve_annotations(group.typer_instance)
    for callback in callbacks:
        if callback is None or not any(
            isinstance(a, str) for a in callback.__annotations__.values()
        ):
            continue
        hints = typing.get_type_hints(callback, include_extras=True)
        # The registered callback wraps the command; typer reads both.
        for fn in {callback, inspect.unwrap(callback)}:
            fn.__annotations__ = hints


def _listed(name: str, line: str) -> CommandInfo:
    """A command as the top-level help lists it: its name and help line, no parameters."""

    def listed() -> None:
        """Never run: the listing only shows the command's name and help."""

    return CommandInfo(name=name, callback=listed, help=line)


def _command_name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return get_command_name(info.callback.__name__) if info.callback else None


def _no_options() -> None:
    """The narrowed app's group callback: no options of its own, nothing to do."""


ASK_ATTEMPTS = 3
"""A typed answer that is refused (a rating, a profile field) is asked for at most this often."""

HELP_ARGS = (["--help"], ["-h"])
"""The command lines that show the top-level help (as does no argument at all, unless the shell
is asking for completions)."""


def completing() -> bool:
    """True when the shell runs us for completions: typer's `_<PROGRAM>_COMPLETE` variable,
    named after however the program was called (`_MASSAGE_COACH_COMPLETE`, or another name
    for a link to it)."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


COMMANDS: dict[str, tuple[str, str]] = {
    "session": (
        "session",
        "Run a guided massage: screening and prep, a live countdown with cues, then aftercare.",
    ),
    "plan": (
        "plan",
        "Plan a timed routine from your choices and show it, without starting a session.",
    ),
    "routines": (
        "routines",
        "Named routines to start a plan or session from (`plan --routine NAME`).",
    ),
    "techniques": ("reference", "The five strokes: what each is, how and when to use it."),
    "areas": ("reference", "The parts of the back the coach works on, and the rules for each."),
    "oils": (
        "reference",
        "Carrier and essential oils: dilution, patch test, and who should avoid each.",
    ),
    "tools": (
        "reference",
        "Massage balls, massagers, rollers and heat: how to use them safely.",
    ),
    "guide": ("reference", "Tips, honest benefits, and the signals to stop at once."),
    "checklist": (
        "checklist",
        "List the checklists, or tick through one: y / n / s, one key each, then a summary.",
    ),
    "profile": (
        "profile",
        "Remember the people you massage: pressure, focus, areas to avoid, allergies, notes.",
    ),
    "history": (
        "history",
        "Past sessions (newest first); `history stats` for minutes, people, areas and load.",
    ),
    "config": (
        "config",
        "Your defaults (pressure, minutes, cues, voice, focus, giver breaks, ...).",
    ),
    "content": (
        "content",
        "Write, check and list content packs: your own strokes, areas, oils, tools, lists.",
    ),
}
"""Every command (or group), in the order of the top-level help: the module that registers it
(`cli/<module>.py`, imported only when the command runs) and the first paragraph of its help,
which the top-level help shows without importing the module. A test checks both against what
the modules register."""

app = CoachTyper(
    name="massage-coach",
    help="A hands-free coach for giving a safe, relaxing back massage.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(wanted: bool) -> None:
    if wanted:
        from .. import __version__

        print(f"massage-coach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """The options before the command (the app's help is given above)."""


def console() -> Console:
    from rich.console import Console

    return _raising_on_broken_pipe(Console(highlight=False, emoji=False))


def error_console() -> Console:
    from rich.console import Console

    return _raising_on_broken_pipe(Console(stderr=True, highlight=False, emoji=False))


def _raising_on_broken_pipe(out: Console) -> Console:
    """rich ends the program on a broken pipe (SystemExit 1, nothing said, nothing saved); the
    error is raised instead, so a running session is saved before the program ends."""

    def raise_it() -> None:
        raise BrokenPipeError(32, "Broken pipe")

    out.on_broken_pipe = raise_it  # type: ignore[method-assign]
    return out


def report_error(exc: CoachError) -> None:
    """One red line per problem (a content error may hold several), on stderr. The message is
    text, never markup (a `[` in a pattern or a file name prints as it is), and a control
    character in it (from a file name or a value) is made inert."""
    from rich.text import Text

    from ..safe_text import sanitise

    out = error_console()
    lines = [str(p) for p in exc.problems] if isinstance(exc, ContentError) else [str(exc)]
    if isinstance(exc, ContentError):
        out.print(f"[bold red]Content error[/] ({len(lines)} problem{'s' * (len(lines) > 1)}):")
    for line in lines:
        out.print(Text(sanitise(line), style="red"), soft_wrap=True, highlight=False)


def show(renderable: RenderableType) -> None:
    """Print a renderable; it draws itself for the console (styled in a terminal, plain when
    piped: see `render.adaptive`).

    Piped, rich pads each line to the width of its table or panel; the padding is stripped so
    the text diffs, greps and pastes cleanly.
    """
    out = console()
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable, crop=False)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().split("\n")))
    sys.stdout.flush()


def warn(notices: list[str]) -> None:
    """Tell the user about damaged or unsaved files, one yellow line each, on stderr (as
    text: a file name or a value in it never reads as markup)."""
    from rich.text import Text

    from ..safe_text import sanitise

    out = error_console()
    for notice in notices:
        out.print(Text(sanitise(notice), style="yellow"), soft_wrap=True, highlight=False)


def emit_json(data: Any) -> None:
    import json

    from ..safe_text import escape_in_json

    sys.stdout.write(escape_in_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def complete_from(
    kind: str, extra: Callable[[Sequence[Path]], list[str]] | None = None
) -> Callable[..., list[str]]:
    """Shell completion from content file names (no parsing, so it stays instant), from the
    bundled content, the configured packs, the user's content folder and the `--content`
    folders typed so far (typer hands over the context as `ctx`, its options parsed)."""

    def complete(incomplete: str, ctx: Any = None) -> list[str]:
        from pathlib import Path

        from .completion import content_ids

        given = ctx.params.get("content") if ctx is not None else None
        typed = [Path(folder).expanduser() for folder in given or ()]
        names = content_ids(kind, typed) + (extra(typed) if extra else [])
        return [n for n in names if n.startswith(incomplete)]

    return complete
