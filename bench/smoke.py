"""Check that hemis's existing pages and API read the generated world without errors.

    .venv/bin/python -m bench.smoke --database-url postgres://postgres@127.0.0.1:5432/hemis_bench

Through Django's test client with DEBUG off: the public pages and API, each new subregion's
states, and, signed in with a bearer token (which stands for a completed two-factor sign-in),
the user list of a Secretariat administrator and of a state coordinator, the audit log and the
profile of a delegation reader. Tokens are created in a transaction that is rolled back, so the
bench database is left as bench.generate made it. Exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import os
import sys

from bench.generate import DEFAULT_DATABASE_URL, EMAIL_DOMAIN, setup_django


class Rollback(Exception):
    pass


def checks() -> list[str]:
    from django.db import transaction
    from django.test import Client

    from bench.world import STATES, UN_MEMBER_COUNT
    from hemis.accounts.models import ApiToken, User
    from hemis.core.models import MemberState, Subregion

    done = []
    anonymous = Client(HTTP_HOST="127.0.0.1")

    def expect(client: Client, path: str, *texts: str, **headers: str) -> bytes:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        body = response.content
        for text in texts:
            assert text.encode() in body, f"{path}: {text!r} missing"
        done.append(path)
        return body

    states = anonymous.get("/api/v1/member-states").json()
    assert len(states) == UN_MEMBER_COUNT, f"the API lists {len(states)} states"
    assert len({s["iso3"] for s in states}) == UN_MEMBER_COUNT
    assert all(s["participating"] for s in states if s["iso3"] not in {"CUB", "NIC"})
    done.append("/api/v1/member-states (193 states)")
    for language in ("es", "fr", "pt"):
        named = anonymous.get(f"/api/v1/member-states?lang={language}").json()
        assert len(named) == UN_MEMBER_COUNT
        done.append(f"/api/v1/member-states?lang={language}")
    africa = anonymous.get("/api/v1/member-states?subregion=africa").json()
    assert len(africa) == len(STATES["africa"]), f"africa lists {len(africa)} states"

    home = expect(anonymous, "/en/", *(s.name_en for s in Subregion.objects.all()))
    assert home.count(b'href="/en/states/') >= UN_MEMBER_COUNT, "the home page misses states"
    for states_of_region in STATES.values():
        iso3, name_en = states_of_region[0]
        expect(anonymous, f"/en/states/{iso3}/", name_en)
        expect(anonymous, f"/fr/states/{iso3}/")

    admin = User.objects.get(email=f"secretariat.000@{EMAIL_DOMAIN}")
    coordinator = User.objects.get(email=f"deu.000@{EMAIL_DOMAIN}")
    reader = User.objects.filter(role="delegation_reader", state__iso3="JPN").first()
    assert reader is not None
    try:
        with transaction.atomic():
            keys = {}
            for user in (admin, coordinator, reader):
                key, key_hash = ApiToken.new_key()
                ApiToken.objects.create(
                    user=user, name="bench smoke", key_hash=key_hash, hint=key[:10]
                )
                keys[user.pk] = {"Authorization": f"Bearer {key}"}
            client = Client(HTTP_HOST="127.0.0.1")
            last_page = (User.objects.count() + 49) // 50
            expect(client, "/en/accounts/users/", "secretariat.000", **keys[admin.pk])
            expect(client, f"/en/accounts/users/?page={last_page}", **keys[admin.pk])
            expect(client, "/en/accounts/users/?state=DEU", "deu.049", **keys[admin.pk])
            expect(client, "/en/accounts/users/", "deu.001", **keys[coordinator.pk])
            expect(client, "/en/audit/", **keys[admin.pk])
            expect(client, "/en/accounts/profile/", reader.email, **keys[reader.pk])
            me = client.get("/api/v1/me", headers=keys[coordinator.pk]).json()
            assert me.get("state") == "DEU" or "DEU" in str(me), f"/api/v1/me: {me}"
            done.append("/api/v1/me")
            raise Rollback
    except Rollback:
        pass
    assert MemberState.objects.count() == UN_MEMBER_COUNT
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.smoke", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("HEMIS_HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    setup_django(args.database_url)
    done = checks()
    print(f"Smoke check passed: {len(done)} pages and API calls read the world without errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
