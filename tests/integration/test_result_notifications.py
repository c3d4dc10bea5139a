"""Result notifications on PostgreSQL, sent to a local SMTP server the test starts (aiosmtpd).

Publication records one notification per distinct recipient; the worker's failure is recorded
and visible, a retry sends it once, and the link in the e-mail shows the published results for
thirty days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from api import bootstrap
from api.notifications import NotificationWorker, read_result_link
from api.settings import Settings
from domain.errors import InvalidTokenError
from jury.application import JuryLedger
from tests.contracts.jury_contract import REVIEWER, JuryContract
from tests.factories import at
from tests.fakes import FakeProfiles
from tests.redis_server import free_port

pytestmark = pytest.mark.postgres


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def test_publication_notifies_each_recipient_once_retrying_after_a_failure(
    postgres_settings: Settings, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    closed = free_port()  # nothing listens there: the first attempt fails
    settings = postgres_settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": closed,
            "notification_retry_seconds": 0,
            # The shared server can be slow to hand out connections while other suites run.
            "postgres_connect_timeout": 30,
        }
    )
    container = bootstrap.build(
        settings, read_models=["jury_queue"], profiles=FakeProfiles().factory
    )
    try:
        ledger = container.ledger
        assert isinstance(ledger, JuryLedger)
        runner = container.runners["jury_queue"]
        # given a published session whose two first candidates name the same recipient
        emails = ("Results@School.example.org", "results@school.example.org", None)
        session_id, _, _ = JuryContract().sat_session(ledger, emails=emails)
        ledger.publish_session(session_id, at=at(5000), actor=REVIEWER)
        runner.catch_up()
        [pending] = runner.view.list_notifications()
        assert pending["status"] == "pending"

        # when the SMTP server cannot be reached, the failure is recorded and shown to the jury
        failing = NotificationWorker(ledger, runner.view, settings, clock=lambda: at(5100))
        assert failing.run_once().failed == 1
        runner.catch_up()
        [failed] = runner.view.list_notifications(status="failed")
        assert failed["attempts"] == 1
        assert "Connection" in failed["last_error"]
        [shown] = ledger.jury_session(session_id)["notifications"]
        assert (shown["status"], shown["email"]) == ("failed", "results@school.example.org")

        # then the retry sends it, once
        working = settings.model_copy(update={"smtp_port": port})
        worker = NotificationWorker(ledger, runner.view, working, clock=lambda: at(5200))
        assert (worker.run_once().sent, len(inbox.messages)) == (1, 1)
        runner.catch_up()
        assert worker.run_once().sent == 0
        assert [n["status"] for n in runner.view.list_notifications()] == ["sent"]
        message = inbox.messages[0]
        assert message["To"] == "results@school.example.org"
        body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
        assert "Ce lien est valable trente jours." in body

        # and its link shows the two candidates' published results for thirty days
        token = re.search(r"/pages/results/(\S+)", body)
        assert token is not None
        sid, nid = read_result_link(working, token.group(1), at(5300))
        found = ledger.results_for_recipient(sid, nid)
        assert sorted(r["last_name"] for r in found["results"]) == ["Dupont", "Haddad"]
        with pytest.raises(InvalidTokenError):
            read_result_link(working, token.group(1), at(5000) + timedelta(days=30, seconds=1))
    finally:
        container.close()
