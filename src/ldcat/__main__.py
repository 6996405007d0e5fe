"""`python -m ldcat` is the `ldcat` command."""

from ldcat.cli import main

main()
