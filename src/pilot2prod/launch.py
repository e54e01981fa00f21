"""The ``pilot2prod`` command's entry point: the garbage collector off before anything loads.

Loading Textual and the command line creates tens of thousands of objects that live as long as
the program; with collection on, the collector walks them again and again while they load and
frees nothing (measured here: about 8 ms of the 150 ms those imports take).
:func:`pilot2prod.cli.main` keeps collection off until the wizard's first screen is drawn, or
the command ends.
"""

from __future__ import annotations

import gc


def main() -> int:
    """Run the command line with collection off while it loads; returns the exit status."""
    gc.disable()
    from pilot2prod.cli import main as run

    return run()
