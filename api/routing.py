"""Route dispatch by the path's first segment, so a request is not matched against every route.

FastAPI matches a request against each included router in turn, and each router against each
of its routes: about 100 µs of regular expressions before ``/courses/{id}/answers`` is found
(15 routers in). Only the routes whose path starts with the request's first segment can match
it, so this builds, per first segment, a router holding just those routes, in the app's order
(ADR 1501). It answers exactly as the whole router would: the first full match wins, a partial
one (405) or a slash redirect can only come from routes sharing the segment, and anything else
(no bucket for the segment, lifespan) goes to the whole router.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

ANY = "{any}"
"""The key of routes whose first segment is a parameter (they may match any path)."""


def index_routes(app: FastAPI) -> None:
    """Make ``app`` dispatch on the first path segment (rebuilt if routes are added later)."""
    router = app.router
    whole: ASGIApp = router.app
    if router.middleware_stack != whole:  # a router-level middleware: leave it be
        return
    built: list[Any] = [None, {}]  # the routes list the index was built from, and the index

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await whole(scope, receive, send)
            return
        routes = router.routes
        if built[0] != (id(routes), len(routes)):
            built[:] = [(id(routes), len(routes)), _buckets(router, routes)]
        segment = get_route_path(scope).split("/", 2)[1:2]
        bucket = built[1].get(segment[0] if segment else "")
        if bucket is None:
            await whole(scope, receive, send)
            return
        scope.setdefault("router", router)  # url_for sees every route
        await bucket.app(scope, receive, send)

    router.middleware_stack = dispatch


def _buckets(router: Any, routes: list[BaseRoute]) -> dict[str, Any]:
    """One shallow copy of ``router`` per first segment, holding the routes that may match."""
    keys = [_first_segments(route) for route in routes]
    segments = {s for ks in keys for s in ks if s != ANY}
    buckets: dict[str, Any] = {}
    for segment in segments:
        bucket = copy.copy(router)
        bucket.routes = [
            r for r, ks in zip(routes, keys, strict=True) if segment in ks or ANY in ks
        ]
        buckets[segment] = bucket
    return buckets


def _first_segments(route: BaseRoute) -> set[str]:
    """The first path segments ``route`` can match (``ANY`` if it cannot tell)."""
    return {_segment(path) for path in _paths(route)} or {ANY}


def _paths(route: BaseRoute) -> Iterable[str]:
    contexts = getattr(route, "effective_route_contexts", None)
    if contexts is not None:  # an included router: its routes, prefixes applied
        for context in contexts():
            starlette_route = getattr(context, "starlette_route", None)
            yield getattr(context, "path", "") or getattr(starlette_route, "path", "") or ""
        return
    if isinstance(route, Mount):
        yield route.path or ""
        return
    yield getattr(route, "path", "") or ""


def _segment(path: str) -> str:
    if not path.startswith("/"):
        return ANY
    first = path.split("/", 2)[1]
    return ANY if "{" in first else first
