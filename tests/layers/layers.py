#!/usr/bin/env python3
"""layers.py — fails when a dependency runs the wrong way (DESIGN.md,
"Architecture"):

    server, cli  ->  service  ->  io, store  ->  core  ->  common

Two independent checks over the built tree:

1. Symbols (`nm` of every object file of src/): each symbol an object uses
   is looked up in the objects that define it; the user's layer must be
   allowed to call the definer's layer.  This catches a call whatever the
   header that declared it.  Outside libraries are held to their layers
   too: only the store calls SQLite, only io calls GDAL and libxml2, only
   the server calls libmicrohttpd, and the core calls none of SQLite, GDAL,
   jansson, libxlsxwriter, libxml2, libmicrohttpd or libpq.
2. Includes (the text of every .c and .h of src/ and include/mais/): a file
   may include only headers of its own or a lower layer, and a public
   header of the core (include/mais/) may not include one of a higher
   layer, so that no core file sees the store's types.

Usage: layers.py SRC_DIR OBJ_DIR   (OBJ_DIR: where CMake put the objects)
Prints each violation and `N passed, M failed`; exits 1 on any.
"""
import json
import os
import re
import subprocess
import sys

ORDER = {"common": 0, "core": 1, "rules": 1, "report": 1, "store": 2,
         "io": 2, "service": 3, "server": 4, "cli": 4}
# Which layers each layer may call (one way; a layer may skip layers).
# The core's rules (src/core/rules) and reports (src/core/report) are
# layers of their own so that the store, persistence only, can call the
# core's records and geometry but never a rule or a report.
CORE = {"common", "core", "rules", "report"}
ALLOWED = {
    "common": {"common"},
    "core": {"common", "core"},
    "rules": {"common", "core", "rules"},
    "report": CORE,
    "store": {"common", "core", "store"},
    "io": CORE | {"io"},
    "service": CORE | {"store", "io", "service"},
    "server": CORE | {"store", "io", "service", "server"},
    "cli": CORE | {"store", "io", "service", "server", "cli"},
}
# Private headers (src/LAYER/...) a layer may include beyond its own: the
# adapters reach the server and the store only through include/mais/.
PRIVATE_OK = {
    "cli": {"cli", "service", "io", "core"},
    "server": {"server", "service", "io", "core"},
}
# Outside libraries by symbol prefix, and the layers that may call them.
LIBS = [
    (re.compile(r"^sqlite3_"), "SQLite", {"store"}),
    (re.compile(r"^(GDAL|OGR|CPL|OSR|VSI|CSL)"), "GDAL", {"io"}),
    (re.compile(r"^MHD_"), "libmicrohttpd", {"server"}),
    (re.compile(r"^PQ"), "libpq", {"store"}),
    (re.compile(r"^(workbook_|worksheet_|lxw_)"), "libxlsxwriter", {"io"}),
    (re.compile(r"^(xml[A-Z]|__xml)"), "libxml2", {"io"}),
    (re.compile(r"^json_"), "jansson", {"store", "io", "service", "server", "cli"}),
]
# Public headers of include/mais/ by layer (the rest are the core's).
PUBLIC = {
    "error.h": "common", "limits.h": "common", "version.h": "common",
    "grow.h": "common",
    "store.h": "store", "users.h": "store", "import.h": "service",
    "check.h": "service", "mais.h": "cli", "service.h": "service",
    "server.h": "server", "landrelease.h": "rules", "policy.h": "rules",
    "workflow.h": "rules", "operations.h": "rules", "donation.h": "rules",
    "eo_model.h": "rules", "report.h": "report", "lr_report.h": "report",
    "donors.h": "report", "import_opts.h": "io",
}


def layer_of_src(path):
    parts = path.split(os.sep)
    if "src" in parts:
        i = parts.index("src")
        if i + 1 < len(parts) and parts[i + 1] in ORDER:
            if parts[i + 1] == "core" and i + 3 < len(parts) and \
                    parts[i + 2] in ("rules", "report"):
                return parts[i + 2]
            return parts[i + 1]
    return None


def header_layer(inc):
    if inc.startswith("mais/"):
        return PUBLIC.get(inc[5:], "core")
    bits = inc.split("/")
    if bits[0] == "core" and len(bits) > 2 and bits[1] in ("rules", "report"):
        return bits[1]
    return bits[0] if bits[0] in ORDER else None


def nm(path, flags):
    out = subprocess.run(["nm", *flags, path], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\n")


def objects(obj_dir):
    """The object files of the current sources: from the build's
    compile_commands.json (the -o of each command), so that objects left
    behind by sources since moved or deleted are not read."""
    with open(os.path.join(obj_dir, "compile_commands.json"),
              encoding="utf-8") as fp:
        for entry in json.load(fp):
            words = entry["command"].split()
            if "-o" in words:
                yield os.path.join(entry["directory"],
                                   words[words.index("-o") + 1])


def check_symbols(obj_dir, fail):
    defined, uses = {}, {}
    for path in objects(obj_dir):
        layer = layer_of_src(path.replace(".c.o", ".c"))
        if not layer:
            continue
        for line in nm(path, ["--defined-only", "-g"]):
            bits = line.split()
            if len(bits) == 3:
                defined[bits[2]] = layer
        uses[path] = (layer, [l.split()[-1] for l in
                              nm(path, ["--undefined-only"]) if l.strip()])
    n = 0
    for path, (layer, syms) in sorted(uses.items()):
        rel = os.path.relpath(path, obj_dir)
        for sym in syms:
            n += 1
            target = defined.get(sym)
            if target and target not in ALLOWED[layer]:
                fail(f"{rel}: {layer} calls {sym} of {target}")
            for rx, lib, who in LIBS:
                if rx.match(sym) and layer not in who:
                    fail(f"{rel}: {layer} calls {sym} of {lib}")
    return n


INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def check_includes(src_dir, fail):
    n = 0
    for base in ("src", "include/mais"):
        for root, _, files in os.walk(os.path.join(src_dir, base)):
            for f in files:
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, f)
                rel = os.path.relpath(path, src_dir)
                if base == "src":
                    layer = layer_of_src(path)
                else:
                    layer = PUBLIC.get(f, "core")
                if not layer:
                    continue
                with open(path, encoding="utf-8") as fp:
                    text = fp.read()
                for inc in INCLUDE.findall(text):
                    n += 1
                    target = header_layer(inc)
                    if target and target not in ALLOWED[layer]:
                        fail(f"{rel}: {layer} includes {inc} of {target}")
                    private = inc.split("/")[0]
                    if (base == "src" and layer in PRIVATE_OK and
                            private in ORDER and not inc.startswith("mais/")
                            and private not in PRIVATE_OK[layer]):
                        fail(f"{rel}: {layer} includes the private header "
                             f"{inc}")
                    for rx, lib, who in ((r"^(sqlite3|spatialite)", "SQLite", {"store"}),
                                         (r"^(gdal|ogr_|cpl_)", "GDAL", {"io"}),
                                         (r"^microhttpd", "libmicrohttpd", {"server"}),
                                         (r"^libpq", "libpq", {"store"}),
                                         (r"^jansson", "jansson", ALLOWED["cli"] - {"core", "common"}),
                                         (r"^xlsxwriter", "libxlsxwriter", {"io"}),
                                         (r"^libxml/", "libxml2", {"io"})):
                        if re.match(rx, inc) and layer not in who:
                            fail(f"{rel}: {layer} includes <{inc}> ({lib})")
    return n


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: layers.py SRC_DIR OBJ_DIR")
    src_dir, obj_dir = (os.path.abspath(a) for a in sys.argv[1:])
    failures = []
    nsym = check_symbols(obj_dir, failures.append)
    ninc = check_includes(src_dir, failures.append)
    for f in failures:
        print("wrong way:", f)
    print(f"{nsym} symbol uses and {ninc} includes checked")
    checks = nsym + ninc
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
