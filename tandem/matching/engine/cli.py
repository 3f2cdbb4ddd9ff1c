"""``tandem match solve INSTANCE.json [--json]``: solve a match instance without a database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .instance import InstanceError, load
from .solver import solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tandem match", description="Solve a Tandem match instance (no database needed)."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_parser = commands.add_parser("solve", help="print the optimal pairs of an instance")
    solve_parser.add_argument("instance", type=Path, help="a tandem-match-instance/1 JSON file")
    solve_parser.add_argument(
        "--json", action="store_true", help="print the output object (pairs with explanations)"
    )
    args = parser.parse_args(argv)

    try:
        text = args.instance.read_text(encoding="utf-8")
    except OSError as error:
        print(f"tandem match: cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        print(f"tandem match: {args.instance} is not valid JSON: {error}", file=sys.stderr)
        return 2
    try:
        instance = load(data)
        result = solve(instance)
    except InstanceError as error:
        print(f"tandem match: {args.instance}: {error}", file=sys.stderr)
        return 2

    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max([len(p.mentee) for p in result.pairs] + [6])
    for pair in result.pairs:
        lock = "  (locked)" if pair.locked else ""
        print(f"{pair.mentee:<{width}}  {pair.mentor}  {pair.score:6.2f}{lock}")
    for item in result.unmatched:
        print(f"{item.mentee:<{width}}  –  unmatched: {item.reason.replace('_', ' ')}")
    print(
        f"{len(result.pairs)} pairs, {len(result.unmatched)} unmatched, "
        f"total score {result.total_score:.2f}"
    )
    return 0
