"""Allow ``python -m pilot2prod``."""

from pilot2prod.cli import main

raise SystemExit(main())
