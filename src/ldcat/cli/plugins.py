"""`ldcat plugins`: every reader, profile, writer and shapes profile, and where it comes from."""

from __future__ import annotations

import click

from ldcat.cli.common import write_json
from ldcat.plugins import KINDS, registry


@click.command(name="plugins", short_help="List the installed readers, profiles, writers and shapes.")
@click.option("--json", "as_json", is_flag=True, help="As JSON (one object per plugin) on stdout.")
@click.option("--kind", type=click.Choice(list(KINDS)), help="Only one kind.")
def plugins_command(as_json: bool, kind: str | None) -> None:
    """List the installed plugins by kind: ldcat's built-ins (registered through ldcat's own entry
    points) beside those of other packages.

    A package adds one by declaring an entry point in the group ldcat.<kind>, e.g. in its
    pyproject.toml: [project.entry-points."ldcat.profiles"] croissant = "ldcat_croissant:Croissant"

    \b
    Examples:
      ldcat plugins
      ldcat plugins --kind profiles --json
    """
    found = registry.plugins(kind)
    if as_json:
        write_json([plugin.to_dict() for plugin in found], "-")
        return
    for group in [kind] if kind else list(KINDS):
        listed = [p for p in found if p.kind == group]
        if not listed:
            continue
        click.echo(f"{group}:")
        for plugin in listed:
            origin = "built-in" if plugin.builtin else f"{plugin.distribution or '?'} {plugin.version or ''}".strip()
            shadowed = f"  (shadowed by {plugin.shadowed_by}'s)" if plugin.shadowed_by else ""
            click.echo(f"  {plugin.name:16} {origin:24} {plugin.target}{shadowed}")
