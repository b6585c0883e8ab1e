"""What the app exports to Prometheus, and the selectors a PromQL expression relies on.

Used to check every expression in deploy/ and in the canary analysis against the metrics
the app really exports: a filter on a label the app does not have matches nothing and
turns an error rate into a silent 0%.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import promql_parser
from prometheus_client.metrics import MetricWrapperBase

from agente_hotel import metrics
from agente_hotel.domain import Channel
from agente_hotel.pms import resilient

# Labels Prometheus attaches to every scraped series, and the one our scrape configs add.
TARGET_LABELS = frozenset({"job", "instance", "track"})
# Series Prometheus makes itself.
SYNTHETIC_SERIES: dict[str, frozenset[str]] = {"up": frozenset()}
PMS_WRAPPER = Path(resilient.__file__).read_text(encoding="utf-8")
# Label values the code sets, where a fixed set exists: (series or None for any, label).
KNOWN_VALUES: dict[tuple[str | None, str], frozenset[str]] = {
    (None, "channel"): frozenset(channel.value for channel in Channel),
    ("messages_received_total", "outcome"): frozenset({"accepted", "duplicate"}),
    ("pms_requests_total", "outcome"): frozenset(
        re.findall(r'_count\(operation, "(\w+)"\)', PMS_WRAPPER)
    ),
}
PLAIN_ALTERNATIVES = re.compile(r"^[\w|]+$")
GRAFANA_VARIABLES = re.compile(r"\$__(rate_interval|interval|range)")


def exported_series() -> dict[str, frozenset[str]]:
    """Every series name the app exposes, with its label names (target labels excluded)."""
    series: dict[str, frozenset[str]] = dict(SYNTHETIC_SERIES)
    for metric in vars(metrics).values():
        if not isinstance(metric, MetricWrapperBase):
            continue
        name, labels = metric._name, frozenset(metric._labelnames)
        if metric._type == "counter":
            series[f"{name}_total"] = labels
        elif metric._type == "histogram":
            series[f"{name}_bucket"] = labels | {"le"}
            series[f"{name}_count"] = labels
            series[f"{name}_sum"] = labels
        else:
            series[name] = labels
    return series


@dataclass(frozen=True)
class Selector:
    metric: str
    matchers: tuple[tuple[str, str, str], ...]  # (label, operator, value)


@dataclass(frozen=True)
class Uses:
    selectors: tuple[Selector, ...]
    grouping_labels: frozenset[str]  # by/without/on/ignoring labels


def parse(expression: str) -> Uses:
    """The selectors and grouping labels of a PromQL expression (Grafana variables allowed)."""
    tree = promql_parser.parse(GRAFANA_VARIABLES.sub("5m", expression))
    selectors: list[Selector] = []
    grouping: set[str] = set()

    def visit(node: object) -> bool:
        if isinstance(node, promql_parser.VectorSelector):
            matchers = tuple(
                (m.name, str(m.op).rsplit(".", 1)[-1], m.value)
                for m in node.matchers.matchers
                if m.name != "__name__"
            )
            selectors.append(Selector(node.name or "", matchers))
        modifier = getattr(node, "modifier", None)
        labels = getattr(getattr(modifier, "matching", modifier), "labels", None)
        if isinstance(labels, list):
            grouping.update(labels)
        return True

    promql_parser.walk(tree, visit)
    return Uses(tuple(selectors), frozenset(grouping))


def _values(operator: str, value: str) -> set[str]:
    """The literal values a matcher names: `a` for `="a"`, `a`, `b` for `=~"a|b"`."""
    if operator == "Equal":
        return {value}
    if operator == "Re" and PLAIN_ALTERNATIVES.match(value):
        return set(value.split("|"))
    return set()


def problems(expression: str, exported: dict[str, frozenset[str]]) -> Iterator[str]:
    """Why an expression would not match what the app exports; nothing when it would."""
    uses = parse(expression)
    known_labels = set(TARGET_LABELS)
    for selector in uses.selectors:
        labels = exported.get(selector.metric)
        if labels is None:
            yield f"{selector.metric} is not exported"
            continue
        known_labels |= labels
        for label, operator, value in selector.matchers:
            if label not in labels | TARGET_LABELS:
                yield f"{selector.metric} has no label {label!r}"
            allowed = KNOWN_VALUES.get((selector.metric, label), KNOWN_VALUES.get((None, label)))
            if allowed is None:
                continue
            for unknown in sorted(_values(operator, value) - allowed):
                yield f"{selector.metric}{{{label}={unknown!r}}}: the app never sets that value"
    for label in uses.grouping_labels - known_labels:
        yield f"groups by {label!r}, which none of its series has"
