"""图 创新中心组织架构 (五.1): the bodies of `organization.chart` as a tree, top down; an advisory body (a
technical committee) in a dashed box beside the body it advises. Where the bottom row would not fit the text
width, its boxes stand upright with the names written down, as Chinese charts do."""

from __future__ import annotations

from dataclasses import dataclass, field

from proposal_kit.figures.canvas import HEITI, MM, Canvas, font

POINTS = 10.5
BOX_H, ROW_GAP, GAP, PAD, SIDE_GAP = 8.0, 11.0, 3.0, 3.5, 7.0
UPRIGHT_W, CHAR_H = 8.0, 4.4
MAX_WIDTH = 156.0


@dataclass
class Node:
    name: str
    advisory: list[Node] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    upright: bool = False
    x: float = 0.0  # centre
    y: float = 0.0  # top

    @property
    def w(self) -> float:
        return UPRIGHT_W if self.upright else max(18.0, _text_width(self.name) + 2 * PAD)

    @property
    def h(self) -> float:
        return len(self.name) * CHAR_H + 4 if self.upright else BOX_H


def _text_width(text: str) -> float:
    return font(HEITI, POINTS).getlength(text) / MM


def _nodes(units: list) -> list[Node]:
    nodes = []
    for unit in units:
        advisory = [Node(u.name) for u in unit.children if u.advisory]
        nodes.append(Node(unit.name, advisory, _nodes([u for u in unit.children if not u.advisory])))
    return nodes


def _span(node: Node) -> float:
    """The width the node and everything below it need."""
    own = node.w
    if node.advisory:
        own = node.w + 2 * (SIDE_GAP + max(a.w for a in node.advisory))  # kept symmetric around the trunk
    below = sum(_span(c) for c in node.children) + GAP * (len(node.children) - 1) if node.children else 0
    return max(own, below)


def _leaves(nodes: list[Node]) -> list[Node]:
    return [leaf for n in nodes for leaf in (_leaves(n.children) if n.children else [n])]


def _place(node: Node, left: float, top: float) -> float:
    """Place `node`'s subtree from `left`; the bottom of what was placed."""
    span = _span(node)
    node.x, node.y = left + span / 2, top
    bottom = top + node.h
    child_top = top + BOX_H + ROW_GAP + (BOX_H + ROW_GAP / 2 if node.advisory else 0)
    for index, adviser in enumerate(node.advisory):
        adviser.x = node.x + node.w / 2 + SIDE_GAP + adviser.w / 2
        adviser.y = top + BOX_H + ROW_GAP / 2 + index * (BOX_H + 2)
        bottom = max(bottom, adviser.y + adviser.h)
    if node.children:
        widths = [_span(c) for c in node.children]
        x = node.x - (sum(widths) + GAP * (len(widths) - 1)) / 2
        for child, width in zip(node.children, widths, strict=True):
            bottom = max(bottom, _place(child, x, child_top))
            x += width + GAP
    return bottom


def _draw(canvas: Canvas, node: Node) -> None:
    canvas.box(node.x - node.w / 2, node.y, node.w, node.h, line=0.35)
    if node.upright:
        for index, char in enumerate(node.name):
            canvas.text(node.x, node.y + 2 + CHAR_H * (index + 0.5), char, POINTS, HEITI)
    else:
        canvas.text(node.x, node.y + BOX_H / 2, node.name, POINTS, HEITI)
    trunk_end = node.y + BOX_H
    for adviser in node.advisory:
        level = adviser.y + BOX_H / 2
        canvas.line([(node.x, node.y + BOX_H), (node.x, level)])
        canvas.line([(node.x, level), (adviser.x - adviser.w / 2, level)], dashed=True)
        canvas.box(adviser.x - adviser.w / 2, adviser.y, adviser.w, BOX_H, dashed=True, line=0.35)
        canvas.text(adviser.x, adviser.y + BOX_H / 2, adviser.name, POINTS, HEITI)
        trunk_end = level
    if node.children:
        rail = node.children[0].y - ROW_GAP / 2
        canvas.line([(node.x, trunk_end), (node.x, rail)])
        canvas.line([(node.children[0].x, rail), (node.children[-1].x, rail)])
        for child in node.children:
            canvas.line([(child.x, rail), (child.x, child.y)])
            _draw(canvas, child)


def draw_organization(chart: list) -> tuple[bytes, float, float] | None:
    """The chart as a PNG and its printed width and height in millimetres; None where there is no chart."""
    roots = _nodes(chart)
    if not roots:
        return None
    total = sum(_span(r) for r in roots) + GAP * (len(roots) - 1)
    if total > MAX_WIDTH:
        for leaf in _leaves(roots):
            leaf.upright = True
        total = sum(_span(r) for r in roots) + GAP * (len(roots) - 1)
    width = max(total, 60.0) + 2
    x, bottom = 1 + (width - 2 - total) / 2, 0.0
    for root in roots:
        bottom = max(bottom, _place(root, x, 1))
        x += _span(root) + GAP
    canvas = Canvas(width, bottom + 2)
    for root in roots:
        _draw(canvas, root)
    return canvas.png(), canvas.width, canvas.height
