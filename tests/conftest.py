"""Personas shared by every web test (cf. healthchecks' hc/test.py): one user per role."""

import pytest

from tertial.web.accounts.roles import Role, role_grant

PASSWORD = "testpassord-123"


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
