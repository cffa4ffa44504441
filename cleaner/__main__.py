"""``python -m cleaner``: the command line."""

from cleaner.cli import main

main()
