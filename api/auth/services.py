"""AuthServices: what authentication needs at run time, built from Settings by bootstrap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.auth.invigilator import InvigilatorGate, gate_for
from api.auth.keyring import keyring_from_settings
from api.auth.throttle import LoginThrottle, RedisFailureLog
from api.auth.tokens import TokenService
from api.settings import Settings
from api.storage.personal_data import FieldVault
from api.storage.secret_tables import SecretTables
from domain.accounts import AccountCommands

PersonalDataSection = Any
"""A callable ``(user_id) -> (name, JSON-able data)`` adding a section to access exports."""


@dataclass
class AuthServices:
    """Tokens, throttle, invigilator gate and the personal-data vault of one process.

    ``export_sections`` lets other contexts add what they hold about a person to the right
    of access export (``GET /accounts/{id}/personal-data``).
    """

    tables: SecretTables
    vault: FieldVault
    tokens: TokenService
    throttle: LoginThrottle
    invigilator_gate: InvigilatorGate
    export_sections: list[PersonalDataSection] = field(default_factory=list)

    def close(self) -> None:
        """Release the secret tables' and the throttle's connections."""
        self.tables.close()
        self.throttle.close()


def build_auth(
    settings: Settings, ledger: AccountCommands, tables: SecretTables, vault: FieldVault
) -> AuthServices:
    """The services over the secret tables and the vault the ledger was built with."""
    keys, active = keyring_from_settings(settings)
    return AuthServices(
        tables=tables,
        vault=vault,
        tokens=TokenService(
            keys,
            active,
            access_ttl=settings.access_token_ttl,
            refresh_ttl=settings.refresh_token_ttl,
            revocations=tables,
            revocation_sync_interval=settings.token_revocation_sync_interval,
        ),
        throttle=LoginThrottle(
            free_failures=settings.login_max_failures_per_account,
            log=(
                RedisFailureLog.from_url(settings.redis_url.get_secret_value())
                if settings.redis_url
                else None
            ),
            max_per_address=settings.login_max_failures_per_address,
            window_seconds=settings.login_throttle_window,
        ),
        invigilator_gate=gate_for(ledger),
    )
