from __future__ import annotations

from domain.scoring.inputs import Answer
from domain.scoring.live_alerts import exclude_live_alerts
from tests.unit.domain.scoring.pools import challenge


def test_a_live_alert_removes_its_answer_and_every_challenge_of_its_skill() -> None:
    challenges = [
        challenge("a", 1, 0, skill="s1"),
        challenge("a-bis", 1, 0, skill="s1"),
        challenge("b", 1, 0, skill="s2"),
    ]
    answers = [Answer("a", "ko"), Answer("b", "ok")]
    kept, kept_answers = exclude_live_alerts(challenges, answers, {"a"})
    assert [c.id for c in kept] == ["b"]
    assert kept_answers == (Answer("b", "ok"),)


def test_no_alert_keeps_everything_in_order() -> None:
    challenges = [challenge("b", 1, 0), challenge("a", 1, 0)]
    kept, kept_answers = exclude_live_alerts(challenges, [Answer("a", "ok")], ())
    assert kept == tuple(challenges)
    assert kept_answers == (Answer("a", "ok"),)
