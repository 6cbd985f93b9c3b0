"""Loading and validating the lead rules file (rules.toml). Pure apart from reading it.

Every error names the rule (its section and id) and the field, so an operator tuning the
file knows what to fix; nothing is scored with a half-valid file."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armsflow.leads.signals import SIGNALS, Priority, Subject

DEFAULT_RULES = Path(__file__).resolve().parent / "rules.toml"
SECTIONS = {"purchaser": Subject.PURCHASER, "dealer": Subject.DEALER,
            "network_rule": Subject.NETWORK}
RULE_FIELDS = {"id", "signal", "min", "weight", "per_extra", "cap", "max_ttc_days"}
TOP_FIELDS = {"version", "priorities", "network", *SECTIONS}


class RulesError(ValueError):
    """The rules file is not valid; the message names the rule and the field."""


@dataclass(frozen=True)
class Rule:
    id: str
    subject: Subject
    signal: str
    min: float
    weight: float
    per_extra: float = 0.0
    cap: float | None = None
    max_ttc_days: int | None = None

    def points(self, value: float) -> float:
        """Points this rule adds for a signal ``value`` (0 when it does not fire)."""
        if value < self.min:
            return 0.0
        pts = self.weight + self.per_extra * (value - self.min)
        return min(pts, self.cap) if self.cap is not None else pts


@dataclass(frozen=True)
class Thresholds:
    high: float
    medium: float
    low: float

    def priority(self, score: float) -> Priority | None:
        if score >= self.high:
            return Priority.HIGH
        if score >= self.medium:
            return Priority.MEDIUM
        if score >= self.low:
            return Priority.LOW
        return None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    priorities: Thresholds
    window_days: int
    min_members: int
    digest: str  # sha256 of the file, stored with each run

    def for_subject(self, subject: Subject) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.subject == subject)


def load_rules(path: Path | None = None) -> RuleSet:
    """Read and validate a rules file (the packaged default when ``path`` is None)."""
    path = path or DEFAULT_RULES
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the rules file ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from exc
    return parse_rules(data, digest=hashlib.sha256(raw).hexdigest(), where=str(path))


def parse_rules(data: dict[str, Any], digest: str = "", where: str = "rules") -> RuleSet:
    """Validate parsed TOML; raise RulesError naming the first bad rule and field."""
    unknown = set(data) - TOP_FIELDS
    if unknown:
        raise RulesError(f"{where}: unknown section(s) {sorted(unknown)}; "
                         f"allowed: {sorted(TOP_FIELDS)}")
    rules: list[Rule] = []
    seen: set[tuple[str, str]] = set()
    for section, subject in SECTIONS.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise RulesError(f"{where}: [{section}] must be an array of tables ([[{section}]])")
        for i, entry in enumerate(entries, start=1):
            rule = _rule(entry, section, subject, i, where)
            if (section, rule.id) in seen:
                raise RulesError(f"{where}: rule {section}.{rule.id}: field 'id': duplicate id")
            seen.add((section, rule.id))
            rules.append(rule)
    if not rules:
        raise RulesError(f"{where}: no rules defined")
    network = data.get("network", {})
    return RuleSet(rules=tuple(rules), priorities=_priorities(data.get("priorities"), where),
                   window_days=int(_number(network, "window_days", f"{where}: [network]",
                                           default=30, integer=True)),
                   min_members=int(_number(network, "min_members", f"{where}: [network]",
                                           default=2, integer=True)),
                   digest=digest)


def _rule(entry: Any, section: str, subject: Subject, index: int, where: str) -> Rule:
    if not isinstance(entry, dict):
        raise RulesError(f"{where}: rule {section} #{index}: must be a table")
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise RulesError(f"{where}: rule {section} #{index}: field 'id': required text")
    name = f"{where}: rule {section}.{rid}"
    extra = set(entry) - RULE_FIELDS
    if extra:
        raise RulesError(f"{name}: unknown field(s) {sorted(extra)}; "
                         f"allowed: {sorted(RULE_FIELDS)}")
    signal = entry.get("signal")
    known = sorted(k for k, s in SIGNALS.items() if s.subject == subject)
    if signal not in known:
        raise RulesError(f"{name}: field 'signal': {signal!r} is not a {subject.value} signal; "
                         f"one of {known}")
    ttc = SIGNALS[signal].ttc_window
    if ttc and "max_ttc_days" not in entry:
        raise RulesError(f"{name}: field 'max_ttc_days': required for signal {signal}")
    if not ttc and "max_ttc_days" in entry:
        raise RulesError(f"{name}: field 'max_ttc_days': signal {signal} takes no window")
    cap = _number(entry, "cap", name, default=None)
    return Rule(
        id=rid, subject=subject, signal=signal,
        min=_number(entry, "min", name), weight=_number(entry, "weight", name),
        per_extra=_number(entry, "per_extra", name, default=0.0),
        cap=cap,
        max_ttc_days=int(_number(entry, "max_ttc_days", name, integer=True)) if ttc else None)


_MISSING = object()


def _number(entry: dict[str, Any], field: str, name: str, default: Any = _MISSING,
            integer: bool = False) -> Any:
    if field not in entry:
        if default is _MISSING:
            raise RulesError(f"{name}: field '{field}': required number")
        return default
    value = entry[field]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"{name}: field '{field}': must be a number, got {value!r}")
    if integer and not isinstance(value, int):
        raise RulesError(f"{name}: field '{field}': must be a whole number, got {value!r}")
    if value < 0:
        raise RulesError(f"{name}: field '{field}': must not be negative, got {value!r}")
    return float(value) if not integer else value


def _priorities(raw: Any, where: str) -> Thresholds:
    name = f"{where}: [priorities]"
    if not isinstance(raw, dict):
        raise RulesError(f"{name}: required table with high, medium and low")
    extra = set(raw) - {"high", "medium", "low"}
    if extra:
        raise RulesError(f"{name}: unknown field(s) {sorted(extra)}")
    t = Thresholds(high=_number(raw, "high", name), medium=_number(raw, "medium", name),
                   low=_number(raw, "low", name))
    if not t.high > t.medium > t.low > 0:
        raise RulesError(f"{name}: field 'high': thresholds must satisfy high > medium > low > 0")
    return t
