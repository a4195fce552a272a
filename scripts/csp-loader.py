#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline module loader out of index.html into a
file, so that the page's Content-Security-Policy can allow scripts from 'self' only
(no 'unsafe-inline', no hash to keep in step)."""
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run me as a Trunk post_build hook")
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()
match = re.search(r'<script type="module">(.*?)</script>', html, re.S)
if not match:
    sys.exit(0)  # Already external.
open(os.path.join(staging, "loader.js"), "w", encoding="utf-8").write(match.group(1).strip() + "\n")
html = html.replace(match.group(0), '<script type="module" src="./loader.js"></script>')
open(index, "w", encoding="utf-8").write(html)
