"""Account requests and responses; personal fields are checked here with the domain's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, field_validator, model_validator

from domain.accounts.personal_data import check_birthdate, check_email, check_username
from domain.errors import InvalidPersonalDataError

Password = Field(min_length=8, max_length=128)
Name = Field(min_length=1, max_length=100)


def _field(check: Any, value: Any, **kwargs: Any) -> Any:
    """Run a domain check, turning its error into a schema error on the field."""
    try:
        return check(value, **kwargs)
    except InvalidPersonalDataError as e:
        raise ValueError(e.detail.split(": ", 1)[-1]) from None


class _WithEmail(BaseModel):
    email: str

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return str(_field(check_email, value))


class LearnerCreate(BaseModel):
    email: str | None = None
    username: str | None = None
    password: str = Password
    first_name: str = Name
    last_name: str = Name
    birthdate: date
    birthplace: str | None = Field(default=None, min_length=1, max_length=100)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else str(_field(check_email, value))

    @field_validator("username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        return None if value is None else str(_field(check_username, value))

    @field_validator("birthdate")
    @classmethod
    def _birthdate(cls, value: date) -> date:
        today = datetime.now(UTC).date()
        checked: date = _field(check_birthdate, value, today=today)
        return checked

    @model_validator(mode="after")
    def _a_login(self) -> LearnerCreate:
        if self.email is None and self.username is None:
            raise ValueError("an e-mail or a username is required")
        return self


class StaffCreate(_WithEmail):
    role: Literal["JURY", "SUPER_ADMIN", "CERTIF", "SUPPORT", "METIER", "AUDITOR"]
    password: str = Password
    first_name: str = Name
    last_name: str = Name


class CentreMemberCreate(_WithEmail):
    role: Literal["CENTER_ADMIN", "CENTER_MEMBER"]
    centre_id: UUID
    referent: bool = False
    password: str = Password
    first_name: str = Name
    last_name: str = Name


class CentreMembershipCreate(BaseModel):
    centre_id: UUID
    referent: bool = False


class ApiClientCreate(BaseModel):
    label: str = Name


class AccountCreatedPublic(BaseModel):
    id: UUID
    role: str


class ApiClientPublic(BaseModel):
    client_id: UUID
    client_secret: str = Field(description="shown once: only its hash is kept")


class AccountPublic(BaseModel):
    id: UUID
    role: str
    label: str
    first_name: str | None
    last_name: str | None
    email: str | None
    username: str | None
    birthdate: str | None
    birthplace: str | None
    centre_ids: list[UUID]
    registered_at: datetime
    erased_at: datetime | None


class AccountEventPublic(BaseModel):
    event: str
    version: int
    recorded_at: datetime | None
    actor_id: str | None
    actor_role: str | None


class PersonalDataExportPublic(BaseModel):
    exported_at: datetime
    account: AccountPublic
    history: list[AccountEventPublic]
    sections: dict[str, Any]
