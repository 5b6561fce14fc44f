"""The capacity-over-time chart, drawn on the server as SVG (no script, nothing from another host): for each
month a bar of the pools' capacity, in front of it a narrower one of the hours allocated, in front of that a
narrower one of the hours used. The template
draws the shapes this module places; the table beside it carries the same figures for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from portal.formatting import format_hours

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 36
TICKS = 4


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    capacity_y: float
    capacity_h: float
    allocated_x: float
    allocated_w: float
    allocated_y: float
    allocated_h: float
    used_x: float
    used_w: float
    used_y: float
    used_h: float
    label: str
    label_x: float
    over: bool  # more allocated than the pools hold


def _nice(top: float) -> int:
    """A round ceiling for the axis: 1, 2 or 5 times a power of ten."""
    step = 1
    while step * 10 <= top:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= top:
            return step * factor
    return step * 10


def capacity_chart(months) -> dict | None:
    """The geometry of the chart of `months` (selectors.CapacityMonth), or None without any month."""
    if not months:
        return None
    top = _nice(max(max(m.capacity, m.allocated, m.used) for m in months) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(months)
    every = max(1, round(len(months) / 12))  # at most about twelve month labels

    def y(value) -> float:
        return TOP + plot_h - float(value) / top * plot_h

    def h(value) -> float:
        return float(value) / top * plot_h

    bars = []
    for index, month in enumerate(months):
        x = LEFT + index * slot
        bars.append(Bar(
            x=round(x + slot * 0.1, 1), width=round(slot * 0.8, 1),
            capacity_y=round(y(month.capacity), 1), capacity_h=round(h(month.capacity), 1),
            allocated_x=round(x + slot * 0.22, 1), allocated_w=round(slot * 0.56, 1),
            allocated_y=round(y(month.allocated), 1), allocated_h=round(h(month.allocated), 1),
            used_x=round(x + slot * 0.34, 1), used_w=round(slot * 0.32, 1),
            used_y=round(y(month.used), 1), used_h=round(h(month.used), 1),
            label=f"{month.month:%y.%m}" if index % every == 0 else "", label_x=round(x + slot / 2, 1),
            over=month.allocated > month.capacity,
        ))
    ticks = [{"y": round(y(top * i / TICKS), 1), "label": format_hours(top * i / TICKS)} for i in range(TICKS + 1)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": TOP + plot_h,
            "bars": bars, "ticks": ticks, "label_y": HEIGHT - 12}
