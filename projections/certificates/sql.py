"""Row access over a DB-API cursor, shared by the SQLite and PostgreSQL views.

Each row is one JSON ``body`` plus the columns it is looked up by; the two backends differ
only in parameter style and table names.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from typing_extensions import override

from projections.certificates.rows import (
    CandidateRow,
    CourseRow,
    SessionRow,
    ShareLinkRow,
    dump,
    load,
)
from projections.certificates.view import CertificateStore

TABLES = ("sessions", "candidates", "courses", "revoked", "links")
_COURSE_COLUMNS = frozenset({"session_id", "user_id", "code_digest"})
_LINK_COLUMNS = frozenset({"course_id", "token_digest"})
_CANDIDATE_OF_COURSE = {  # the course body's candidate id, per parameter style (backend)
    "?": "json_extract(c.body, '$.candidate_id')",
    "%s": "(c.body::json ->> 'candidate_id')",
}


def create_statements(name: dict[str, str], uuid_type: str = "TEXT") -> list[str]:
    """DDL of the five tables (``name`` maps each of ``TABLES`` to its qualified name)."""
    return [
        f"CREATE TABLE IF NOT EXISTS {name['sessions']} (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {name['candidates']} "
        "(id TEXT PRIMARY KEY, body TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {name['courses']} (id TEXT PRIMARY KEY, "
        "session_id TEXT NOT NULL, user_id TEXT NOT NULL, code_digest TEXT NOT NULL, "
        "status_seq INTEGER, body TEXT NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {_index(name, 'courses', 'session')} "
        f"ON {name['courses']} (session_id)",
        f"CREATE INDEX IF NOT EXISTS {_index(name, 'courses', 'user')} "
        f"ON {name['courses']} (user_id)",
        f"CREATE INDEX IF NOT EXISTS {_index(name, 'courses', 'code')} "
        f"ON {name['courses']} (code_digest)",
        f"CREATE TABLE IF NOT EXISTS {name['revoked']} (seq INTEGER PRIMARY KEY)",
        f"CREATE TABLE IF NOT EXISTS {name['links']} (id TEXT PRIMARY KEY, "
        "course_id TEXT NOT NULL, token_digest TEXT NOT NULL, body TEXT NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {_index(name, 'links', 'course')} "
        f"ON {name['links']} (course_id)",
        f"CREATE INDEX IF NOT EXISTS {_index(name, 'links', 'token')} "
        f"ON {name['links']} (token_digest)",
    ]


def _index(name: dict[str, str], table: str, column: str) -> str:
    # Index names are unqualified (PostgreSQL puts them in the table's schema).
    return f"certificates_{table}_{column}"


class SQLCertificateStore(CertificateStore):
    """``CertificateStore`` over an open cursor; ``p`` is the parameter marker (? or %s)."""

    def __init__(self, cursor: Any, names: dict[str, str], p: str) -> None:
        self.c = cursor
        self.t = names
        self.p = p

    def _one(self, query: str, params: tuple[Any, ...]) -> Any:
        self.c.execute(query, params)
        record = self.c.fetchone()
        if record is None:
            return None
        return next(iter(record.values())) if isinstance(record, dict) else record[0]

    def _all(self, query: str, params: tuple[Any, ...]) -> list[Any]:
        self.c.execute(query, params)
        return [next(iter(r.values())) if isinstance(r, dict) else r[0] for r in self.c.fetchall()]

    def _body(self, table: str, key: UUID) -> str | None:
        body: str | None = self._one(
            f"SELECT body FROM {self.t[table]} WHERE id = {self.p}", (str(key),)
        )
        return body

    def _put(self, table: str, key: UUID, body: str) -> None:
        p = self.p
        self.c.execute(
            f"INSERT INTO {self.t[table]} (id, body) VALUES ({p}, {p}) "
            "ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            (str(key), body),
        )

    @override
    def session(self, session_id: UUID) -> SessionRow | None:
        body = self._body("sessions", session_id)
        return load(SessionRow, body) if body else None

    @override
    def put_session(self, row: SessionRow) -> None:
        self._put("sessions", row.session_id, dump(row))

    @override
    def sessions(self) -> list[SessionRow]:
        bodies = self._all(f"SELECT body FROM {self.t['sessions']} ORDER BY id", ())
        return [load(SessionRow, b) for b in bodies]

    @override
    def candidate(self, candidate_id: UUID) -> CandidateRow | None:
        body = self._body("candidates", candidate_id)
        return load(CandidateRow, body) if body else None

    @override
    def put_candidate(self, row: CandidateRow) -> None:
        self._put("candidates", row.candidate_id, dump(row))

    @override
    def course(self, course_id: UUID) -> CourseRow | None:
        body = self._body("courses", course_id)
        return load(CourseRow, body) if body else None

    @override
    def put_course(self, row: CourseRow) -> None:
        p = self.p
        self.c.execute(
            f"INSERT INTO {self.t['courses']} "
            "(id, session_id, user_id, code_digest, status_seq, body) "
            f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (id) DO UPDATE SET "
            "session_id = excluded.session_id, user_id = excluded.user_id, "
            "code_digest = excluded.code_digest, status_seq = excluded.status_seq, "
            "body = excluded.body",
            (
                str(row.course_id),
                str(row.session_id),
                str(row.user_id),
                row.code_digest,
                row.status_seq,
                dump(row),
            ),
        )

    @override
    def courses_where(self, column: str, value: str) -> list[CourseRow]:
        assert column in _COURSE_COLUMNS
        bodies = self._all(
            f"SELECT body FROM {self.t['courses']} WHERE {column} = {self.p} ORDER BY id",
            (value,),
        )
        return [load(CourseRow, b) for b in bodies]

    @override
    def course_in_context(
        self, column: str, value: str
    ) -> tuple[CourseRow, SessionRow | None, CandidateRow | None] | None:
        # One statement instead of three: the public lookup by code runs this on every request.
        assert column in _COURSE_COLUMNS
        t = self.t
        self.c.execute(
            "SELECT c.body AS course, s.body AS session, k.body AS candidate "
            f"FROM {t['courses']} c LEFT JOIN {t['sessions']} s ON s.id = c.session_id "
            f"LEFT JOIN {t['candidates']} k ON k.id = {_CANDIDATE_OF_COURSE[self.p]} "
            f"WHERE c.{column} = {self.p} ORDER BY c.id LIMIT 1",
            (value,),
        )
        record = self.c.fetchone()
        if record is None:
            return None
        course, session, candidate = (
            (record["course"], record["session"], record["candidate"])
            if isinstance(record, dict)
            else record
        )
        return (
            load(CourseRow, course),
            load(SessionRow, session) if session else None,
            load(CandidateRow, candidate) if candidate else None,
        )

    @override
    def max_seq(self) -> int | None:
        seq: int | None = self._one(f"SELECT MAX(status_seq) FROM {self.t['courses']}", ())
        return seq

    @override
    def add_revoked(self, seq: int) -> None:
        self.c.execute(
            f"INSERT INTO {self.t['revoked']} (seq) VALUES ({self.p}) ON CONFLICT DO NOTHING",
            (seq,),
        )

    @override
    def revoked(self) -> list[int]:
        return [int(s) for s in self._all(f"SELECT seq FROM {self.t['revoked']} ORDER BY seq", ())]

    @override
    def link(self, link_id: UUID) -> ShareLinkRow | None:
        body = self._body("links", link_id)
        return load(ShareLinkRow, body) if body else None

    @override
    def put_link(self, row: ShareLinkRow) -> None:
        p = self.p
        self.c.execute(
            f"INSERT INTO {self.t['links']} (id, course_id, token_digest, body) "
            f"VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            (str(row.link_id), str(row.course_id), row.token_digest, dump(row)),
        )

    @override
    def links_where(self, column: str, value: str) -> list[ShareLinkRow]:
        assert column in _LINK_COLUMNS
        bodies = self._all(
            f"SELECT body FROM {self.t['links']} WHERE {column} = {self.p} ORDER BY id",
            (value,),
        )
        return [load(ShareLinkRow, b) for b in bodies]

    def dump_all(self) -> dict[str, list[str]]:
        """Every table's rows as text, sorted."""
        out: dict[str, list[str]] = {}
        for table in TABLES:
            column = "seq" if table == "revoked" else "body"
            out[table] = sorted(
                str(v) for v in self._all(f"SELECT {column} FROM {self.t[table]}", ())
            )
        return out

    def clear(self) -> None:
        """Delete every row of the five tables."""
        for table in TABLES:
            self.c.execute(f"DELETE FROM {self.t[table]}")
