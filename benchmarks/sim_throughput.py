"""Episodes per second: collsec's crisis engine against the same model written with SimPy.

The SimPy peer is written the way a SimPy user would: one Environment per episode, one process
per procedure step (request, consultations, decision, order, deployment, mission, withdrawal)
yielding timeouts drawn from the same distributions, with the same behaviour draws, the same
charter decisions and the same (cached) greedy plans. Both run the same seeds and draw the
same numbers: the peer computes each episode's stream alone (`draws_for`), as a SimPy user
seeds one generator per episode; collsec's engine computes a batch's streams at once with
numpy (`EpisodeModel.run_batch`, `collsec.sim.draws`). The script first checks that their
outcome probabilities agree within their 95% intervals, then prints episodes per second for
each and the ratio.

    .venv/bin/python benchmarks/sim_throughput.py [--runs N] [--crisis ID] [--scenario PATH]
"""

from __future__ import annotations

import argparse
import math
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
            positions = b.positions(measure, u, p.leader_objects)
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
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    model = EpisodeModel(scenario, spec_for_crisis(scenario, args.crisis))
    model.run_batch(args.seed, 0, args.runs)  # fill the caches (plans, charter answers) first
    t0 = time.perf_counter()
    ours = model.run_batch(args.seed, 0, args.runs)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = [simpy_episode(model, args.seed, i) for i in range(args.runs)]
    t_peer = time.perf_counter() - t0
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
    print(f"collsec: {n / t_ours:,.0f} episodes/s on one core ({n} episodes)")
    print(f"simpy:   {n / t_peer:,.0f} episodes/s on one core")
    print(f"ratio collsec/simpy: {t_peer / t_ours:.2f}x")


if __name__ == "__main__":
    main()
