"""Figures for distributed programs: the network with its per-link usage, and the output counts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx


def plot_network_result(network, result, path, title: str | None = None, top: int = 16):
    """Two panels: the network (QPUs, links labelled with model, pairs used and pair fidelity) and
    the most frequent output bit strings. Writes ``path`` (PNG/PDF) and returns the figure."""
    fig, (ax_net, ax_counts) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.3]})
    g = network.graph
    pos = nx.spring_layout(g, seed=1) if len(g) > 2 else {n: (i, 0) for i, n in enumerate(g)}
    if len(g) > 2 and nx.is_connected(g) and g.number_of_edges() == len(g) - 1 and max(dict(g.degree).values()) <= 2:
        ends = [n for n, d in g.degree if d == 1]
        order = nx.shortest_path(g, ends[0], ends[1])
        pos = {n: (i, 0) for i, n in enumerate(order)}
    usage = {u["link"]: u for u in result.links}
    loc_count = {q.name: result.final_location.count(q.name) for q in network.qpus}
    nx.draw_networkx_nodes(g, pos, ax=ax_net, node_size=1600, node_color="#cfe3f7", edgecolors="#2b5b84")
    nx.draw_networkx_labels(g, pos, ax=ax_net, labels={n: f"{n}\n{loc_count[n]} q" for n in g})
    widths = [1 + 3 * min(usage.get(d["link"].name, {}).get("pairs", 0), 10) / 10 for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax_net, width=widths, edge_color="#555")
    labels = {}
    for a, b, d in g.edges(data=True):
        link = d["link"]
        u = usage.get(link.name, {})
        labels[(a, b)] = f"{link.report.link}\nF={link.pair_fidelity:.3f}\n{u.get('pairs', 0)} pairs"
    nx.draw_networkx_edge_labels(g, pos, ax=ax_net, edge_labels=labels, font_size=8)
    ax_net.set_title(f"{network.name}: {result.pairs_consumed} pairs, {result.wall_clock_s * 1e6:.3g} us")
    ax_net.axis("off")
    ax_net.margins(0.25)
    items = sorted(result.counts.items(), key=lambda kv: -kv[1])[:top]
    shots = max(result.shots, 1)
    ax_counts.bar(range(len(items)), [v / shots for _, v in items], color="#2b5b84")
    ax_counts.set_xticks(range(len(items)))
    ax_counts.set_xticklabels([k for k, _ in items], rotation=70, fontsize=8, family="monospace")
    ax_counts.set_ylabel("probability")
    fid = "n/a" if result.fidelity is None else f"{result.fidelity:.4f}"
    ax_counts.set_title(f"output ({result.method}), fidelity vs ideal {fid}")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig


def plot_link_comparison(rows, path, title: str = "Same program, different links"):
    """Bar chart comparing link families: ``rows`` are dicts with ``link``, ``fidelity``,
    ``pair_fidelity``, ``wall_clock_s``. Writes ``path`` and returns the figure."""
    names = [r["link"] for r in rows]
    x = range(len(rows))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.8))
    a1.bar([i - 0.2 for i in x], [r["pair_fidelity"] for r in rows], width=0.4, label="pair fidelity")
    a1.bar([i + 0.2 for i in x], [r["fidelity"] for r in rows], width=0.4, label="program fidelity")
    a1.set_xticks(list(x))
    a1.set_xticklabels(names, rotation=20)
    a1.set_ylim(0, 1)
    a1.set_ylabel("fidelity")
    a1.legend(loc="lower left", fontsize=8, framealpha=0.9)
    a2.bar(list(x), [r["wall_clock_s"] for r in rows], color="#888")
    a2.set_yscale("log")
    a2.set_xticks(list(x))
    a2.set_xticklabels(names, rotation=20)
    a2.set_ylabel("modelled hardware time per run (s)")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig
