"""The jury's ledger is the certification ledger plus the jury: same store, same tables."""

from __future__ import annotations

from api.settings import Settings
from domain.application import CertificationLedger
from domain.bank import load_default_bank
from domain.framework import load_framework
from jury.application import JuryLedger
from tests.contracts.accounts_contract import ADMIN as ACTOR
from tests.factories import T0


def test_the_jury_ledger_reads_what_the_certification_ledger_wrote(
    sqlite_settings: Settings,
) -> None:
    assert JuryLedger.name == CertificationLedger.name == "ledger"
    framework, bank = load_framework("pix", 1, 7), load_default_bank(7)
    sqlite_settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    plain = CertificationLedger(sqlite_settings.ledger_env(), framework=framework, bank=bank)
    release = plain.install_content(installed_at=T0, actor=ACTOR)
    plain.close()
    jury = JuryLedger(sqlite_settings.ledger_env(), framework=framework, bank=bank)
    try:
        assert jury.get_content_release(release).id == release
    finally:
        jury.close()
