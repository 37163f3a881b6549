"""`massage-coach profile add|list|show|edit|remove`: the people you massage, one file each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import UsageError
from .app import (
    ASK_ATTEMPTS,
    CoachTyper,
    JsonOption,
    complete_from,
    emit_json,
    error_console,
    show,
    warn,
)
from .completion import area_aliases, profile_names
from .config import file_pending_sessions
from .options import PressureName
from .packs import library_for

if TYPE_CHECKING:
    from ..store.profiles import Profile

profile_app = CoachTyper(
    name="profile",
    help="Remember the people you massage: pressure, focus, areas to avoid, allergies, notes.",
    no_args_is_help=True,
)


@profile_app.callback()
def _before_any_profile_command() -> None:
    # A command that opens the store files the sessions a crash or a failed save left behind.
    file_pending_sessions()


NameArgument = Annotated[
    str,
    typer.Argument(
        help="The person's name (any case).",
        autocompletion=profile_names,
        show_default=False,
        metavar="NAME",
    ),
]
PressureOpt = Annotated[
    PressureName | None,
    typer.Option("--pressure", "-p", help="The pressure they like.", show_default=False),
]
FocusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--focus",
        "-f",
        help="An area they like most time on (repeatable).",
        autocompletion=complete_from("areas", area_aliases),
        show_default=False,
        metavar="AREA",
    ),
]
AvoidOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        help="An area always left out (repeatable).",
        autocompletion=complete_from("areas", area_aliases),
        show_default=False,
        metavar="AREA",
    ),
]
AllergyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allergy",
        help="An oil, an oil family (nut) or a condition (nut-allergy) (repeatable).",
        autocompletion=complete_from("oils"),
        show_default=False,
        metavar="OIL",
    ),
]
NotesOpt = Annotated[
    str | None,
    typer.Option("--notes", help="Anything worth remembering.", show_default=False, metavar="TEXT"),
]


def _interactive() -> bool:
    """Ask questions only when a person is at a terminal on both ends."""
    from ..session.environment import person_at_terminal  # deferred: only add and edit ask

    return person_at_terminal()


def _ask_missing(fields: dict[str, Any]) -> None:
    """Prompt for each field not given on the command line; blank answers mean none.

    Each answer is checked at once, as the whole profile will be (a known pressure, areas and
    allergies the content knows, no area both focused and avoided), and asked again with the
    reason, so nothing typed before is lost to a mistake in one answer.
    """
    # deferred, not for --help: rich and pydantic
    from rich.markup import escape

    from ..store.profiles import make_profile

    def check() -> None:
        _checked(make_profile(**{k: v for k, v in fields.items() if v is not None}))

    def ask(key: str, question: str, as_list: bool) -> None:
        for attempt in range(1, ASK_ATTEMPTS + 1):
            answer = str(typer.prompt(question, default="", show_default=False)).strip()
            value: Any = [p.strip() for p in answer.split(",") if p.strip()] if as_list else answer
            fields[key] = value or ([] if as_list else None)
            try:
                check()
                return
            except UsageError as exc:
                if attempt == ASK_ATTEMPTS:
                    raise  # reported once, as any error is
                error_console().print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)

    check()  # what the command line gave is refused as it is, before any question

    questions = (
        ("pressure", "Pressure they like (light, medium, firm; blank for no preference)", False),
        ("focus", "Areas to focus on (comma-separated, blank for none)", True),
        ("avoid", "Areas to always leave out (comma-separated, blank for none)", True),
        ("allergies", "Allergies: oils, oil families or conditions (blank for none)", True),
        ("notes", "Notes (blank for none)", False),
    )
    for key, question, as_list in questions:
        if fields[key] is None:
            ask(key, question, as_list)


def _checked(profile: Profile) -> Profile:
    """Aliases as area ids; areas and allergies the content does not know are refused."""
    # deferred, not for --help: pydantic, YAML and the content
    from ..store.preferences import normalised_profile

    return normalised_profile(profile, library_for(None))


def _fields(
    pressure: str | None,
    focus: list[str] | None,
    avoid: list[str] | None,
    allergy: list[str] | None,
    notes: str | None,
) -> dict[str, Any]:
    """The profile fields as given on the command line (None: not given)."""
    return {"pressure": pressure, "focus": focus, "avoid": avoid, "allergies": allergy,
            "notes": notes}  # fmt: skip


def _shown(profile: Profile) -> dict[str, str]:
    """Each field as a person reads it, "-" where there is none."""
    return {
        "name": profile.name,
        "pressure": profile.pressure.value if profile.pressure else "-",
        "focus": ", ".join(profile.focus) or "-",
        "avoid": ", ".join(profile.avoid) or "-",
        "allergies": ", ".join(profile.allergies) or "-",
        "notes": profile.notes or "-",
    }


def _detail(profile: Profile) -> str:
    rows = _shown(profile).items()
    return "\n".join(f"{label.capitalize() + ':':<11}{value}" for label, value in rows)


@profile_app.command("add")
def add(
    name: NameArgument,
    pressure: PressureOpt = None,
    focus: FocusOpt = None,
    avoid: AvoidOpt = None,
    allergy: AllergyOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Add a person; in a terminal, asks for whatever was not given."""
    # deferred, not for --help: pydantic
    from ..store import profiles

    clean = profiles.validate_name(name)

    def refuse_if_taken() -> None:
        if profiles.exists(clean):
            raise UsageError(
                f"A profile '{clean}' already exists; change it with `massage-coach profile edit`."
            )

    refuse_if_taken()
    fields = {"name": clean, **_fields(pressure, focus, avoid, allergy, notes)}
    if _interactive():
        _ask_missing(fields)
    profile = _checked(profiles.make_profile(**{k: v for k, v in fields.items() if v is not None}))
    with profiles.changing(clean):
        refuse_if_taken()  # again: another one may have been added while we asked
        path = profiles.save_profile(profile)
    typer.echo(f"Saved profile {profile.name} ({path}).")


