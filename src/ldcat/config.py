"""Settings: ldcat's defaults, the ``ldcat.toml`` file, and the plugin settings channel.

Kept free of heavy imports: the CLI reads it to build its options and help texts.

``ldcat.toml`` (or ``--config FILE``) may set ``base_iri``, ``harvested``, ``profiles``,
``formats``, and a ``[plugins.<name>]`` table per plugin (a reader's column mapping, a profile's
settings). ``--set NAME.KEY=VALUE`` sets one key of such a table from the command line; the value
is read as TOML (``true``, ``3``, ``["a", "b"]``, ``{x = 1}``) and otherwise kept as text.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ldcat.errors import UsageError

DEFAULT_BASE = "https://data.example.org/"
CONFIG_NAME = "ldcat.toml"
DEFAULT_STORE = Path("ldcat.store")
STORE_ENV = "LDCAT_STORE"
# SHACL engines (`ldcat.validate`): fast where it supports the shapes (else pyshacl), or pyshacl for all.
# Here, not in ldcat.validate, so that the CLI can offer them without importing pyshacl.
SHACL_ENGINES = ("fast", "pyshacl")


def default_store() -> Path:
    """The embedded store's directory: $LDCAT_STORE, else ./ldcat.store."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def load_config(path: Path | None) -> dict[str, Any]:
    """Settings from `path`, else from ./ldcat.toml if there is one, else none."""
    if path is None:
        path = Path(CONFIG_NAME)
        if not path.is_file():
            return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"config {path} is not UTF-8 text: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config {path} is not valid TOML: {exc}") from None


def plugin_settings(config: dict[str, Any], assignments: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """Each plugin's table: the config's ``[plugins.<name>]``, then ``NAME.KEY=VALUE`` assignments."""
    tables = config.get("plugins", {})
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise UsageError("the config's [plugins] must hold one table per plugin: [plugins.<name>]")
    settings: dict[str, dict[str, Any]] = {name: dict(table) for name, table in tables.items()}
    for assignment in assignments:
        target, sep, text = assignment.partition("=")
        name, dot, key = target.strip().partition(".")
        if not sep or not dot or not name or not key:
            raise UsageError(f"--set {assignment!r}: write NAME.KEY=VALUE, e.g. --set csv.delimiter=';'")
        table = settings.setdefault(name, {})
        *parents, last = key.split(".")
        for part in parents:
            table = table.setdefault(part, {})
            if not isinstance(table, dict):
                raise UsageError(f"--set {assignment!r}: {part!r} is already a value, not a table")
        table[last] = _value(text.strip())
    return settings


def _value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
