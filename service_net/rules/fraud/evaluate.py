"""Precision and recall of the signals on a labelled set of scenarios (issue 6, closing note).

A scenario is one number's story — one or more complaints or lookups — labelled `fake` or
`genuine`. It is flagged when the score of all its signals (each observation's against an
in-memory registry, plus the group's) reaches the threshold. Print the figures with

    .venv/bin/python -m service_net.rules.fraud.evaluate

(the scenarios live in tests/unit/fraud_scenarios.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .context import active_brand_ids
from .groups import group_signals
from .model import BrandFact, Observation, OutletFact, RegistryView, Signal
from .names import brand_words, names_match
from .score import DEFAULT_THRESHOLD, suspect_score
from .signals import observation_signals

FAKE, GENUINE = "fake", "genuine"


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str  # FAKE | GENUINE
    pattern: str  # the domain.md §6 pattern, or what is messy about a genuine case
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class Registry:
    outlets: tuple[OutletFact, ...]
    brands: tuple[BrandFact, ...]
    today: date

    def view(self, obs: Observation) -> RegistryView:
        """The caller's look-up, done in memory: outlets by phone key, and by similar name."""
        by_phone = tuple(o for o in self.outlets if obs.phone_key and obs.phone_key in o.phone_keys)
        words = brand_words(self.brands)
        by_name = tuple(o for o in self.outlets if obs.name and names_match(obs.name, o.name, words))
        brand_outlets = tuple(o for o in self.outlets
                              if obs.brand_id in active_brand_ids((o,), self.today))
        return RegistryView(by_phone, by_name, self.brands, self.today, brand_outlets)


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    signals: tuple[Signal, ...]
    score: int
    flagged: bool


@dataclass(frozen=True)
class Evaluation:
    threshold: int
    outcomes: tuple[Outcome, ...]

    def count(self, label: str, flagged: bool) -> int:
        return sum(1 for o in self.outcomes if o.scenario.label == label and o.flagged == flagged)

    @property
    def precision(self) -> float:
        tp, fp = self.count(FAKE, True), self.count(GENUINE, True)
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = self.count(FAKE, True), self.count(FAKE, False)
        return tp / (tp + fn) if tp + fn else 1.0

    def mistakes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.flagged != (o.scenario.label == FAKE)]


def scenario_signals(scenario: Scenario, registry: Registry, now: datetime) -> list[Signal]:
    signals: list[Signal] = []
    for obs in scenario.observations:
        signals += observation_signals(obs, registry.view(obs))
    keys = {o.phone_key for o in scenario.observations if o.phone_key}
    held = active_brand_ids(tuple(o for o in registry.outlets if o.phone_keys & keys), registry.today)
    return signals + group_signals(scenario.observations, now=now, brands=registry.brands,
                                   authorized_brand_ids=held)


def evaluate(scenarios: Sequence[Scenario], registry: Registry, now: datetime,
             threshold: int = DEFAULT_THRESHOLD) -> Evaluation:
    outcomes = []
    for scenario in scenarios:
        signals = scenario_signals(scenario, registry, now)
        score = suspect_score(signals)
        outcomes.append(Outcome(scenario, tuple(signals), score, score >= threshold))
    return Evaluation(threshold, tuple(outcomes))


def report(evaluation: Evaluation) -> str:
    """The figures as text: confusion counts, precision, recall, codes fired, every mistake."""
    tp, fp = evaluation.count(FAKE, True), evaluation.count(GENUINE, True)
    fn, tn = evaluation.count(FAKE, False), evaluation.count(GENUINE, False)
    fired = Counter(s.code for o in evaluation.outcomes for s in {x.code: x for x in o.signals}.values())
    lines = [
        f"scenarios: {len(evaluation.outcomes)} ({tp + fn} fake, {fp + tn} genuine); "
        f"threshold {evaluation.threshold}",
        f"flagged fakes {tp}, missed fakes {fn}, flagged genuine {fp}, passed genuine {tn}",
        f"precision {evaluation.precision:.3f}  recall {evaluation.recall:.3f}",
        "scenarios each code fired in: " + ", ".join(f"{c} {n}" for c, n in sorted(fired.items())),
    ]
    for o in evaluation.mistakes():
        codes = ",".join(sorted({s.code for s in o.signals})) or "-"
        lines.append(f"  {o.scenario.label:7} score {o.score:3} {o.scenario.key}: "
                     f"{o.scenario.pattern} [{codes}]")
    return "\n".join(lines)


def main() -> None:
    from tests.unit import fraud_scenarios as labelled  # the labelled set ships with the tests

    for threshold in sorted({DEFAULT_THRESHOLD - 10, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD + 10}):
        print(report(evaluate(labelled.SCENARIOS, labelled.REGISTRY, labelled.NOW, threshold)))
        print()


if __name__ == "__main__":
    main()
