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
