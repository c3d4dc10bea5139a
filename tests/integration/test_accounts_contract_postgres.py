"""The accounts contract on PostgreSQL, erasure checked on every table of the schema."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from psycopg import sql

from api.settings import Settings
from tests.contracts.accounts_contract import AccountsContract, render

pytestmark = pytest.mark.postgres


class TestAccountsOnPostgres(AccountsContract):
    @pytest.fixture
    def settings(self, postgres_settings: Settings) -> Settings:
        return postgres_settings

    def raw_rows(self, settings: Settings) -> list[str]:
        assert settings.database_url is not None
        schema = parse_qs(urlsplit(settings.database_url).query)["schema"][0]
        rows = []
        with psycopg.connect(settings.database_url.partition("?")[0]) as conn:
            tables = [
                t
                for (t,) in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                    (schema,),
                )
            ]
            for table in tables:
                query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, table))
                rows += [render(table, r) for r in conn.execute(query)]
        return rows
