"""settings list / settings set: the clinic's settings (floors, alert thresholds, the Part 2 notice…).

``iopdesk settings list`` shows every setting: key, value, default, what it
allows and its title (long texts cut short; ``settings list KEY`` shows one in
full). ``iopdesk settings set KEY VALUE`` changes one: administrators and
supervisors (the sign-in and lock settings administrators only), audited, and
checked by the domain (iopdesk.domain.kernel.settings, the same checks a
settings dialog uses).

Exit status, as every command: 0 done; 1 refused (a value the setting does not
allow, e.g. an absence limit of -5 or a blank notice, or a permission), with one
line naming the setting and what it allows; 2 the command line itself was wrong
(a setting that does not exist, a missing argument).
"""

from __future__ import annotations

from typing import Any

from iopdesk.commands.common import Options, Parsers, UsageError

SHORT = 48  # characters of a long text shown in the list


def register(parsers: Parsers) -> None:
    command = parsers.command("settings", None, help="list or change the clinic's settings")
    sub = command.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every setting with its value, default and allowed values")
    listing.add_argument("key", nargs="?", metavar="KEY", help="show only this setting, in full")
    listing.set_defaults(handler=lambda a: list_settings(Options.of(a), a.key))
    setting = sub.add_parser(
        "set",
        help="change one setting (administrators and supervisors; audited)",
        description="Change one clinic setting. The value is checked against what the setting allows; "
        "a refusal names the setting and its range and changes nothing (exit 1).",
    )
    setting.add_argument("key", metavar="KEY")
    setting.add_argument("value", metavar="VALUE", help='the new value (quote text: "…")')
    setting.set_defaults(handler=lambda a: set_setting(Options.of(a), a.key, a.value))


def _known(key: str) -> None:
    from iopdesk.domain.kernel.settings import DECLARED

    if key not in DECLARED:
        raise UsageError(f"There is no setting called {key!r}; `iopdesk settings list` shows them all.")


def _shown(value: Any, full: bool) -> str:
    text = str(value)
    if not full and len(text) > SHORT:
        return text[: SHORT - 1] + "…"
    return text


def list_settings(options: Options, key: str | None = None) -> int:
    from iopdesk.domain.kernel import settings

    if key is not None:
        _known(key)
    with options.open():
        rows = settings.listing()
    if key is not None:
        (info,) = [r for r in rows if r.key == key]
        print(f"{info.key}: {info.title}")
        print(f"  value:   {info.value}")
        print(f"  default: {info.default}")
        print(f"  allowed: {info.allowed}" + (" (administrators only)" if info.security else ""))
        return 0
    table = [("KEY", "VALUE", "DEFAULT", "ALLOWED", "TITLE")]
    table += [(r.key, _shown(r.value, False), _shown(r.default, False), r.allowed, r.title) for r in rows]
    widths = [max(len(row[n]) for row in table) for n in range(4)]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        )
    return 0


def set_setting(options: Options, key: str, text: str) -> int:
    from iopdesk.domain.kernel import settings

    _known(key)
    value: Any = text
    if settings.DECLARED[key].kind is int:
        try:
            value = int(text.strip())
        except ValueError:
            value = text  # the domain says what is wrong with it, as for any refused value
    with options.open() as clinic:
        before = settings.get(key)
        settings.set_value(clinic.acting, key, value)
        after = settings.get(key)
    if before == after:
        print(f"{key} is already {_shown(after, False)}.")
    else:
        print(f"{key}: {_shown(before, False)} -> {_shown(after, False)}")
    return 0
