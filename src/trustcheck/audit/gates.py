"""Gates for scripts and CI: fail the run when members fall below a level, a score or a need.

``--fail-under partial`` fails when a member's report level is below partial; ``--fail-under
60`` when its score is below 60; ``--require PS5=full`` when element PS5 is below full. Gates
read final values (reviewer decisions applied), and only members with levels: a member whose
report could not be read has its own exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trustcheck.audit.load import Audit, AuditMember
from trustcheck.errors import UsageError


@dataclass(frozen=True, slots=True)
class Gates:
    """What the run must meet; empty gates always pass."""

    level: str | None = None
    score: float | None = None
    requires: list[tuple[str, str]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return self.level is not None or self.score is not None or bool(self.requires)


def parse_gates(audit: Audit, fail_under: str | None, requires: tuple[str, ...]) -> Gates:
    """Check the options against the audit's framework and turn them into :class:`Gates`."""
    levels = audit.levels
    level = score = None
    if fail_under is not None:
        value = fail_under.strip()
        if value in levels:
            level = value
        else:
            try:
                score = float(value)
            except ValueError:
                raise UsageError(
                    f"--fail-under {fail_under!r} is neither a level nor a score",
                    hint=f"give one of {', '.join(levels)}, or a score from 0 to 100",
                ) from None
            if not 0 <= score <= 100:
                raise UsageError(f"--fail-under {fail_under}: a score is from 0 to 100")
    ids = {e.id.casefold(): e.id for e in audit.framework.elements}
    wanted = []
    for item in requires:
        element, sep, need = item.partition("=")
        key = element.strip().casefold()
        if not sep or key not in ids or need.strip() not in levels:
            raise UsageError(
                f"--require {item!r}: expected ELEMENT=LEVEL",
                hint=f"an element id ({', '.join(ids.values())}) and a level "
                f"({', '.join(levels)}), e.g. {next(iter(ids.values()))}={levels[0]}",
            )
        wanted.append((ids[key], need.strip()))
    return Gates(level, score, wanted)


def gate_failures(audit: Audit, gates: Gates, members: list[AuditMember]) -> list[str]:
    """One line per member and gate it fails, on final (reviewed) values."""
    rank = {level: index for index, level in enumerate(audit.levels)}
    lines = []
    for member in members:
        assessment = member.assessment
        if assessment is None:
            continue
        if gates.level is not None and rank[assessment.final_level] > rank[gates.level]:
            lines.append(f"{member.member}: level {assessment.final_level} is below {gates.level}")
        if gates.score is not None and assessment.final_score < gates.score:
            lines.append(
                f"{member.member}: score {assessment.final_score:g} is below {gates.score:g}"
            )
        for element_id, need in gates.requires:
            got = assessment.element(element_id).final_level
            if rank[got] > rank[need]:
                lines.append(f"{member.member}: {element_id} is {got}, {need} is required")
    return lines
