"""Episodes per second: collsec's crisis engine against the same model written with SimPy.

The SimPy peer is written the way a SimPy user would: one Environment per episode, one process
per procedure step (request, consultations, decision, order, deployment, mission, withdrawal)
yielding timeouts drawn from the same distributions, with the same behaviour draws, the same
charter decisions and the same (cached) greedy plans. Both run the same seeds and draw the
same numbers: the peer computes each episode's stream alone (`draws_for`), as a SimPy user
seeds one generator per episode; collsec's engine computes a batch's streams at once with
numpy (`EpisodeModel.run_batch`, `collsec.sim.draws`). The script first checks that their
outcome probabilities agree within their 95% intervals, then times both in `--rounds` paired
rounds (collsec then SimPy in odd rounds, SimPy then collsec in even ones, so drift in the
machine's load falls on both) and prints the median episodes per second of each, the median of
the rounds' ratios and its range, and the load average.

    .venv/bin/python benchmarks/sim_throughput.py [--runs N] [--rounds 5] [--crisis ID]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from collections.abc import Generator, Iterator
from typing import Any

import simpy

from collsec.charter.measures import MEASURE_ORDER, Measure
from collsec.scenario import load_scenario
from collsec.sim.adjudication import adjudicate
from collsec.sim.crises import spec_for_crisis
from collsec.sim.draws import draws_for
from collsec.sim.episode import EpisodeModel
from collsec.sim.records import Outcome


def simpy_episode(model: EpisodeModel, seed: int, episode: int) -> dict[str, Any]:
    """The crisis model as SimPy processes; returns the fields the comparison needs."""
    env = simpy.Environment()
    u: Iterator[float] = draws_for(seed, episode)
    p, spec, b = model.params, model.spec, model.behaviour
    state: dict[str, Any] = {"deployed": False, "outcome": Outcome.NOT_APPLICABLE}

    def request() -> Generator[Any, Any, bool]:
        asked = spec.requested if spec.requested is not None else next(u) < b.request
        if spec.requested is not None:
            next(u)
        if asked and not spec.from_request:
            yield env.timeout(p.hours_threat_to_request.draw(next(u)))
        return bool(asked)

    def council(requested: bool) -> Generator[Any, Any, Any]:
        yield env.timeout(p.hours_request_to_convene.draw(next(u)))
        to_decision = p.hours_convene_to_decision.draw(next(u))
        if model.plan is not None and model.plan_decision_h is not None:
            to_decision = min(to_decision, model.plan_decision_h)
        yield env.timeout(to_decision)
        drafts = []
        for measure in MEASURE_ORDER:
            if measure is Measure.NOTHING or not model.allowed(measure, requested):
                continue
            positions = b.positions(measure, u, p.leader_objects, requested)
            drafts.append((measure, positions))
            if model.adopted(positions):
                break
        return model.path(requested, tuple(drafts))

    def deployment(path: Any) -> Generator[Any, Any, None]:
        size = spec.size.draw(next(u))
        duration_h = spec.duration_days.draw(next(u)) * 24.0
        if path.measure is not Measure.COLLECTIVE_FORCES:
            return
        yield env.timeout(p.hours_decision_to_order.draw(next(u)))
        t_order = env.now
        senders = tuple(
            s for s in path.bound if s != spec.victim and (s == b.leader or next(u) < b.offer)
        )
        plan, multiplier = model.landings(senders)
        if not plan.arrivals:
            return
        arrivals = [(t_order + h, n) for h, n, _ in plan.arrivals]
        yield env.timeout(arrivals[0][0] - env.now)
        first = env.now
        yield env.timeout(p.days_mission.draw(next(u)) * 24.0)
        yield env.timeout(p.days_withdrawal_start.draw(next(u)) * 24.0)
        yield env.timeout(p.days_withdrawal.draw(next(u)) * 24.0)
        escalated = next(u) < 1.0 - (1.0 - spec.escalation) ** (first / 24.0)
        state["deployed"] = True
        state["outcome"] = adjudicate(
            p,
            spec.kind,
            own=model.own_forces,
            arrivals=arrivals,
            size=size,
            duration_h=max(duration_h, first),
            escalated=escalated,
            u=next(u),
            multiplier=multiplier,
        )

    def episode_process() -> Generator[Any, Any, None]:
        requested = yield env.process(request())
        path = yield env.process(council(requested))
        yield env.process(deployment(path))

    env.process(episode_process())
    env.run()
    return state


def _rate(k: int, n: int) -> tuple[float, float]:
    p = k / n
    return p, 1.96 * math.sqrt(max(p * (1 - p), 1e-12) / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20000)
    parser.add_argument("--crisis", default=None)
    parser.add_argument("--scenario", action="append", default=[])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="paired timing rounds")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    model = EpisodeModel(scenario, spec_for_crisis(scenario, args.crisis))
    model.run_batch(args.seed, 0, args.runs)  # fill the caches (plans, charter answers) first
    ours = model.run_batch(args.seed, 0, args.runs)
    peer = [simpy_episode(model, args.seed, i) for i in range(args.runs)]
    n = args.runs
    for name, a, b in (
        ("p_deploy", sum(r.deployed for r in ours), sum(s["deployed"] for s in peer)),
        (
            "p_stabilised",
            sum(r.outcome is Outcome.STABILISED for r in ours),
            sum(s["outcome"] is Outcome.STABILISED for s in peer),
        ),
    ):
        (pa, ea), (pb, eb) = _rate(a, n), _rate(b, n)
        agree = abs(pa - pb) <= ea + eb
        print(f"{name}: collsec {pa:.4f} +/- {ea:.4f}, simpy {pb:.4f} +/- {eb:.4f}, agree={agree}")
        if not agree:
            raise SystemExit("the peer does not compute the same model; timings are meaningless")
    del ours, peer

    def time_ours() -> float:
        t0 = time.perf_counter()
        model.run_batch(args.seed, 0, n)
        return time.perf_counter() - t0

    def time_peer() -> float:
        t0 = time.perf_counter()
        for i in range(n):
            simpy_episode(model, args.seed, i)
        return time.perf_counter() - t0

    t_ours: list[float] = []
    t_peer: list[float] = []
    for r in range(args.rounds):
        if r % 2 == 0:
            t_ours.append(time_ours())
            t_peer.append(time_peer())
        else:
            t_peer.append(time_peer())
            t_ours.append(time_ours())
    ratios = sorted(p / o for p, o in zip(t_peer, t_ours, strict=True))
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"collsec: {n / statistics.median(t_ours):,.0f} episodes/s on one core ({n} episodes, "
          f"median of {args.rounds} rounds)")  # fmt: skip
    print(f"simpy:   {n / statistics.median(t_peer):,.0f} episodes/s on one core")
    print(f"ratio collsec/simpy: {statistics.median(ratios):.2f}x (median of paired rounds; "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}x); load average {load}")  # fmt: skip


if __name__ == "__main__":
    main()
