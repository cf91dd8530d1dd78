"""Personas shared by every web test (cf. healthchecks' hc/test.py): one user per role."""

import pytest

from tertial.web.accounts.roles import Role, role_grant

PASSWORD = "testpassord-123"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty page cache: the data version (tertial.web.pagecache) goes back
    with every rolled-back test transaction, so another test's fragment could match its key."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _test_flush_passes_the_audit_guard():
    """The audit log refuses DELETE (tertial.web.audit.guard), and a transactional test (live_server,
    transaction=True) is cleaned up by Django's flush, which on SQLite is a DELETE FROM each table
    (PostgreSQL's TRUNCATE fires no row trigger). Here, in the tests only, SQLite's flush drops the
    audit guard for its DELETE and creates it again in the same transaction. Outside the tests
    `tertial manage flush` on SQLite is refused by the guard, as it should be."""
    from django.db.backends.sqlite3.base import DatabaseOperations  # the base first: no circular import

    from tertial.web.audit.guard import GUARD_SQL, UNGUARD_SQL

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        return [*UNGUARD_SQL["sqlite"], *sql, *GUARD_SQL["sqlite"]] if "audit_auditentry" in tables else sql

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


def _user(django_user_model, username: str, role: Role | None, **extra):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if role is not None:
        role_grant(user, role)
    return user


@pytest.fixture
def finance_officer(db, django_user_model):
    return _user(django_user_model, "okonomi", Role.FINANCE, first_name="Kari", last_name="Økonomi")


@pytest.fixture
def council_member(db, django_user_model):
    return _user(django_user_model, "politiker", Role.COUNCIL, first_name="Per", last_name="Representant")


@pytest.fixture
def admin_user(db, django_user_model):
    return _user(django_user_model, "admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def plain_user(db, django_user_model):
    """Logged in, but with no role at all."""
    return _user(django_user_model, "ingen-rolle", None)


# --- Reporting-round personas (issue 4): leaders bound to units and a sector by code ----------------


@pytest.fixture
def leader_235(db, django_user_model):
    from tertial.web.accounts.roles import unit_leadership_grant

    user = _user(django_user_model, "leder235", Role.UNIT_LEADER, email="leder235@example.invalid")
    unit_leadership_grant(user, "235")
    return user


@pytest.fixture
def leader_137(db, django_user_model):
    from tertial.web.accounts.roles import unit_leadership_grant

    user = _user(django_user_model, "leder137", Role.UNIT_LEADER, email="leder137@example.invalid")
    unit_leadership_grant(user, "137")
    return user


@pytest.fixture
def sector_leader(db, django_user_model):
    """Kommunalsjef for Oppvekst og utdanning (the sector code the Levanger demo uses)."""
    from tertial.web.accounts.roles import sector_leadership_grant

    user = _user(django_user_model, "kommunalsjef", Role.SECTOR_LEADER, email="kommunalsjef@example.invalid")
    sector_leadership_grant(user, "Oppvekst og utdanning")
    return user


# --- The demo world: the Levanger demo loaded once per test database ----------------------------------
#
# Loading the demo takes about a second; some 110 tests read it. It is loaded once per database (per
# xdist worker) inside an outer transaction that stays open while the tests that read it run, each in
# its own savepoint (pytest-django's `db`), and is rolled back when a test that needs an empty database
# comes next or the session ends. Tests that read the world are collected last, so it is loaded once.
# A transactional test (live_server, transaction=True) cannot run inside the outer transaction: for it
# `levanger` loads the demo inside the test, as before.


class _DemoWorld:
    def __init__(self) -> None:
        self.atomic = None
        self.blocker = None
        self.loads = 0

    @property
    def active(self) -> bool:
        return self.atomic is not None

    def enter(self, blocker) -> None:
        from django.db import connection, transaction

        from tertial.web.demo import demo_load_data

        if connection.in_atomic_block:
            raise RuntimeError("the levanger world must be set up before the test's own transaction (fixture order)")
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            demo_load_data(actor="test")
        self.loads += 1

    def leave(self) -> None:
        from django.db import connection, transaction

        if self.atomic is None:
            return
        if not connection.in_atomic_block:  # closed under us (the live server's shared in-memory SQLite
            self.atomic = None  # connection, at the end of the session): the world went with it
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_WORLD = _DemoWorld()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    names = getattr(item, "fixturenames", ())
    return bool(marked or "transactional_db" in names or "live_server" in names)


def _reads_world(item) -> bool:
    return "levanger" in getattr(item, "fixturenames", ()) and not _transactional(item)


def _uses_db(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "db" in names or _transactional(item)


def pytest_collection_modifyitems(items):
    """The tests that read the demo world run last (stable: otherwise in collection order)."""
    items.sort(key=_reads_world)


def pytest_runtest_setup(item):
    """A test that needs another database state than the demo world ends it first."""
    if _WORLD.active and _uses_db(item) and not _reads_world(item):
        _WORLD.leave()


def _drop_test_database_with_force(self, test_database_name, verbosity):
    """PostgreSQL: DROP DATABASE … WITH (FORCE) ends the sessions still open on the test database (a
    process killed mid-import on purpose, a race test's workers, a live server's request thread) instead
    of failing the run at its very end with «database … is being accessed by other users»."""
    with self._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE {self.connection.ops.quote_name(test_database_name)} WITH (FORCE)")


def pytest_configure(config):
    from django.db.backends.postgresql.creation import DatabaseCreation

    DatabaseCreation._destroy_test_db = _drop_test_database_with_force


@pytest.fixture(scope="session")
def _test_database_session(django_db_setup, django_db_blocker):
    """Set up after the test database, so torn down before pytest-django drops it: the world is rolled
    back first."""
    yield
    _WORLD.leave()


@pytest.fixture(autouse=True)
def _demo_world_enter(request):
    """Autouse, so it runs before `db` opens the test's own transaction (a savepoint in the world)."""
    if _uses_db(request.node):
        request.getfixturevalue("_test_database_session")
    if _reads_world(request.node) and not _WORLD.active:
        _WORLD.enter(request.getfixturevalue("django_db_blocker"))


@pytest.fixture
def levanger(db):
    """The Levanger demo data set (tertial.web.demo.demo_load_data), read-write: whatever a test
    changes is rolled back with its savepoint. Returns the demo year."""
    if not _WORLD.active:  # a transactional test: load it inside the test
        from tertial.web.demo import demo_load_data

        demo_load_data(actor="test")
    return 2024
