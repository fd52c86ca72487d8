"""Run the command line with ``python -m pytest_paragon``."""

from pytest_paragon.cli import main

raise SystemExit(main())
