from __future__ import annotations

import threading

from projections.wakes import Wakes


def test_wakes_only_the_followers_of_a_written_topic() -> None:
    wakes = Wakes()
    courses, profiles, everything = threading.Event(), threading.Event(), threading.Event()
    wakes.register(["course:Answered"], courses)
    wakes.register(["assessment:Answered", "assessment:Started"], profiles)
    wakes.register([], everything)

    wakes.written({"course:Answered"})

    assert courses.is_set()
    assert not profiles.is_set()
    assert everything.is_set()


def test_unknown_topics_wake_every_follower() -> None:
    wakes = Wakes()
    a, b = threading.Event(), threading.Event()
    wakes.register(["x:A"], a)
    wakes.register(["x:B"], b)

    wakes.written(None)

    assert a.is_set()
    assert b.is_set()


def test_an_unregistered_follower_is_no_longer_woken() -> None:
    wakes = Wakes()
    a = threading.Event()
    wakes.register(["x:A"], a)
    wakes.unregister(a)

    wakes.written({"x:A"})

    assert not a.is_set()
