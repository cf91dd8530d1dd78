from unittest import mock

from django.db import DatabaseError


def test_health_reports_ok_with_the_database_vendor(db, client):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}


def test_health_reports_503_when_the_database_fails(db, client):
    with mock.patch("tertial.web.health.connection.cursor", side_effect=DatabaseError("nede")):
        response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json()["database"] == "utilgjengelig"
