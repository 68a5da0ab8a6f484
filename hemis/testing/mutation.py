"""A pytest plugin for mutation runs (scripts/mutation.py): cheap to start, quick to fail.

Mutation testing runs the tests once per mutant, hundreds of times. Two things make each run
cheap:

- Every run starts from a private copy of one migrated SQLite test database: the script
  migrates a template once and sets HEMIS_TEST_DB_TEMPLATE to its path; with `--reuse-db`
  pytest-django then keeps the copy as it is instead of migrating a new database (several runs
  at once never share a file, and each removes its copy when it ends).
- The fastest tests run first, by the durations mutmut measured (`mutmut-stats.json` in the
  folder the tests run from): a mutant that a quick test kills is not first put through the
  slow ones.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_COPY = pytest.StashKey[Path]()
STATS = Path("mutmut-stats.json")


def pytest_sessionstart(session: pytest.Session) -> None:
    template = os.environ.get("HEMIS_TEST_DB_TEMPLATE")
    if not template:
        return
    if not session.config.getoption("reuse_db", False):
        raise pytest.UsageError("hemis.testing.mutation needs --reuse-db")
    from django.db import connections

    fd, name = tempfile.mkstemp(prefix="hemis-test-", suffix=".sqlite3")
    os.close(fd)
    shutil.copyfile(template, name)
    connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = name
    session.config.stash[_COPY] = Path(name)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not STATS.exists():
        return
    durations = json.loads(STATS.read_text()).get("duration_by_test", {})

    def order(item: pytest.Item) -> tuple[bool, float]:
        # Transactional tests stay last, as pytest-django puts them (they empty the database).
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        return transactional, durations.get(item.nodeid, 0.0)

    items.sort(key=order)


def pytest_unconfigure(config: pytest.Config) -> None:
    copy = config.stash.get(_COPY, None)
    if copy is not None:
        copy.unlink(missing_ok=True)
