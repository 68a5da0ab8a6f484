"""Generate the world-scale data set of docs/DESIGN.md ("Scale to design for") in a database.

    .venv/bin/python -m bench.generate --database-url postgres://postgres@127.0.0.1:5432/hemis_bench

By default the database is dropped and created anew, migrated, then loaded; with --keep an
existing database is migrated and topped up (every loader is idempotent). Each kind of data has
its own small `load_<kind>` function taking what it needs, so that later modules add theirs
(the directory's in bench/directory_data.py, questionnaires, …) to LOADERS without touching the
others.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.directory_data import load_authorities, load_contacts

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hemis_bench"
# Every bench user's password (documented; the bench database only).
BENCH_PASSWORD = "bench-password-not-a-secret"
EMAIL_DOMAIN = "bench.hemis.example"


@dataclass
class Options:
    users_per_state: int = 50
    secretariat_users: int = 50
    authorities_per_state: int = 4
    contacts: int = 5000


@dataclass
class World:
    """What the loaders have made so far, handed to the next ones."""

    options: Options
    subregions: dict[str, Any] = field(default_factory=dict)
    states: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# -- the database ---------------------------------------------------------------------------


def database_name(url: str) -> str:
    name = unquote(urlsplit(url).path.lstrip("/"))
    if not name:
        raise SystemExit(f"no database name in {url!r}")
    return name


def recreate_database(url: str) -> None:
    """Drop the bench database if it exists and create it empty (PostgreSQL only)."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a bench database's name contains 'bench'")
    parts = urlsplit(url)
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    """Point hemis's settings at the bench database and start Django."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def analyze() -> None:
    """VACUUM ANALYZE: the planner's statistics, as autovacuum would make them after a load.

    Without them PostgreSQL plans for the empty tables that migrate left (5 rows instead of
    5,000) and picks nested loops that cost several times more.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# -- the loaders, one per kind of data ------------------------------------------------------


def load_subregions(world: World) -> None:
    """The four OAS subregions (from the migration) plus the UN's other regions."""
    from bench.world import SUBREGIONS
    from hemis.core.models import Subregion

    for code, order, en, es, fr, pt in SUBREGIONS:
        Subregion.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_en": en, "name_es": es, "name_fr": fr, "name_pt": pt},
        )
    world.subregions = {s.code: s for s in Subregion.objects.all()}
    world.counts["subregions"] = len(world.subregions)


def load_states(world: World) -> None:
    """The UN's 193 member states: the 35 of the OAS exist already, the 158 others are added."""
    from bench.world import non_oas_states
    from hemis.core.models import MemberState

    MemberState.objects.bulk_create(
        [
            MemberState(iso3=iso3, iso2=iso2, name_en=name_en, subregion=world.subregions[code])
            for iso3, iso2, name_en, code in non_oas_states()
        ],
        ignore_conflicts=True,
    )
    world.states = list(MemberState.objects.order_by("iso3"))
    world.counts["member states"] = len(world.states)


def load_participations(world: World) -> None:
    """An open-ended participation for every state that has none (the OAS's come with theirs)."""
    from hemis.core.models import Participation

    with_periods = set(Participation.objects.values_list("state_id", flat=True))
    Participation.objects.bulk_create(
        [Participation(state=s) for s in world.states if s.pk not in with_periods]
    )
    world.counts["participations"] = Participation.objects.count()


def _state_role(index: int, per_state: int) -> str:
    """Per state: 1 coordinator in 25, 1 contributor in 5, delegation readers for the rest."""
    from hemis.accounts.models import Role

    coordinators = max(1, per_state // 25)
    contributors = max(1, per_state // 5)
    if index < coordinators:
        return Role.STATE_COORDINATOR
    if index < coordinators + contributors:
        return Role.STATE_CONTRIBUTOR
    return Role.DELEGATION_READER


def load_users(world: World) -> None:
    """`users_per_state` officials for each state and a Secretariat, all with one password.

    The password is hashed once and the hash reused: hashing 9,700 times with Argon2 would take
    minutes and measure nothing. Every user signs in with BENCH_PASSWORD.
    """
    from django.contrib.auth.hashers import make_password

    from hemis.accounts.models import Role, User
    from hemis.core.models import LANGUAGE_CODES

    password = make_password(BENCH_PASSWORD)
    per_state = world.options.users_per_state
    users = []
    for state in world.states:
        for index in range(per_state):
            users.append(
                User(
                    email=f"{state.iso3.lower()}.{index:03d}@{EMAIL_DOMAIN}",
                    full_name=f"Official {index + 1} of {state.name_en}",
                    role=_state_role(index, per_state),
                    state=state,
                    preferred_language=LANGUAGE_CODES[index % len(LANGUAGE_CODES)],
                    password=password,
                )
            )
    for index in range(world.options.secretariat_users):
        admin = index < max(1, world.options.secretariat_users // 10)
        users.append(
            User(
                email=f"secretariat.{index:03d}@{EMAIL_DOMAIN}",
                full_name=f"Secretariat {'administrator' if admin else 'analyst'} {index + 1}",
                role=Role.SECRETARIAT_ADMIN if admin else Role.SECRETARIAT_ANALYST,
                state=None,
                preferred_language=LANGUAGE_CODES[index % len(LANGUAGE_CODES)],
                password=password,
            )
        )
    User.objects.bulk_create(users, batch_size=2000, ignore_conflicts=True)
    world.counts["users"] = User.objects.count()


# Later modules append their loaders here, after the ones they depend on.
LOADERS: list[Callable[[World], None]] = [
    load_subregions,
    load_states,
    load_participations,
    load_users,
    load_authorities,
    load_contacts,
]


def generate(url: str, *, recreate: bool = True, options: Options | None = None) -> World:
    """Create (or top up) the bench database at `url` and load every kind of data into it."""
    if recreate:
        recreate_database(url)
    setup_django(url)
    migrate()
    from django.db import transaction

    world = World(options=options or Options())
    for loader in LOADERS:
        started = time.perf_counter()
        with transaction.atomic():
            loader(world)
        print(f"  {loader.__name__:<24} {time.perf_counter() - started:6.2f} s", flush=True)
    started = time.perf_counter()
    analyze()
    print(f"  {'VACUUM ANALYZE':<24} {time.perf_counter() - started:6.2f} s", flush=True)
    return world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL URL of the bench database (its name must contain 'bench')",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="migrate and top up the database instead of recreating it",
    )
    parser.add_argument("--users-per-state", type=int, default=Options.users_per_state)
    parser.add_argument("--secretariat-users", type=int, default=Options.secretariat_users)
    parser.add_argument("--authorities-per-state", type=int, default=Options.authorities_per_state)
    parser.add_argument("--contacts", type=int, default=Options.contacts)
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the bench runs on PostgreSQL: give a postgres:// URL")
    started = time.perf_counter()
    print(f"Generating the world-scale data set in {database_name(args.database_url)}", flush=True)
    world = generate(
        args.database_url,
        recreate=not args.keep,
        options=Options(
            users_per_state=args.users_per_state,
            secretariat_users=args.secretariat_users,
            authorities_per_state=args.authorities_per_state,
            contacts=args.contacts,
        ),
    )
    for kind, count in world.counts.items():
        print(f"  {kind:<24} {count:>8,}")
    print(f"Done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
