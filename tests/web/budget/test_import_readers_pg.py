"""Pages answer while a bulk ledger import is loading (issue 22). The bulk load writes a new balance
table and swaps it in only at the end (web/budget/balance_store.py `_postgres_bulk_load`), so a
reader never waits for the load: this test holds an import's transaction open right after its COPY,
where the old load held the balance table's ACCESS EXCLUSIVE lock, and asks for the status page (finance
and public) and the decisions page. PostgreSQL only: SQLite never bulk-loads."""

import multiprocessing
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from tertial.web.accounts.roles import Role, role_grant
from tertial.web.budget.models import Balance
from tertial.web.imports import ImportRequest, import_file
from tests.web import race_workers

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL bulk-loads")


def ledger(path, shift):
    lines = ["periode;ansvar;art;funksjon;belop"]
    lines += [
        f"20240{m};{u};{10000 + a};20{m};{a + shift},00"
        for m in (1, 2, 3)
        for u in ("130", "137", "235")
        for a in range(300)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def fetch(pages: list[tuple[str, object]]) -> dict:
    """GET each page in a thread of its own (own database connection); what answered within 60 s."""
    got: dict = {}

    def get(path, user):
        client = Client()
        if user is not None:
            client.force_login(user)
        try:
            got[(path, user is not None)] = client.get(path).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=get, args=page, daemon=True) for page in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return got


@pytest.mark.django_db(transaction=True)
def test_pages_answer_while_a_bulk_import_is_uncommitted(world, tmp_path, monkeypatch, settings):
    settings.TERTIAL_BULK_LOAD_MIN_BALANCES = 0
    monkeypatch.setenv("TERTIAL_BULK_LOAD_MIN_BALANCES", "0")  # read by the spawned child's settings
    import_file("actuals", ImportRequest(path=ledger(tmp_path / "a.csv", 0), year=2024))  # committed balances
    finance = get_user_model().objects.create_user("okonomi", password="x" * 24)
    role_grant(finance, Role.FINANCE)
    before = dict(Balance.objects.values_list("id", "amount"))
    ctx = multiprocessing.get_context("spawn")
    loading, release, results = ctx.Event(), ctx.Event(), ctx.Queue()
    proc = ctx.Process(
        target=race_workers.held_import_worker,
        args=(connection.settings_dict["NAME"], loading, release, results, str(ledger(tmp_path / "b.csv", 1))),
    )
    proc.start()
    try:
        assert loading.wait(120), "the import never reached its COPY"
        cache.clear()  # the pages compute their figures from the balance table, not from a cached fragment
        pages = [("/status/2024/3/", finance), ("/status/2024/3/", None), ("/vedtak/", None)]
        got = fetch(pages)
        assert proc.is_alive() and results.empty(), "the import must still be uncommitted"
        assert set(got) == {(path, user is not None) for path, user in pages}, f"no answer while loading: {got}"
        assert got[("/status/2024/3/", True)] == got[("/vedtak/", False)] == 200, got
        assert all(code < 500 for code in got.values()), got
        assert dict(Balance.objects.values_list("id", "amount")) == before  # the reader sees the committed table
    finally:
        release.set()
        proc.join(120)
        if proc.exitcode is None:
            proc.kill()
    assert results.get(timeout=10) == "ok"
    assert Balance.objects.count() == len(before)
    assert set(Balance.objects.values_list("amount", flat=True)) != set(before.values())  # the new file's
