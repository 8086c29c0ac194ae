"""A scenario's story as a graph, checked when its file is read: every ``next`` exists,
every step is reachable from the first, no path loops (every path reaches an ending), and,
with the flags each path sets, every step still offers a real choice."""

from __future__ import annotations

from pe_course.reader import Checker
from pe_course.scenario_model import END, MIN_CHOICES, Step


def check_graph(steps: list[Step], ck: Checker, lines: dict[tuple[str, ...], int | None]
                 ) -> None:
    """Every next exists, every step is reachable, and every path reaches an ending."""
    by_id = {s.id: s for s in steps}
    for step in steps:
        for choice in step.choices:
            if choice.next != END and choice.next not in by_id:
                ck.add(f"step '{step.id}' > choice '{choice.id}'.next",
                       f"unknown next step {choice.next!r}; expected one of: "
                       f"{', '.join([*by_id, END])}", line=lines.get((step.id, choice.id)))
    reachable: set[str] = set()
    frontier = [steps[0].id]
    while frontier:
        sid = frontier.pop()
        if sid in reachable or sid not in by_id:
            continue
        reachable.add(sid)
        frontier += [c.next for c in by_id[sid].choices if c.next != END]
    for step in steps:
        if step.id not in reachable:
            ck.add(f"step '{step.id}'", f"unreachable: no choice leads here from the first step "
                                        f"'{steps[0].id}'", line=lines.get((step.id,)))

    # A cycle means a path that never reaches an ending; so does a step with no choices.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(sid: str, path: list[str]) -> None:
        state[sid] = 1
        for choice in by_id[sid].choices:
            nxt = choice.next
            if nxt == END or nxt not in by_id:
                continue
            if state.get(nxt) == 1:
                on_path = path + [sid]
                loop = " -> ".join(on_path[on_path.index(nxt):] + [nxt])
                ck.add(f"step '{sid}' > choice '{choice.id}'.next",
                       f"makes a loop ({loop}): a path with no ending",
                       line=lines.get((sid, choice.id)))
            elif state.get(nxt) is None:
                visit(nxt, path + [sid])
        state[sid] = 2

    for step in steps:
        if step.id in reachable and step.id not in state:
            visit(step.id, [])

    # Flags can hide choices: on every path, each step must still offer a real choice.
    states: set[tuple[str, frozenset[str]]] = set()
    short: dict[str, frozenset[str]] = {}
    stack: list[tuple[str, frozenset[str]]] = [(steps[0].id, frozenset())]
    while stack:
        sid, flags = stack.pop()
        if (sid, flags) in states or sid not in by_id:
            continue
        states.add((sid, flags))
        offered = by_id[sid].offered(flags)
        if len(offered) < MIN_CHOICES:
            short.setdefault(sid, flags)
        stack += [(c.next, flags | set(c.sets)) for c in offered if c.next != END]
    for sid, flags in short.items():
        shown = ", ".join(sorted(flags)) or "none"
        ck.add(f"step '{sid}'", f"offers fewer than {MIN_CHOICES} choices on a path with "
                                f"the flags set: {shown}; check its choices' only_if and "
                                "unless", line=lines.get((sid,)))
