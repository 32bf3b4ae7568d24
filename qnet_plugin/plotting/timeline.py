"""A Gantt chart of one schedule of a distributed program (``qnet run --timeline FILE.png``).

One row per lane: every QPU qubit the program used (data and communication qubits, named
``QPU qN`` by simulator qubit) and every link. The bars are the schedule's events
(:attr:`qnet_plugin.network.schedule.Timeline.events`): heralding attempts and cut-off discards
on the link rows; pair lifetimes (creation to use), gates, read-outs, delays, waits for a pair
and feed-forward waits (read-out + classical latency) on the qubit rows. Times in microseconds.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

#: colour and bar height (fraction of a row) of each event kind; pairs are drawn under gates
STYLE = {
    "attempts": ("#9ecae1", 0.8),
    "discarded": ("#fdae6b", 0.8),
    "transfer": ("#6baed6", 0.8),
    "pair": ("#c7e9c0", 0.8),
    "pair wait": ("#fcbba1", 0.5),
    "feed-forward wait": ("#fb6a4a", 0.5),
    "delay": ("#d9d9d9", 0.5),
    "gate": ("#08519c", 0.6),
    "measure": ("#54278f", 0.6),
}
_ORDER = ("pair", "attempts", "discarded", "transfer", "delay", "pair wait", "feed-forward wait", "gate", "measure")


def _lane_key(lane: str) -> tuple:
    # links last; qubits by QPU then simulator index
    if lane.startswith("link "):
        return (1, lane, 0)
    qpu, _, q = lane.rpartition(" q")
    return (0, qpu, int(q) if q.isdigit() else 0)


def plot_timeline(events, path, title: str | None = None, max_lanes: int = 60):
    """Draw ``events`` (dicts with lane, kind, start_s, end_s, label) as a Gantt chart into
    ``path`` (PNG/PDF); returns the figure. Lanes beyond ``max_lanes`` are left out (named in
    the title) so a large program stays readable."""
    lanes = sorted({e["lane"] for e in events}, key=_lane_key)
    dropped = max(0, len(lanes) - max_lanes)
    lanes = lanes[:max_lanes]
    row = {lane: i for i, lane in enumerate(lanes)}
    fig, ax = plt.subplots(figsize=(11, 1.2 + 0.32 * max(len(lanes), 2)))
    t_max = max([e["end_s"] for e in events] + [1e-12])
    min_w = t_max * 2e-3  # instantaneous events stay visible
    for kind in _ORDER:
        colour, height = STYLE[kind]
        bars: dict = {}
        for e in events:
            if e["kind"] == kind and e["lane"] in row:
                width = max(e["end_s"] - e["start_s"], min_w)
                bars.setdefault(e["lane"], []).append((e["start_s"] * 1e6, width * 1e6))
        for lane, spans in bars.items():
            ax.broken_barh(spans, (row[lane] - height / 2, height), facecolors=colour, edgecolors="none")
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("time (us)")
    ax.set_xlim(0, t_max * 1e6 * 1.02)
    ax.grid(axis="x", alpha=0.3)
    present = [k for k in _ORDER if any(e["kind"] == k for e in events)]
    ax.legend(handles=[Patch(color=STYLE[k][0], label=k) for k in present], fontsize=7,
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    text = title or "schedule"
    if dropped:
        text += f" ({dropped} lanes not shown)"
    ax.set_title(text, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig
