"""The typer app, the console, and the one place where project errors become exit codes.

Only typer and the light error and name modules are imported here: `--help` and shell
completion must not pay for pydantic, YAML or the content. Each command's module is imported
when the command is used (`LazyGroup`, from the table `COMMANDS`), and commands import what they
need when they run.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable, Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer
import typer.main
from typer.core import MarkupMode, TyperCommand, TyperGroup

from .. import __version__
from ..errors import CoachError, ContentError, ExitCode
from ..names import suggest
from .typer_internals import defer_coercion, without_python_types

if TYPE_CHECKING:
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
    """A terminal that draws boxes and colours, by rich's rule without importing rich:
    FORCE_COLOR (or TTY_COMPATIBLE=1) means a terminal, otherwise whether the stream is a tty;
    a dumb one (TERM=dumb or unknown) gets plain text, as everything else printed there."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
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

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command is answered as an unknown name is everywhere else: with the
        project's did-you-mean (`tech` -> `techniques`), not only the closest spelling."""
        name = args[0]
        known = self.list_commands(ctx)
        if not ctx.resilient_parsing and name[:1].isalnum() and name not in known:
            hint = suggest(name, known)
            ctx.fail(f"No such command {name!r}." + (f" Did you mean {hint!r}?" if hint else ""))
        return super().resolve_command(ctx, args)


class LazyGroup(CoachGroup):
    """A group that imports a command's module only when the command is used: click's lazy
    sub-command pattern ("Complex Applications" in click's documentation), on typer's group.

    `lazy` names each command or sub-group (in the order the help lists them) with where it
    is defined and its help line. `get_command` imports the module and builds the command
    with typer's public `typer.main.get_group`; the group's own help and the completion of a
    command's name are answered from `lazy` alone, so they import no command module.
    """

    lazy: typing.ClassVar[dict[str, Lazy]] = {}
    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy, *(name for name in super().list_commands(ctx) if name not in self.lazy)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.lazy or cmd_name in self.commands:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # the list in the help or a completion: the name and help line only
            return TyperCommand(name=cmd_name, help=self.lazy[cmd_name].help)
        command = self.lazy[cmd_name].build(cmd_name)
        self.commands[cmd_name] = command
        return command

    @contextlib.contextmanager
    def _names_only(self) -> Iterator[None]:
        """Within: a command not built yet is shown by its name and help line from `lazy`."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._names_only():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._names_only():
            return super().shell_complete(ctx, incomplete)


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


class Lazy(NamedTuple):
    """Where a top-level command is defined, and its help line for the top-level help."""

    target: str
    """`module:attribute` in this package: a CoachTyper that is the group of that name (its
    `name=`), or that holds the command of that name."""
    help: str
    """The first paragraph of the command's help (a test keeps the two equal)."""

    def build(self, name: str) -> Any:
        """Import the module and build the command (or group) `name` with typer."""
        module, _, attribute = self.target.partition(":")
        typer_app = getattr(import_module(f"{__package__}.{module}"), attribute)
        group = typer.main.get_group(typer_app)
        return group if group.name == name else group.commands[name]


def unwrapped_help(doc: str) -> str:
    """A docstring as help text: each paragraph on one line, so it wraps at the terminal's width.

    typer's rich help keeps the line breaks of every paragraph after the first, which breaks
    lines in the middle on any width but the source's. A paragraph starting with \\b (click's
    "keep as written") is left alone.
    """
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split("\n")) for p in paragraphs)


ASK_ATTEMPTS = 3
"""A typed answer that is refused (a rating, a profile field) is asked for at most this often."""

COMMANDS: dict[str, Lazy] = {
    "session": Lazy(
        "session:app",
        "Run a guided massage: screening and prep, a live countdown with cues, then aftercare.",
    ),
    "plan": Lazy(
        "plan:app",
        "Plan a timed routine from your choices and show it, without starting a session.",
    ),
    "routines": Lazy(
        "routines:app",
        "Named routines to start a plan or session from (`plan --routine NAME`).",
    ),
    "techniques": Lazy(
        "reference:techniques_app", "The five strokes: what each is, how and when to use it."
    ),
    "areas": Lazy(
        "reference:areas_app", "The parts of the back the coach works on, and the rules for each."
    ),
    "oils": Lazy(
        "reference:oils_app",
        "Carrier and essential oils: dilution, patch test, and who should avoid each.",
    ),
    "tools": Lazy(
        "reference:tools_app",
        "Massage balls, massagers, rollers and heat: how to use them safely.",
    ),
    "guide": Lazy("reference:guide_app", "Tips, honest benefits, and the signals to stop at once."),
    "checklist": Lazy(
        "checklist:app",
        "List the checklists, or tick through one: y / n / s, one key each, then a summary.",
    ),
    "profile": Lazy(
        "profile:profile_app",
        "Remember the people you massage: pressure, focus, areas to avoid, allergies, notes.",
    ),
    "history": Lazy(
        "history:history_app",
        "Past sessions (newest first); `history stats` for minutes, people, areas and load.",
    ),
    "config": Lazy(
        "config:config_app",
        "Your defaults (pressure, minutes, cues, voice, focus, giver breaks, ...).",
    ),
    "content": Lazy(
        "content:content_app",
        "Write, check and list content packs: your own strokes, areas, oils, tools, lists.",
    ),
}
"""Every command (or group), in the order of the top-level help: where it is defined
(`cli/<module>.py`, imported only when the command is used) and the first paragraph of its help,
which the top-level help shows without importing the module. A test checks both against the
commands the modules define."""


class RootGroup(LazyGroup):
    lazy = COMMANDS


app = CoachTyper(
    name="massage-coach",
    help="A hands-free coach for giving a safe, relaxing back massage.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=RootGroup,
)


def _print_version(wanted: bool) -> None:
    if wanted:
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
    # deferred, not for --help: rich
    from rich.console import Console

    return _raising_on_broken_pipe(Console(highlight=False, emoji=False))


def error_console() -> Console:
    # deferred, not for --help: rich
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
    from rich.text import Text  # deferred (not for --help): rich and the text checks

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
    the text diffs, greps and pastes cleanly. A dumb terminal (TERM=dumb) gets the plain text
    the same way: a value drawn whole must not be cropped at the window's edge.
    """
    out = console()
    if out.is_terminal and not out.is_dumb_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable, crop=False)
    sys.stdout.write("\n".join(line.rstrip() for line in captured.get().split("\n")))
    sys.stdout.flush()


def warn(notices: list[str]) -> None:
    """Tell the user about damaged or unsaved files, one yellow line each, on stderr (as
    text: a file name or a value in it never reads as markup)."""
    from rich.text import Text  # deferred (not for --help): rich and the text checks

    from ..safe_text import sanitise

    out = error_console()
    for notice in notices:
        out.print(Text(sanitise(notice), style="yellow"), soft_wrap=True, highlight=False)


def emit_json(data: Any) -> None:
    import json  # deferred (not for --help): 1.5 ms

    from ..safe_text import escape_in_json

    sys.stdout.write(escape_in_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def complete_from(
    kind: str, extra: Callable[[Sequence[Path]], list[str]] | None = None
) -> Callable[..., list[str]]:
    """Shell completion from content file names (no parsing, so it stays instant), from the
    bundled content, the configured packs, the user's content folder and the `--content`
    folders typed so far (typer hands over the context as `ctx`, its options parsed)."""

    def complete(incomplete: str, ctx: Any = None) -> list[str]:
        from .completion import content_ids  # deferred (not for --help): the content's files

        given = ctx.params.get("content") if ctx is not None else None
        typed = [Path(folder).expanduser() for folder in given or ()]
        names = content_ids(kind, typed) + (extra(typed) if extra else [])
        return [n for n in names if n.startswith(incomplete)]

    return complete
