"""Generate the sample item bank shipped with certledger, reproducibly (seeded).

    python scripts/generate_bank.py [--seed N] [--out PATH]

The same seed always writes the same bytes. A released bank file is never edited: a new
generation is released as a new version (``sample-v<N+1>.json``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20261122
VERSION = 1
OUT = Path(__file__).resolve().parents[1] / "domain" / "bank" / "data" / f"sample-v{VERSION}.json"

# Seven topics ("tubes") per competence; names follow Pix's "@camelCase" convention.
TOPICS: dict[str, list[str]] = {
    "1.1": [
        "moteurRecherche",
        "operateursBooleens",
        "sourceFiable",
        "veilleFlux",
        "rechercheImage",
        "urlLecture",
        "filtresAvances",
    ],
    "1.2": [
        "arborescence",
        "nommageFichier",
        "sauvegarde",
        "formatsFichier",
        "stockageCloud",
        "compression",
        "synchronisation",
    ],
    "1.3": [
        "tableurFormule",
        "triFiltre",
        "graphique",
        "referenceCellule",
        "tableauCroise",
        "fonctionsLogiques",
        "donneesOuvertes",
    ],
    "2.1": [
        "courrielBase",
        "piecesJointes",
        "visioconference",
        "messagerieInstantanee",
        "destinatairesCopie",
        "signatureCourriel",
        "netiquette",
    ],
    "2.2": [
        "reseauxSociaux",
        "licencesLibres",
        "publicationWeb",
        "droitAuteur",
        "partageLien",
        "visibilitePublication",
        "blogEdition",
    ],
    "2.3": [
        "documentPartage",
        "agendaPartage",
        "suiviVersions",
        "outilsProjet",
        "commentaires",
        "droitsAcces",
        "coedition",
    ],
    "2.4": [
        "identiteNumerique",
        "eReputation",
        "demarchesEnLigne",
        "citoyenneteNumerique",
        "cyberharcelement",
        "traceNumerique",
        "servicesPublics",
    ],
    "3.1": [
        "miseEnForme",
        "stylesTitres",
        "tableauTexte",
        "tableMatieres",
        "publipostage",
        "revisionTexte",
        "modeles",
    ],
    "3.2": [
        "retoucheImage",
        "formatsImage",
        "montageVideo",
        "sonNumerique",
        "resolution",
        "diaporama",
        "sousTitres",
    ],
    "3.3": [
        "conversionPdf",
        "accessibiliteDoc",
        "impressionMiseEnPage",
        "formatsOuverts",
        "metadonnees",
        "exportWeb",
        "compatibilite",
    ],
    "3.4": [
        "algorithme",
        "boucles",
        "conditions",
        "variables",
        "fonctions",
        "debogage",
        "langageBalisage",
    ],
    "4.1": [
        "motDePasse",
        "hameconnage",
        "misesAJour",
        "antivirus",
        "authentificationDouble",
        "chiffrement",
        "reseauWifi",
    ],
    "4.2": [
        "cookies",
        "rgpdDroits",
        "parametresConfidentialite",
        "donneesSensibles",
        "navigationPrivee",
        "consentement",
        "traceurs",
    ],
    "4.3": [
        "ergonomiePoste",
        "tempsEcran",
        "impactEnvironnemental",
        "recyclage",
        "sobrieteNumerique",
        "bienEtre",
        "consommationEnergie",
    ],
    "5.1": [
        "diagnosticPanne",
        "peripheriques",
        "connexionReseau",
        "gestionnaireTaches",
        "pilotes",
        "espaceDisque",
        "redemarrage",
    ],
    "5.2": [
        "systemeExploitation",
        "installationLogiciel",
        "raccourcisClavier",
        "parametresSysteme",
        "logicielsLibres",
        "navigateur",
        "objetsConnectes",
    ],
}
TYPES = ("QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep")
# Centre of the capacity band of each skill difficulty, on the v3 scale (seed mesh intervals).
DIFFICULTY_CENTRE = {1: -1.8, 2: -0.95, 3: 0.05, 4: 1.05, 5: 1.9, 6: 2.7, 7: 3.55, 8: 4.4}
WORDS = [
    "clavier",
    "souris",
    "serveur",
    "fichier",
    "dossier",
    "lien",
    "onglet",
    "courriel",
    "navigateur",
    "octet",
]


def generate(seed: int) -> dict[str, Any]:
    """Build the bank document; every random choice comes from one seeded generator."""
    rng = np.random.default_rng(seed)
    competences = []
    for code, topics in TOPICS.items():
        prefix = code.replace(".", "")
        tubes = []
        for t, topic in enumerate(topics):
            low = int(rng.integers(1, 3))
            high = int(rng.integers(5, 9))
            tube_id = f"tub{prefix}{t:02d}"
            skills = [_skill(rng, tube_id, topic, d) for d in range(low, high + 1)]
            tubes.append(
                {"id": tube_id, "name": f"@{topic}", "title": _title(topic), "skills": skills}
            )
        competences.append({"code": code, "tubes": tubes})
    return {
        "id": "sample",
        "version": VERSION,
        "framework": "pix-v1",
        "generated_by": {"script": "scripts/generate_bank.py", "seed": seed},
        "competences": competences,
    }


def _skill(rng: np.random.Generator, tube_id: str, topic: str, difficulty: int) -> dict[str, Any]:
    skill_id = f"skl{tube_id[3:]}{difficulty}"
    count = int(rng.choice([1, 2, 2, 3]))
    challenges = [_challenge(rng, skill_id, difficulty, i) for i in range(count)]
    return {
        "id": skill_id,
        "name": f"@{topic}{difficulty}",
        "difficulty": difficulty,
        "tutorials": [
            {
                "id": f"tut{skill_id[3:]}s",
                "title": f"Réussir : {_title(topic)} niveau {difficulty}",
                "url": f"https://tutorials.example.org/{topic}/{difficulty}/succeed",
                "kind": "to_succeed",
            },
            {
                "id": f"tut{skill_id[3:]}m",
                "title": f"En savoir plus : {_title(topic)}",
                "url": f"https://tutorials.example.org/{topic}/{difficulty}/more",
                "kind": "to_learn_more",
            },
        ],
        "challenges": challenges,
    }


def _challenge(rng: np.random.Generator, skill_id: str, difficulty: int, i: int) -> dict[str, Any]:
    ctype = TYPES[int(rng.integers(0, len(TYPES)))]
    status = "validé" if rng.random() < 0.93 else str(rng.choice(["archivé", "périmé"]))
    a = float(np.clip(rng.lognormal(mean=0.2, sigma=0.35), 0.4, 3.0))
    b = DIFFICULTY_CENTRE[difficulty] + float(rng.normal(0.0, 0.3))
    flags = rng.random(4)
    return {
        "id": f"rec{skill_id[3:]}{chr(ord('a') + i)}",
        "type": ctype,
        **_content(rng, ctype),
        "timer": int(rng.choice([30, 45, 60])) if flags[0] < 0.12 else None,
        "focused": bool(flags[1] < 0.15),
        "has_attachment": bool(flags[2] < 0.1),
        "has_image": bool(flags[3] < 0.3),
        "has_embed": False,
        "accessibility": [
            f
            for f, p in (("blind_compatible", 0.7), ("color_blind_compatible", 0.9))
            if rng.random() < p
        ],
        "locales": ["fr-fr", "fr"] if rng.random() < 0.3 else ["fr-fr", "fr", "en"],
        "status": status,
        "calibration": {"discriminant": round(a, 6), "difficulty": round(b, 6)},
    }


def _content(rng: np.random.Generator, ctype: str) -> dict[str, Any]:
    words = [str(w) for w in rng.choice(WORDS, size=3, replace=False)]
    if ctype == "QCU":
        return {
            "instruction": "Quelle proposition est correcte ?",
            "proposals": "- " + "\n- ".join([*words, "aucune"]),
            "solution": {"value": str(int(rng.integers(1, 5)))},
        }
    if ctype == "QCM":
        picks = sorted(int(x) for x in rng.choice([1, 2, 3, 4], size=2, replace=False))
        return {
            "instruction": "Cochez les propositions correctes.",
            "proposals": "- " + "\n- ".join([*words, "aucune"]),
            "solution": {"value": ",".join(map(str, picks))},
        }
    if ctype == "QROC":
        if rng.random() < 0.3:
            return {
                "instruction": "Combien d'octets fait un kilooctet (SI) ?",
                "proposals": "${nombre}",
                "solution": {"value": "1000", "format": "nombre"},
            }
        return {
            "instruction": "Quel mot désigne cet élément ?",
            "proposals": "${mot}",
            "solution": {"value": f"{words[0]}\n{words[0]}s"},
        }
    if ctype == "QROCM-ind":
        return {
            "instruction": "Complétez les deux champs.",
            "proposals": "Élément : ${element}\nAnnée : ${annee#select}",
            "solution": {
                "value": f"element:\n- {words[0]}\n- {words[1]}\nannee:\n- '1989'\n",
                "select_blocks": ["annee"],
            },
        }
    return {
        "instruction": "Citez deux éléments (dans l'ordre de votre choix).",
        "proposals": "${p1}\n${p2}",
        "solution": {"value": f"p1:\n- {words[0]}\np2:\n- {words[1]}\n", "deactivations": ["t3"]},
    }


def _title(topic: str) -> str:
    spaced = "".join(f" {ch.lower()}" if ch.isupper() else ch for ch in topic)
    return spaced[0].upper() + spaced[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    doc = generate(args.seed)
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(
        len(s["challenges"]) for c in doc["competences"] for t in c["tubes"] for s in t["skills"]
    )
    print(f"wrote {args.out} ({n} challenges, seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
