#!/usr/bin/env python3
"""What each part of the page costs in its wasm (`make size-breakdown`).

Reads `twiggy top --format csv` of a wasm that kept its function names (optimised
like the page's, with wasm-opt -g) and sums the bytes by part: our components' view
code (Yew monomorphises it into its own generic functions, so it is told by our type
names), the Yew runtime, the texts and tables, the core's importer and the rest of
the core, the standard library's formatting and collections, the browser bindings.
"""
import collections
import csv
import re
import sys

PARTS = [
    ("data (texts, tables)", r"^data"),
    ("the page: components, state, browser calls", r"CompStateInner<COMP>.*view|FunctionProvider>::run|prospect_kpi::web"),
    ("core: import (csv-core, memchr)", r"prospect_kpi_core::import|csv_core|memchr"),
    ("core: KPIs, texts, what-if, statistics, report", r"prospect_kpi_core"),
    ("Yew runtime", r"^<?yew|yew::|implicit_clone|indexmap"),
    ("std: formatting", r"core::fmt|fmt::|Display|Debug|flt2dec|dec2flt"),
    ("std: allocator, collections, sort", r"dlmalloc|alloc::|hashbrown|btree|RawVec|core::slice::sort|__rust"),
    ("wasm-bindgen, js-sys, web-sys, gloo", r"wasm_bindgen|js_sys|web_sys|import \./|externref|gloo"),
]


def main(path):
    sizes = collections.Counter()
    for row in csv.DictReader(open(path)):
        name, size = row["Name"], int(row["ShallowSize"])
        if name.startswith("custom section") or "subsection" in name:
            continue
        part = next((p for p, pattern in PARTS if re.search(pattern, name)), "other (core::, std::, small)")
        sizes[part] += size
    total = sum(sizes.values())
    for part, size in sizes.most_common():
        print(f"{size:8d}  {100 * size / total:5.1f} %  {part}")
    print(f"{total:8d}  bytes of code and data (before gzip)")


if __name__ == "__main__":
    main(sys.argv[1])
