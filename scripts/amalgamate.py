#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
"""Generate single_include/tally.hpp from the headers in include/.

    python3 scripts/amalgamate.py            # (re)write single_include/tally.hpp
    python3 scripts/amalgamate.py --check    # exit 1 if the committed file is stale

The walk starts at the umbrella include/tally.hpp and inlines every tally
header where it is first included (depth first, in include order), so the
single header holds exactly what the umbrella does; opt-in headers that the
umbrella leaves out (those needing extra dependencies) stay out. Standard and
other non-tally includes stay where they are. Each inlined file is framed by
"// ---- begin tally/<name>.hpp ----" / "// ---- end ... ----" lines.
The output depends only on the contents of include/ (no dates, no absolute
paths), so regenerating an unchanged tree gives the same bytes.
"""

import argparse
import difflib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "include"
UMBRELLA = INCLUDE / "tally.hpp"

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
IF_RE = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b")
ENDIF_RE = re.compile(r"^\s*#\s*endif\b")
LICENCE_RE = re.compile(r"^//\s*(SPDX-License-Identifier:|Copyright \(c\))")
GUARD_RE = re.compile(r"^\s*#\s*ifndef\s+(\w+)\s*\n\s*#\s*define\s+\1\b|^\s*#\s*pragma\s+once\b",
                      re.MULTILINE)
VERSION_RE = re.compile(r"#define\s+TALLY_VERSION_(MAJOR|MINOR|PATCH)\s+(\d+)")


def read_version():
    text = (INCLUDE / "tally" / "version.hpp").read_text(encoding="utf-8")
    parts = dict(VERSION_RE.findall(text))
    try:
        return "{}.{}.{}".format(parts["MAJOR"], parts["MINOR"], parts["PATCH"])
    except KeyError:
        sys.exit("amalgamate: cannot read TALLY_VERSION_* from include/tally/version.hpp")


def rel(path):
    return path.relative_to(INCLUDE).as_posix()


class Amalgamator:
    def __init__(self):
        self.done = set()  # headers already inlined unconditionally
        self.seen = set()  # headers inlined at least once
        self.guarded = {}  # header -> has an include guard
        self.out = []

    def resolve(self, current, delim, name):
        """Return the tally header an include names, or None for other headers."""
        candidates = []
        if delim == '"':
            local = (current.parent / name).resolve()
            if INCLUDE in local.parents and not local.is_file():
                sys.exit("amalgamate: {} includes \"{}\", which does not exist".format(
                    rel(current), name))
            candidates.append(local)
        candidates.append(INCLUDE / name)
        for cand in candidates:
            cand = cand.resolve()
            if cand.is_file() and INCLUDE in cand.parents:
                return cand
        if name == "tally.hpp" or name.startswith("tally/"):
            sys.exit("amalgamate: {} includes {}{}, which does not exist".format(
                rel(current), delim, name))
        return None

    def is_guarded(self, path):
        if path not in self.guarded:
            self.guarded[path] = bool(GUARD_RE.search(path.read_text(encoding="utf-8")))
        return self.guarded[path]

    def inline(self, path, stack):
        if path in stack:
            sys.exit("amalgamate: include cycle: " + " -> ".join(rel(p) for p in stack + [path]))
        self.out.append("// ---- begin {} ----\n".format(rel(path)))
        depth = 0  # preprocessor conditional depth; 1 = inside the include guard
        header = True  # still in the licence lines at the top of the file
        for line in path.read_text(encoding="utf-8").splitlines():
            if header and LICENCE_RE.match(line):
                continue
            header = False
            match = INCLUDE_RE.match(line)
            target = self.resolve(path, match.group(1), match.group(2)) if match else None
            if target is not None:
                if target not in self.done:
                    # A header first reached inside an #if (other than the
                    # include guard) may be skipped there, so it is inlined
                    # again at its next use; its include guard keeps that safe.
                    # Files without a guard (.ipp fragments) are meant to be
                    # included several times and are inlined at every use.
                    if depth <= 1 and self.is_guarded(target):
                        self.done.add(target)
                    self.seen.add(target)
                    self.inline(target, stack + [path])
                continue
            if IF_RE.match(line):
                depth += 1
            elif ENDIF_RE.match(line):
                depth -= 1
            self.out.append(line.rstrip() + "\n")
        self.out.append("// ---- end {} ----\n".format(rel(path)))

    def run(self):
        version = read_version()
        self.out.append(
            "// SPDX-License-Identifier: MIT\n"
            "// Copyright (c) 2026 The tally authors\n"
            "//\n"
            "// tally {} - header-only C++17 classification metrics, single-header edition.\n"
            "// https://github.com/tally-metrics/tally\n"
            "//\n"
            "// GENERATED FILE - do not edit. It is built from the headers in include/ by\n"
            "// `python3 scripts/amalgamate.py`; change those headers and run it again.\n"
            "\n".format(version))
        umbrella = UMBRELLA.resolve()
        self.done.add(umbrella)
        self.seen.add(umbrella)
        self.inline(umbrella, [])
        return "".join(self.out)

    def left_out(self):
        """Headers in include/ that the umbrella does not reach."""
        return sorted(rel(p.resolve()) for p in INCLUDE.rglob("*.hpp")
                      if p.resolve() not in self.seen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT,
                        help="source tree to read (default: this repository)")
    parser.add_argument("--output", type=pathlib.Path,
                        help="file to write or check (default: <root>/single_include/tally.hpp)")
    args = parser.parse_args()

    global INCLUDE, UMBRELLA
    root = args.root.resolve()
    INCLUDE = root / "include"
    UMBRELLA = INCLUDE / "tally.hpp"
    if args.output is None:
        args.output = root / "single_include" / "tally.hpp"

    if not UMBRELLA.is_file():
        sys.exit("amalgamate: {} not found".format(UMBRELLA))
    amalgamator = Amalgamator()
    text = amalgamator.run()

    if args.check:
        try:
            current = args.output.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                        "committed", "regenerated", n=1)
            sys.stderr.writelines(list(diff)[:60])
            sys.stderr.write("\n{} is stale: run `python3 scripts/amalgamate.py`\n".format(
                args.output))
            return 1
        print("{} is up to date".format(args.output))
        return 0

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote {} ({} lines)".format(args.output, text.count("\n")))
    left_out = amalgamator.left_out()
    if left_out:
        print("not reached from tally.hpp, so not included: " + ", ".join(left_out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
