"""The profiles read model's contract on every backend: incremental equals rebuilt, and the
projection agrees with the profile read from events.

Subclasses in each tier provide the ``settings`` fixture (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import numpy as np
import pytest

from api import bootstrap
from api.settings import Settings
from domain.application import CertificationLedger
from domain.positioning.simulation import position_learner
from projections.profiles import ProfilesView
from projections.runner import CatchUpRunner
from tests.factories import ACTOR, T0

COMPETENCES = ("1.1", "1.2", "2.1", "3.1", "4.1", "5.2")


def simulate(
    ledger: CertificationLedger,
    runner: CatchUpRunner[ProfilesView],
    learners: int,
    seed: int = 5,
) -> tuple[int, list[UUID]]:
    """Position seeded learners on several competences, some resetting and retrying later.

    The view catches up after each learner, so its rows are built incrementally."""
    rng = np.random.default_rng(seed)
    answers, ids = 0, []
    for n in range(learners):
        learner = UUID(bytes=rng.bytes(16), version=4)
        ids.append(learner)
        clock = T0 + timedelta(hours=n)
        for code in COMPETENCES[: 3 + n % 4]:
            level = float(rng.uniform(0.5, 7.0))
            run = position_learner(ledger, learner, code, level, rng, start=clock, actor=ACTOR)
            answers += run.answers
            clock = run.ended_at
        if n % 5 == 0:  # some come back: a reset after 7 days, then a retry elsewhere
            later = clock + timedelta(days=8)
            ledger.reset_competence(learner, COMPETENCES[0], reset_at=later, actor=ACTOR)
            if ledger.get_scorecards_at(learner, later)[1].is_improvable:
                retry = ledger.retry_competence(learner, "1.2", retried_at=later, actor=ACTOR)
                assert retry.improving
                answers += position_learner(
                    ledger, learner, "1.2", 7.0, rng, start=later, actor=ACTOR
                ).answers
        runner.catch_up()
    return answers, ids


class ProfilesContract:
    learners = 12

    @pytest.fixture
    def settings(self) -> Settings:
        raise NotImplementedError

    @pytest.fixture
    def container(self, settings: Settings) -> Iterator[bootstrap.Container]:
        c = bootstrap.build(settings, read_models=["profiles"])
        yield c
        c.close()

    @pytest.fixture
    def runner(self, container: bootstrap.Container) -> CatchUpRunner[ProfilesView]:
        r: CatchUpRunner[ProfilesView] = container.runners["profiles"]
        r.batch_size = 50
        return r

    def test_rebuilding_profiles_from_zero_gives_exactly_the_incremental_result(
        self, container: bootstrap.Container, runner: CatchUpRunner[ProfilesView]
    ) -> None:
        ledger = container.ledger
        answers, learners = simulate(ledger, runner, self.learners)
        assert answers >= 40 * self.learners
        now = T0 + timedelta(days=30)
        framework = ledger.framework
        incremental_rows = runner.view.all_rows()
        incremental = [runner.view.get_profile(x, now=now, framework=framework) for x in learners]
        runner.rebuild()
        assert runner.view.all_rows() == incremental_rows
        assert [runner.view.get_profile(x, now=now, framework=framework) for x in learners] == (
            incremental
        )

    def test_the_projected_profile_equals_the_profile_read_from_events(
        self, container: bootstrap.Container, runner: CatchUpRunner[ProfilesView]
    ) -> None:
        ledger = container.ledger
        _, learners = simulate(ledger, runner, 3, seed=9)
        now = T0 + timedelta(days=40)
        for learner in learners:
            projected = runner.view.get_profile(learner, now=now, framework=ledger.framework)
            assert list(projected.scorecards) == ledger.get_scorecards_at(learner, now)

    def test_an_unknown_learner_has_sixteen_not_started_scorecards(
        self, container: bootstrap.Container, runner: CatchUpRunner[ProfilesView]
    ) -> None:
        profile = runner.view.get_profile(UUID(int=1), now=T0, framework=container.ledger.framework)
        assert len(profile.scorecards) == 16
        assert profile.pix_score == 0
        assert {c.status for c in profile.scorecards} == {"NOT_STARTED"}
