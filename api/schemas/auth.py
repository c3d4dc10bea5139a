"""Token requests and responses (OAuth2-shaped, as JSON)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator


class TokenCreate(BaseModel):
    """``password`` grant: username (e-mail or username) and password; ``client_credentials``
    grant: client_id and client_secret."""

    grant_type: Literal["password", "client_credentials"]
    username: str | None = Field(default=None, max_length=254)
    password: str | None = Field(default=None, max_length=128)
    client_id: UUID | None = None
    client_secret: str | None = Field(default=None, max_length=128)

    @model_validator(mode="after")
    def _grant_fields(self) -> TokenCreate:
        if self.grant_type == "password" and (self.username is None or self.password is None):
            raise ValueError("the password grant needs username and password")
        if self.grant_type == "client_credentials" and (
            self.client_id is None or self.client_secret is None
        ):
            raise ValueError("the client_credentials grant needs client_id and client_secret")
        return self


class RefreshCreate(BaseModel):
    refresh_token: str = Field(max_length=4096)


class LogoutCreate(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=4096)


class InvigilatorTokenCreate(BaseModel):
    session_id: UUID
    password: str = Field(min_length=1, max_length=64)


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str | None
    role: str