@profile_app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """Everyone you have a profile for."""
    # deferred, not for --help: rich and pydantic
    from ..render.lists import profiles_table
    from ..store import profiles

    loaded = profiles.list_profiles()
    warn(loaded.notices)
    if as_json:
        emit_json([p.model_dump(mode="json") for p in loaded.value])
        return
    if not loaded.value:
        typer.echo("No profiles yet. Add one with `massage-coach profile add NAME`.")
        return
    show(profiles_table([_shown(p) for p in loaded.value]))


@profile_app.command("show")
def show_profile(name: NameArgument, as_json: JsonOption = False) -> None:
    """One person's profile."""
    # deferred, not for --help: pydantic
    from ..store import profiles

    profile = profiles.load_profile(name)
    if as_json:
        emit_json(profile.model_dump(mode="json"))
    else:
        typer.echo(_detail(profile))


@profile_app.command("edit")
def edit(
    name: NameArgument,
    pressure: PressureOpt = None,
    focus: FocusOpt = None,
    avoid: AvoidOpt = None,
    allergy: AllergyOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Change a profile: each option given replaces that field; --notes "" clears the notes."""
    # deferred, not for --help: pydantic
    from ..store import profiles

    changes = _fields(pressure, focus, avoid, allergy, notes)
    if all(value is None for value in changes.values()):
        profiles.load_profile(name)  # an unknown name is the first thing to say
        raise UsageError(
            "Nothing to change: give --pressure, --focus, --avoid, --allergy or --notes."
        )
    with profiles.changing(name):  # read, change and write with no other edit in between
        profile = profiles.load_profile(name)
        if notes is not None and not notes.strip():
            changes["notes"] = None
            profile = profile.model_copy(update={"notes": None})
        edited = _checked(profiles.updated(profile, **changes))
        profiles.save_profile(edited)
    typer.echo(_detail(edited))


@profile_app.command("remove")
def remove(
    name: NameArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a profile (asks first in a terminal; needs --yes otherwise)."""
    # deferred, not for --help: pydantic
    from ..store import profiles

    try:
        who = profiles.load_profile(name).name
    except UsageError:
        if not profiles.exists(name):
            raise
        who = profiles.validate_name(name)  # a file with a bad value can still be removed
    if not yes:
        if not _interactive():
            raise UsageError(f"Removing profile '{who}' needs --yes when not asked.")
        if not typer.confirm(f"Remove the profile of {who}?", default=False):
            typer.echo("Kept.")
            return
    with profiles.changing(who):
        profiles.remove_profile(who)
    typer.echo(f"Removed profile {who}.")
