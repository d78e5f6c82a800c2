"""The plain-networkx baseline of the scale benchmark, written as a careful user would
without this project: json.load, a DiGraph built node by node (with the concept's
name, which every answer prints) and edge by edge, then the query.

    python benchmarks/baseline_nx.py GRAPH.json curriculum|prereqs|stats|next|validate GOAL
    python benchmarks/baseline_nx.py --gc-off GRAPH.json ...

``--gc-off`` runs the same script with Python's cycle collector off and everything
frozen before exit, as aie-graph's command line does: the suite reports our time
against that too, so no one mistakes the collector's share for ours.
"""

import json
import sys

import networkx as nx


def main(path, what, goal):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    G = nx.DiGraph()
    for c in data["concepts"]:
        G.add_node(c["id"], name=c["name"])
    for r in data["relations"]:
        if r["type"] == "prerequisite":
            G.add_edge(r["source"], r["target"])
    if what == "curriculum":
        anc = nx.ancestors(G, goal)
        generations = list(nx.topological_generations(G.subgraph(anc | {goal})))
        print(sum(map(len, generations)), "steps in", len(generations), "stages")
    elif what == "prereqs":
        print(len(nx.ancestors(G, goal)), "prerequisites")
    elif what == "stats":
        print(G.number_of_nodes(), G.number_of_edges(), len(nx.dag_longest_path(G)))
    elif what == "next":
        print(sum(1 for n in G if G.in_degree(n) == 0), "ready")
    elif what == "validate":
        print("acyclic" if nx.is_directed_acyclic_graph(G) else "cyclic")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--gc-off"]:
        import gc

        gc.disable()
        try:
            main(*args[1:4])
        finally:
            gc.freeze()
    else:
        main(*args[:3])
