"""Workers of the cross-process race tests (test_concurrency_pg.py), each run in a freshly spawned
interpreter. Forking the test process instead would copy its threads' state — the live server and
Playwright of the browser tests run in threads — and a child could hang on a lock copied mid-use
or on a database socket shared with the parent (seen in a full run). No Django import at module level:
a spawned child imports this module before Django is set up."""

import os


def _setup(db_name: str) -> None:
    """Django in this child, against the test database the parent's test uses."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = db_name
    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # "testserver" allowed, as in the parent


def save_worker(db_name, barrier, results, user_pk: int, url: str, form: dict, stale: str, forecast: str) -> None:
    """One browser: log in, wait for the other, post the form with the version both started from."""
    _setup(db_name)
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    barrier.wait()
    response = client.post(url, form)
    results.put((forecast, response.status_code, stale in response.content.decode()))
    connections.close_all()


def lock_worker(db_name, barrier, results, round_pk: int) -> None:
    _setup(db_name)
    from django.db import connections

    from tertial.web.rounds.models import Round
    from tertial.web.rounds.services import round_lock

    rnd = Round.objects.get(pk=round_pk)
    barrier.wait()
    round_lock(rnd=rnd, actor="okonomi")
    results.put(("lock", "ok"))
    connections.close_all()


def service_save_worker(db_name, barrier, results, task_pk: int, amount: int) -> None:
    _setup(db_name)
    from django.db import connections

    from tertial.core.errors import DomainError
    from tertial.web.rounds.models import Task
    from tertial.web.rounds.services import prognosis_save

    task = Task.objects.get(pk=task_pk)
    barrier.wait()
    try:
        prognosis_save(task=task, version=0, forecast=amount, cause="", consequence="", actor="leder235")
    except DomainError as exc:
        results.put(("save", str(exc)))
    else:
        results.put(("save", "ok"))
    connections.close_all()


def import_worker(db_name, barrier, results, path: str) -> None:
    """A general-ledger import (`tertial import actuals`), started together with another."""
    _setup(db_name)
    from pathlib import Path

    from django.db import connections

    from tertial.web.imports import ImportRequest, import_file

    barrier.wait()
    try:
        import_file("actuals", ImportRequest(path=Path(path), year=2024))
    except Exception as exc:  # the test reports whatever stopped an import
        results.put((path, f"{type(exc).__name__}: {exc}"))
    else:
        results.put((path, "ok"))
    connections.close_all()


def sqlite_world(unit: str = "235") -> None:
    """In a child whose TERTIAL_DATABASE_URL names a SQLite file: migrate, a small world with an open
    round and its unit leader logged in; prints the session key (test_sqlite_contention.py)."""
    from datetime import date

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tertial.core.org import Sector, Unit
    from tertial.web.accounts.roles import Role, role_grant, unit_leadership_grant
    from tertial.web.org.services import municipality_set, org_import
    from tertial.web.rounds.services import round_open

    setup_test_environment()
    call_command("migrate", verbosity=0)
    municipality_set(name="Testvik kommune", org_number="999999999", chief_executive_name="Kari Direktør")
    org_import(
        year=2024,
        sectors=[Sector("OPPV", "Oppvekst og utdanning", 1)],
        units=[Unit(unit, "Nesheim skole", "OPPV", 1)],
    )
    user = get_user_model().objects.create_user(username=f"leder{unit}", password="testpassord-123")
    role_grant(user, Role.UNIT_LEADER)
    unit_leadership_grant(user, unit)
    round_open(year=2024, month=3, deadline=date(2024, 4, 10), actor="test")
    client = Client()
    client.force_login(user)
    print(client.cookies["sessionid"].value)


def held_import_worker(db_name, loading, release, results, path: str) -> None:
    """A bulk ledger import that stops, its transaction open, right after COPYing the balances (where
    the load holds its locks), until `release` is set (test_import_readers_pg.py)."""
    _setup(db_name)
    from pathlib import Path

    from django.db import connections

    from tertial.web.budget import balance_store
    from tertial.web.imports import ImportRequest, import_file

    copy_rows = balance_store._copy_rows

    def held_copy(cursor, table, rows):
        copy_rows(cursor, table, rows)
        if table != "budget_balance_in":  # the bulk load's COPY
            loading.set()
            release.wait(120)

    balance_store._copy_rows = held_copy
    try:
        import_file("actuals", ImportRequest(path=Path(path), year=2024))
    except Exception as exc:  # the test reports whatever stopped the import
        results.put(f"{type(exc).__name__}: {exc}")
    else:
        results.put("ok")
    connections.close_all()
