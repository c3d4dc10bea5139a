"""The jury context: deliberation after finalisation, and publication.

Belongs here: the jury's aggregates and their events (``case.JuryCase`` per course,
``deliberation.SessionDeliberation`` per session), the pure auto-jury rules, the decision value
objects, the jury's command group and its read-side helpers. Depends on ``domain`` only;
``domain`` never imports it. See docs/decisions/0800-the-jury-context.md.
"""
