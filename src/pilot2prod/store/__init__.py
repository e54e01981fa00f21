"""Where plans live and how they are written: the only package that touches plan files.

A data directory holds ``plans/`` with one TOML file per plan. The directory is, in order of
precedence, ``--data-dir``, the ``PILOT2PROD_DATA_DIR`` environment variable, or platformdirs'
user data directory for ``pilot2prod``. Writes are atomic; a file that cannot be read is
reported (naming the file and the line) and never overwritten. docs/file-format.md documents it.

Callers hold a :class:`Store` (``facade.py``), which hands each call to the part that does it:

* ``locations.py``: where the data directory is, and the folders it holds;
* ``names.py``: a plan's name, and the file name it gets;
* ``planfile.py``: one plan file as TOML: written, read back, checked line by line;
* ``index.py``: the list of plans, kept fast by ``index.json``;
* ``plans.py``: finding a plan by name; creating, renaming, copying and trashing one;
* ``windows.py``: several windows on one plan: locks, places, and merging on save;
* ``history.py``: a plan's saved versions;
* ``recovery.py``: answers a window could not save, and the temporary files crashes leave;
* ``templates.py``: what a new plan starts from (templates, another plan, the example);
* ``importing.py``: a plan file from elsewhere, checked and copied in;
* ``settings.py``: the app's remembered settings;
* ``banks.py``: the question banks plans are made with, kept and found again per plan.

The parts never import the facade (nor this package's ``__init__``): each gets what it needs
from the parts below it. Every name other modules use is importable from ``pilot2prod.store``.
"""

from pilot2prod.locks import Holder, Place
from pilot2prod.store.banks import SOURCES as BANK_SOURCES
from pilot2prod.store.banks import BankFile, BankMissingError
from pilot2prod.store.facade import Store
from pilot2prod.store.history import KEEP_VERSIONS, TREND_VERSIONS, VERSION_TABLE, Version
from pilot2prod.store.index import INDEX_VERSION, SORTS, Listed, sort_listed
from pilot2prod.store.locations import (
    APP_NAME,
    ENV_VAR,
    PLAN_SUFFIX,
    DataDir,
    default_data_dir,
    resolve_data_dir,
)
from pilot2prod.store.names import MAX_SLUG, check_name, slugify
from pilot2prod.store.planfile import (
    RECORD_TABLES,
    SCHEMA_VERSION,
    dumps,
    loads,
    plan_called,
    read_plan,
    write_atomic,
    write_plan,
)
from pilot2prod.store.recovery import Recovery, changed_answers
from pilot2prod.store.templates import (
    GENERIC_WORDS,
    START_MODES,
    ClientWords,
    Copied,
    copied_label,
    mark_checked,
    start_from,
    to_check,
)
from pilot2prod.store.windows import Saved, Stamp

__all__ = [
    "APP_NAME",
    "BANK_SOURCES",
    "ENV_VAR",
    "GENERIC_WORDS",
    "INDEX_VERSION",
    "KEEP_VERSIONS",
    "MAX_SLUG",
    "PLAN_SUFFIX",
    "RECORD_TABLES",
    "SCHEMA_VERSION",
    "SORTS",
    "START_MODES",
    "TREND_VERSIONS",
    "VERSION_TABLE",
    "BankFile",
    "BankMissingError",
    "ClientWords",
    "Copied",
    "DataDir",
    "Holder",
    "Listed",
    "Place",
    "Recovery",
    "Saved",
    "Stamp",
    "Store",
    "Version",
    "changed_answers",
    "check_name",
    "copied_label",
    "default_data_dir",
    "dumps",
    "loads",
    "mark_checked",
    "plan_called",
    "read_plan",
    "resolve_data_dir",
    "slugify",
    "sort_listed",
    "start_from",
    "to_check",
    "write_atomic",
    "write_plan",
]
