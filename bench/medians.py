#!/usr/bin/env python3
"""Medians over the rounds of bench/edge.sh: reads the peers' tables (tcp.sh, udp.sh, http.sh outputs) and prints, per
suite and target, the median and the runs, with the ratios the issue's targets use (edge vs HAProxy, edge vs nginx)."""
import re
import statistics
import sys


def tables(path):
    """Yields (header columns, rows) for every table in one peers output file."""
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("target "):
            header = line.split()
            rows = []
            for row in lines[i + 1:]:
                parts = row.split()
                if len(parts) < 2 or not re.match(r"^-?[\d.]+$", parts[1]):
                    break
                rows.append(parts)
            yield header, rows


def main(paths):
    runs = {}   # (suite, column) -> target -> [values]
    for path in paths:
        suite = "http" if "-http" in path else "tcp" if "-tcp" in path else "udp" if "-udp" in path else "?"
        for header, rows in tables(path):
            for row in rows:
                for index, column in enumerate(header[1:], start=1):
                    if index < len(row) and re.match(r"^-?[\d.]+$", row[index]):
                        runs.setdefault((suite, column), {}).setdefault(row[0], []).append(float(row[index]))
    for (suite, column), targets in sorted(runs.items()):
        if column in ("vs_direct", "lost/datagrams"):
            continue
        medians = {t: statistics.median(v) for t, v in targets.items()}
        print(f"{suite} {column}:")
        for target, values in targets.items():
            print(f"  {target:14} median {medians[target]:10.2f}   runs {values}")
        for edge in [t for t in medians if t.startswith("edge")]:
            for peer in ("haproxy", "nginx"):
                if medians.get(peer):
                    print(f"  {edge} / {peer} = {medians[edge] / medians[peer]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
