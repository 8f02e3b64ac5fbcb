"""Changing a plan's content one item at a time: add, replace, delete, move (no Qt, no database).

The plan editor keeps the draft's content as the domain's frozen ``PlanContent`` and makes each
change here, then hands the whole new content to ``plans.save_plan`` (which checks it). An item
is found by its id wherever it sits; a new item goes under a parent (None: a new problem) or
right after a sibling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeAlias
from uuid import UUID

from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem

Item: TypeAlias = Problem | Goal | Objective | Intervention

# The attribute holding each kind's children, and the kind of child it holds.
CHILDREN: dict[type, str] = {Problem: "goals", Goal: "objectives", Objective: "interventions"}
CHILD_KIND: dict[type | None, type] = {None: Problem, Problem: Goal, Goal: Objective, Objective: Intervention}

Siblings = Callable[[UUID | None, tuple[Any, ...]], tuple[Any, ...]]


def _walk(items: tuple[Any, ...], parent_id: UUID | None, change: Siblings) -> tuple[Any, ...]:
    """Apply ``change`` to every list of siblings (the problems, each problem's goals, …)."""
    out = []
    for item in change(parent_id, items):
        attr = CHILDREN.get(type(item))
        if attr is not None:
            item = replace(item, **{attr: _walk(getattr(item, attr), item.id, change)})
        out.append(item)
    return tuple(out)


def _apply(content: PlanContent, change: Siblings) -> PlanContent:
    return PlanContent(_walk(content.problems, None, change))


def children(item: Item | None, content: PlanContent) -> tuple[Any, ...]:
    if item is None:
        return content.problems
    attr = CHILDREN.get(type(item))
    return getattr(item, attr) if attr is not None else ()


def find(content: PlanContent, item_id: UUID) -> tuple[Item, Item | None, int] | None:
    """(the item, its parent or None for a problem, its place among its siblings), or None."""

    def search(items: tuple[Any, ...], parent: Item | None) -> tuple[Item, Item | None, int] | None:
        for n, item in enumerate(items):
            if item.id == item_id:
                return item, parent, n
            found = search(children(item, content), item)
            if found is not None:
                return found
        return None

    return search(content.problems, None)


def add_child(content: PlanContent, parent_id: UUID | None, new: Item) -> PlanContent:
    """``new`` last under ``parent_id`` (None: a new problem at the end)."""
    if parent_id is None:
        return PlanContent((*content.problems, new))  # type: ignore[arg-type]
    return _apply(content, lambda pid, items: (*items, new) if pid == parent_id else items)


def add_after(content: PlanContent, sibling_id: UUID, new: Item) -> PlanContent:
    """``new`` right after ``sibling_id``, at the same level."""

    def change(_pid: UUID | None, items: tuple[Any, ...]) -> tuple[Any, ...]:
        for n, item in enumerate(items):
            if item.id == sibling_id:
                return (*items[: n + 1], new, *items[n + 1 :])
        return items

    return _apply(content, change)


def replace_item(content: PlanContent, new: Item) -> PlanContent:
    """The item with ``new``'s id replaced by ``new`` (its children are whatever ``new`` holds)."""
    return _apply(content, lambda _pid, items: tuple(new if i.id == new.id else i for i in items))


def remove(content: PlanContent, item_id: UUID) -> PlanContent:
    """The item and everything under it left out."""
    return _apply(content, lambda _pid, items: tuple(i for i in items if i.id != item_id))


def move(content: PlanContent, item_id: UUID, delta: int) -> PlanContent:
    """The item moved ``delta`` places among its siblings (as far as it goes)."""

    def change(_pid: UUID | None, items: tuple[Any, ...]) -> tuple[Any, ...]:
        for n, item in enumerate(items):
            if item.id == item_id:
                to = max(0, min(n + delta, len(items) - 1))
                rest = [i for i in items if i.id != item_id]
                rest.insert(to, item)
                return tuple(rest)
        return items

    return _apply(content, change)


def with_children_of(new: Item, old: Item) -> Item:
    """``new`` (as a form returns it) keeping ``old``'s children."""
    attr = CHILDREN.get(type(old))
    return replace(new, **{attr: getattr(old, attr)}) if attr is not None else new  # type: ignore[return-value]


def count_under(item: Item, content: PlanContent) -> int:
    """How many items lie under ``item`` (what deleting it would take with it)."""
    return sum(1 + count_under(child, content) for child in children(item, content))


def locate(content: PlanContent, where: str) -> UUID | None:
    """The item a domain message names ("Problem 2, goal 1, objective 1: …"), as far as it goes."""
    numbers = re.match(
        r"Problem (\d+)(?:, goal (\d+))?(?:, objective (\d+))?(?:, intervention (\d+))?", where
    )
    if numbers is None:
        return None
    item: Item | None = None
    for number in numbers.groups():
        if number is None:
            break
        siblings = children(item, content)
        place = int(number) - 1
        if not 0 <= place < len(siblings):
            break
        item = siblings[place]
    return item.id if item is not None else None
