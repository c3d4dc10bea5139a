"""The school chapter of ``certledger demo``: an organisation runs two campaigns for a class.

A school (SCO) imports a division of 25 pupils by CSV; its administrator creates a profiles
collection and an assessment campaign; simulated pupils join with the codes (their accounts are
linked to the school's list by identity), take the assessment with their true level, share,
and some position on more competences before sending their profile. The class results table,
the collective results and the certifiable pupils are printed; the chapter checks that the
certifiable list matches the certifiability read from events at each share, and that the
results view rebuilt from zero equals the incremental one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID

import numpy as np

from api.bootstrap import Container
from domain.actors import Actor
from domain.campaigns.simulation import take_campaign
from domain.positioning.simulation import position_learner

Say = Callable[[str], None]
FIRST = ("Adam", "Inès", "Hugo", "Léa", "Noah", "Jade", "Louis", "Emma", "Gabriel", "Alice")
LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre")  # fmt: skip
DIVISION = "3e B"
PUPILS = 25
EXTRA_COMPETENCES = ("2.1", "3.1", "4.1", "5.1")


def run_campaigns_demo(container: Container, say: Say, *, start: datetime, seed: int) -> int:
    """Run the school's two campaigns and print the class's results; 0 when the checks hold."""
    ledger = container.ledger
    rng = np.random.default_rng(seed)
    # A run of the demo adds to the store: UAI and logins get a fresh suffix each time.
    run = random.SystemRandom()
    suffix = f"{run.randrange(10**6):06d}"
    system = Actor.system("demo-school")
    uai = f"0{run.randrange(10**6):06d}{run.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"
    school = ledger.create_organisation(
        type="SCO", name="Collège Victor Hugo", uai=uai, created_at=start, actor=system
    )
    teacher = ledger.create_staff(
        role="ORGA_ADMIN", email=f"prof.{suffix}@college.example.org",
        password="demo-password-" + suffix, first_name="Claire", last_name="Professeure",
        created_at=start, actor=system,
    )  # fmt: skip
    ledger.add_organisation_member(school, teacher, added_at=start, actor=system)
    orga = Actor(id=str(teacher), role="ORGA_ADMIN")
    pupils = [
        (FIRST[n % len(FIRST)], LAST[n % len(LAST)], date(2011, 1 + n % 12, 1 + n % 28),
         f"{n:03d}{suffix}AB")
        for n in range(PUPILS)
    ]  # fmt: skip
    csv = "first_name,last_name,birthdate,division,national_student_id\n" + "".join(
        f"{f},{la},{b.isoformat()},{DIVISION},{ine}\n" for f, la, b, ine in pupils
    )
    imported = ledger.import_organisation_learners(
        school, csv.encode(), imported_at=start, actor=orga
    )
    say(f"school {uai}: {imported.added} pupils of {DIVISION} imported by CSV")
    assessment = ledger.create_campaign(
        school, type="ASSESSMENT", name="Information et données", created_at=start,
        actor=orga, rng=random.Random(seed), target_profile_id="area-1-level-3",
        multiple_sendings=True,
    )  # fmt: skip
    collection = ledger.create_campaign(
        school, type="PROFILES_COLLECTION", name="Qui est certifiable ?", created_at=start,
        actor=orga, rng=random.Random(seed + 1),
    )  # fmt: skip
    skills = len(ledger.get_campaign(assessment.campaign_id).skills)
    say(f"campaigns: assessment {assessment.code} ({skills} skills), "
        f"profiles collection {collection.code}")  # fmt: skip
    shares: dict[UUID, datetime] = {}
    answers = 0
    for n, (first, last, birthdate, _) in enumerate(pupils):
        clock = start + timedelta(hours=1 + n)
        user = ledger.register_learner(
            password="demo-password-" + suffix, first_name=first, last_name=last,
            birthdate=birthdate, username=f"eleve-{suffix}-{n}", registered_at=clock,
            actor=system,
        )  # fmt: skip
        me = Actor(id=str(user), role="LEARNER")
        ledger.join_campaign(assessment.code, user, joined_at=clock, actor=me)
        if n % 9 == 8:  # joined, never finished
            continue
        level = float(rng.uniform(0.5, 4.5))
        done = take_campaign(ledger, assessment.campaign_id, user, level, rng, start=clock,
                             actor=me)  # fmt: skip
        answers, clock = answers + done.answers, done.ended_at
        if n % 7 == 6:  # finished, not sent
            continue
        ledger.share_campaign_results(assessment.campaign_id, user, shared_at=clock, actor=me)
        if n % 2 == 0:  # more competences before sending the profile
            for code in EXTRA_COMPETENCES[: 2 + n % 3]:
                clock = position_learner(
                    ledger, user, code, level + 1, rng, start=clock, actor=me
                ).ended_at
        ledger.join_campaign(collection.code, user, joined_at=clock, actor=me)
        ledger.share_campaign_results(collection.campaign_id, user, shared_at=clock, actor=me)
        shares[user] = clock
    say(f"{PUPILS} pupils joined, {answers} answers, {len(shares)} profiles sent")
    runner = container.runners["campaign_results"]
    runner.catch_up()
    view = runner.view
    unseal = ledger.read_sealed
    say(f"  {'pupil':<22}{'status':<10}{'progress':>9}{'mastery':>9}{'pix':>5}  per competence")
    rows = view.participant_results(str(assessment.campaign_id))
    for r in sorted(rows, key=lambda r: (unseal(r.last_name), unseal(r.first_name))):
        mastery = "-" if r.mastery_rate is None else f"{100 * r.mastery_rate:.0f} %"
        per = " ".join(f"{c}:{v:.2f}" for c, v in (r.competence_mastery or {}).items())
        say(f"  {unseal(r.first_name) + ' ' + unseal(r.last_name):<22}{r.status:<10}"
            f"{r.progress:>9.3f}{mastery:>9}{'-' if r.pix_score is None else r.pix_score:>5}"
            f"  {per}")  # fmt: skip
    results = view.campaign_results(str(assessment.campaign_id), division=DIVISION)
    assert results is not None
    say(f"class {DIVISION}: {results.by_status}, average mastery {results.average_mastery_rate}")
    say(f"  success per competence: {results.competence_success}")
    certifiable = view.certifiable_learners(str(school), division=DIVISION)
    names = [
        f"{unseal(x.first_name)} {unseal(x.last_name)}" for x in certifiable if x.is_certifiable
    ]
    say(f"certifiable pupils of {DIVISION} ({len(names)} of {len(certifiable)}): "
        + (", ".join(names) or "none yet"))  # fmt: skip
    organisation = ledger.get_organisation(school)
    by_learner = {organisation.by_user[u]: u for u in shares}
    agrees = True
    for x in certifiable:
        pupil = by_learner.get(UUID(x.learner_id))
        if pupil is not None:
            verdict = ledger.get_certifiability(pupil, shares[pupil]).is_certifiable
            agrees = agrees and x.is_certifiable == verdict
    before = view.all_documents()
    runner.rebuild()
    same = view.all_documents() == before
    say(f"certifiable list matches events at each share: {agrees}; rebuilt view equal: {same}")
    return 0 if agrees and same else 1
