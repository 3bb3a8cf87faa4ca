"""The registers by name, without their models: what the commands that only read validated data
need (ids, names in messages), so that they never import pydantic. models/entries.py maps each name
to its model; tests/test_plain_models.py keeps the two lists the same.
"""

from __future__ import annotations

# How messages name one entry of each register; the keys are the registers, in contract order.
SINGULAR_NAMES: dict[str, str] = {
    "assets": "asset",
    "threats": "threat",
    "risks": "risk",
    "controls": "control",
    "soa": "SoA",
    "records": "record",
    "bcp_plans": "plan",
    "exercises": "exercise",
    "training": "training",
    "audits": "audit",
    "nonconformities": "nonconformity",
    "reviews": "review",
    "objectives": "objective",
    "people": "person",
    "certifications": "certification",
    "issues": "issue",
    "interested_parties": "interested party",
    "roles": "role",
    "changes": "planned change",
    "competences": "competence",
    "communications": "communication",
    "measurements": "measurement",
}

REGISTER_NAMES: tuple[str, ...] = tuple(SINGULAR_NAMES)

ID_FIELDS: dict[str, str] = dict.fromkeys(REGISTER_NAMES, "id") | {"soa": "control"}

# The ratings a risk carries, each on its scale of isms.yaml.
RISK_RATINGS = (
    "vulnerability",
    "frequency",
    "likelihood",
    "impact",
    "residual_vulnerability",
    "residual_frequency",
    "residual_likelihood",
    "residual_impact",
)

NONCONFORMITY_FINDINGS: frozenset[str] = frozenset({"major-nonconformity", "minor-nonconformity"})
