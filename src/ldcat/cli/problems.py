"""`ldcat problems`: the catalogue of problem codes, listed or explained one at a time."""

from __future__ import annotations

import click

from ldcat.problem_codes import STEPS  # light: the catalogue imports only the standard library


@click.command(name="problems", short_help="List the problem codes ldcat reports, with what each means.")
@click.argument("code", required=False)
@click.option("--step", type=click.Choice(STEPS), help="Only the codes of one pipeline step.")
@click.option("--json", "as_json", is_flag=True, help="Every field of every code (or of CODE) as JSON on stdout.")
def problems_command(code: str | None, step: str | None, as_json: bool) -> None:
    """List the problem codes ldcat reports (code, severity, title), or explain CODE: its message,
    what it means and how to fix it. The same catalogue is in docs/problems.md.

    \b
    Examples:
      ldcat problems
      ldcat problems doi-normalised
      ldcat problems --step read
      ldcat problems --json
    """
    from difflib import get_close_matches

    from ldcat.cli.common import write_json
    from ldcat.problem_codes import CATALOGUE, CODES

    if code is not None:
        found = CATALOGUE.get(code)
        if found is None:
            near = get_close_matches(code, list(CATALOGUE), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise click.UsageError(f"no problem code {code!r}{hint}; `ldcat problems` lists them")
        if as_json:
            write_json(found.to_dict(), "-")
            return
        click.echo(f"{found.code}  ({' / '.join(found.severities)}, {found.step})")
        click.echo(f"{found.title}")
        click.echo("\nMessage:" if " | " not in found.template else "\nMessages:")
        for template in found.template.split(" | "):
            click.echo(click.wrap_text(template, width=100, initial_indent="  ", subsequent_indent="    "))
        for label, text in (("What it means", found.meaning), ("What to do", found.fix)):
            click.echo(f"\n{label}:")
            click.echo(click.wrap_text(text, width=100, initial_indent="  ", subsequent_indent="  "))
        return
    chosen = [c for c in CODES if step is None or c.step == step]
    if as_json:
        write_json([c.to_dict() for c in chosen], "-")
        return
    width = max(len(c.code) for c in chosen)
    for c in chosen:
        click.echo(f"{c.code:{width}}  {'/'.join(c.severities):13}  {c.step:9}  {c.title}")
