"""Allow ``python -m pilot2prod``."""

from pilot2prod.launch import main

raise SystemExit(main())
