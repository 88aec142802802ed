"""Seeded deployment instances at the research's sizes (anchors-stack.md §1) plus XL.

S = 4 states, 20 units, 6 aircraft types, 48 h; M = 6, 40, 10, 72 h; L = 10, 80, 12, 96 h;
XL = 10 states, 1,000 units, 40 aircraft types, 14 days. As in the research's generator
(`deploy/instance.py`, described in §1 "Instances"): each state has one APOE and all fly to
one APOD; ten real transport types (C-130J/H, A400M, C-17, An-124, KC-390, A330 MRTT, C-295,
Il-76, B747F; XL adds variants of them); units carry 4 to 48 pallets (463L positions);
readiness (ALD) is drawn from {0, 6, 12, 24, 36} h; the APOD takes 2 arrivals an hour (the
research's MOG of 2 a slot) and parking is not limiting; the burden-share cap is 40 %.

What the research does not state, and is assumed here: a unit's positions are split between
cargo (4.5 t each) and seats (ten troops each), at least one of each, so the peer's pallets
p_u = ceil(t/4.5 + personnel/10) are the drawn 4-48; capability points are personnel; each
requirement asks for a quarter of its capability's personnel (an eighth at XL, where each
capability has about 125 units), at least its largest unit's, due 24-60 h after the order
scaled by horizon/96 (at XL 48-120 h); APOEs 800-3,000 km away; 1-4 airframes a
pool, one or two states a type. Differences that remain against the research: all lift is
pooled (the research pooled about 30 % of types and tied the rest to their owner), ranges
and the mixed troops/payload load of our model apply (the peer, like the research, ignores
range and counts pallets), and our model adds turnaround for loading and unloading.
"""

from __future__ import annotations

import numpy as np

from collsec.planning.model import (
    AircraftPool,
    AircraftType,
    Airfield,
    Contingent,
    PlanningProblem,
    PoliticalConstraints,
    Requirement,
)

SIZES = {
    "S": (4, 20, 6, 48.0, 4),
    "M": (6, 40, 10, 72.0, 6),
    "L": (10, 80, 12, 96.0, 8),
    "XL": (10, 1000, 40, 336.0, 8),
}
APOD_ARRIVALS_PER_H = 2.0  # the research's APOD MOG: 2 arrivals a 1 h slot
OPEN_MOG = 1000  # the research has no parking limit
OPEN_RATE = 60.0  # nor departure slots at the APOEs
SHARE_CAP = 0.4  # the research's burden-share cap sigma
REQUIRED_SHARE = 0.25  # assumed: a requirement asks for this share of its capability
DUE_H = [24, 36, 48, 60]  # assumed: due times before scaling to the horizon (x horizon/96)
# name, payload t, troops, cruise km/h, range km at payload, turnaround h
BASE_TYPES = [
    ("C-130J", 19.0, 92, 640.0, 3300.0, 2.0),
    ("A400M", 37.0, 116, 780.0, 3300.0, 2.5),
    ("C-17", 77.0, 102, 830.0, 4400.0, 3.0),
    ("An-124", 120.0, 88, 800.0, 4800.0, 4.0),
    ("KC-390", 26.0, 80, 870.0, 2800.0, 2.0),
    ("A330MRTT", 45.0, 300, 860.0, 8000.0, 3.0),
    ("C-295", 9.0, 71, 480.0, 1300.0, 1.5),
    ("Il-76", 40.0, 126, 780.0, 4000.0, 3.0),
    ("B747F", 110.0, 0, 900.0, 8000.0, 4.0),
    ("C-130H", 19.0, 92, 540.0, 3300.0, 2.0),
]
CAPS = [
    "airborne",
    "air_assault",
    "special_forces",
    "military_police",
    "medical",
    "engineers",
    "logistics",
    "command",
]


def instance(size: str, seed: int) -> PlanningProblem:
    """One seeded instance of the named size."""
    states_n, units_n, types_n, horizon, caps_n = SIZES[size]
    rng = np.random.default_rng([seed, list(SIZES).index(size)])
    apod = Airfield("APOD", "HOST", 43.35, 77.04, OPEN_MOG, APOD_ARRIVALS_PER_H)
    airfields = {"APOD": apod}
    states = [f"S{i:02d}" for i in range(states_n)]
    for s in states:
        # APOEs 800-3,000 km away, in a western arc
        bearing = rng.uniform(200, 340)
        km = rng.uniform(800, 3000)
        lat = apod.lat + km / 111.0 * np.cos(np.radians(bearing))
        lon = apod.lon + km / (111.0 * np.cos(np.radians(apod.lat))) * np.sin(np.radians(bearing))
        airfields[s] = Airfield(s, s, float(lat), float(lon), OPEN_MOG, OPEN_RATE)
    types: dict[str, AircraftType] = {}
    for i in range(types_n):
        name, pay, troops, v, rng_km, turn = BASE_TYPES[i % len(BASE_TYPES)]
        scale = 1.0 if i < len(BASE_TYPES) else float(rng.uniform(0.85, 1.15))
        tid = name if i < len(BASE_TYPES) else f"{name}-v{i // len(BASE_TYPES)}"
        types[tid] = AircraftType(tid, pay * scale, int(troops * scale), v, rng_km, turn)
    pools = []
    for tid in types:
        owners = rng.choice(states, size=int(rng.integers(1, 3)), replace=False)
        for s in sorted(owners):
            pools.append(
                AircraftPool(
                    tid,
                    str(s),
                    int(rng.integers(1, 5 if size != "XL" else 9)),
                    float(rng.choice([0.0, 2.0, 4.0])),
                )
            )
    caps = CAPS[:caps_n]
    units = []
    for u in range(units_n):
        s = states[int(rng.integers(states_n))]
        pallets = int(rng.integers(4, 49))
        seats = int(rng.integers(1, pallets // 2 + 1))
        units.append(
            Contingent(
                id=f"U{u:04d}",
                state=s,
                capability=caps[int(rng.integers(caps_n))],
                personnel=10 * seats,
                vehicles=int((pallets - seats) // 3),
                tonnage_t=4.5 * (pallets - seats),
                readiness_h=float(rng.choice([0, 6, 12, 24, 36])),
                home_airfield=s,
            )
        )
    reqs = []
    for k, cap in enumerate(caps):
        supply = sorted((c.personnel for c in units if c.capability == cap), reverse=True)
        if not supply:
            continue
        share = REQUIRED_SHARE if size != "XL" else REQUIRED_SHARE / 2
        need = max(supply[0], int(sum(supply) * share))
        reqs.append(
            Requirement(
                id=f"R{k}-{cap}",
                capability=cap,
                personnel=need,
                destination="APOD",
                due_h=float(rng.choice(DUE_H)) * (horizon / 96.0 if size != "XL" else 2.0),
                weight=float(rng.choice([1, 2, 3])),
            )
        )
    return PlanningProblem(
        requirements=tuple(reqs),
        contingents=tuple(units),
        aircraft_types=types,
        pools=tuple(pools),
        airfields=airfields,
        political=PoliticalConstraints(max_share={s: SHARE_CAP for s in states}, host_state="HOST"),
        horizon_h=horizon,
        block_overhead_h=0.5,
        route_factor=1.05,
    )
