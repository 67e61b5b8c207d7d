"""Build the shipped guide data from pyx12's maps: ``python -m edi.x12.guides.build``.

pyx12 (BSD licensed) ships one XML map per implementation guide: every segment of every loop,
its usage and maximum use, each element's usage, data element number, valid codes, pattern,
repeat count and composite layout, and the segment's syntax rules; ``dataele.xml`` gives each
data element's type and lengths and ``codes.xml`` the external code lists (states, countries).
This module turns them into one compact JSON file per transaction kind under
``edi/x12/guides/data``, which :mod:`edi.x12.guides` reads at run time.

It is the only module of x12flow that reads pyx12, and nothing imports it: pyx12 is a build and
test time source, never a run time dependency. ``tests/validation/test_guide_drift.py`` checks
that the committed files are what this module makes from the installed pyx12.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from importlib import metadata, resources
from pathlib import Path
from typing import Any

MAPS = {
    "835": "835.5010.X221.A1.xml",
    "999": "999.5010X231.A1.xml",
    "997": "997.4010.xml",  # pyx12 has no 005010X230 map; the 997's 4010 layout is the closest
    "TA1": "x12.control.00501.xml",
    "277CA": "277.5010.X214.xml",
    "277": "277.5010.X212.xml",
    "837P": "837.5010.X222.A1.xml",
    "837I": "837Q3.I.5010.X223.A1.xml",
}
"""The pyx12 map of each transaction kind x12flow reads or writes."""

EXTERNAL = ("states", "claim_status_cat")
"""The external code lists of ``codes.xml`` shipped (those the overlay's rules name)."""

OUT = Path(__file__).resolve().parent / "data"

LOOP_NAMES = {"997": {"AK2": "2000", "AK3": "2100"}}
"""Loops a map names by their first segment, under the guide's loop ID the grammar uses."""

_LOOP_ID = re.compile(r"^\d{4}[A-Z]*$")
Json = dict[str, Any]


def _map_files() -> Any:
    return resources.files("pyx12").joinpath("map")


def _xml(name: str) -> ET.Element:
    return ET.fromstring(_map_files().joinpath(name).read_bytes())


def _data_elements(root: ET.Element) -> dict[str, tuple[str, int, int]]:
    return {
        e.get("ele_num", ""): (
            e.get("data_type", "AN"),
            int(e.get("min_len", "1")),
            int(e.get("max_len", "1")),
        )
        for e in root.iter("data_ele")
    }


def _count(text: str | None) -> int | None:
    """A map's max_use or repeat: a number, or None for ">1" (no limit)."""
    text = (text or "1").strip()
    return int(text) if text.isdigit() else None


def _element(node: ET.Element, types: dict[str, tuple[str, int, int]]) -> Json:
    out: Json = {"name": node.findtext("name", ""), "usage": node.findtext("usage", "S")}
    repeat = _count(node.findtext("repeat"))
    if repeat != 1:
        out["repeat"] = repeat
    number = node.findtext("data_ele", "")
    if node.tag == "composite":
        parts: list[Json | None] = []
        for child in node.findall("element"):
            sub = int(child.findtext("seq", "0"))
            while len(parts) < sub:
                parts.append(None)
            parts[sub - 1] = _element(child, types)
        out["parts"] = parts
        return out
    data_type, low, high = types.get(number, ("AN", 1, 1))
    out.update(number=number, type=data_type, min=low, max=high)
    valid = node.find("valid_codes")
    if valid is not None:
        external = valid.get("external")
        if external is not None:
            out["external"] = external
        else:
            codes = sorted({c.text or "" for c in valid.findall("code")})
            if codes:
                out["codes"] = codes
    regex = node.findtext("regex")
    if regex:
        out["regex"] = regex
    return out


def _segment(node: ET.Element, types: dict[str, tuple[str, int, int]]) -> Json:
    sid = node.get("xid", "")
    elements: list[Json | None] = []
    for child in node:
        if child.tag not in ("element", "composite"):
            continue
        position = int(child.findtext("seq", "0"))
        while len(elements) < position:
            elements.append(None)
        elements[position - 1] = _element(child, types)
    return {
        "id": sid,
        "name": node.findtext("name", sid),
        "usage": node.findtext("usage", "S"),
        "max_use": _count(node.findtext("max_use")),
        "elements": elements,
        "rules": [s.text for s in node.findall("syntax") if s.text],
    }


def _same(seg: Json) -> str:
    """What makes two definitions of a segment at one place the same one (a loop the map repeats
    under two parents, 2300 under 2000B and 2000C, gives its segments twice)."""
    return json.dumps([seg["id"], seg["name"], seg["elements"], seg["rules"]], sort_keys=True)


def _keyed(defs: list[Json]) -> list[Json]:
    """Give each of several same-ID segments at one place the qualifier that tells it apart:
    the first element (or a composite's first component) with codes."""
    seen: set[str] = set()
    unique = []
    for seg in defs:
        same = _same(seg)
        if same not in seen:
            seen.add(same)
            unique.append(seg)
    if len(unique) == 1:
        return unique
    for seg in unique:
        for position, element in enumerate(seg["elements"], 1):
            if element is None:
                continue
            parts = element.get("parts")
            if parts:
                first = parts[0]
                if first is not None and first.get("codes"):
                    seg["key"] = [position, 1, first["codes"]]
                    break
            elif element.get("codes"):
                seg["key"] = [position, 0, element["codes"]]
                break
    return unique


def guide(kind: str) -> Json:
    """The guide data of one kind, as it is written to ``data/<kind>.json``."""
    types = _data_elements(_xml("dataele.xml"))
    root = _xml(MAPS[kind])
    places: dict[str, list[Json]] = {}
    for loop in root.iter("loop"):
        xid = loop.get("xid", "")
        if xid in ("ISA_LOOP", "GS_LOOP") and kind != "TA1":
            continue
        xid = LOOP_NAMES.get(kind, {}).get(xid, xid)
        key = xid if _LOOP_ID.match(xid) else ""
        for node in loop.findall("segment"):
            seg = _segment(node, types)
            if kind == "TA1" and seg["id"] != "TA1":
                continue
            places.setdefault(f"{key} {seg['id']}", []).append(seg)
    return {
        "kind": kind,
        "source": f"pyx12 {metadata.version('pyx12')} map/{MAPS[kind]} and map/dataele.xml (BSD)",
        "places": {place: _keyed(defs) for place, defs in places.items()},
    }


def external() -> Json:
    """The external code lists of :data:`EXTERNAL` from ``codes.xml``."""
    root = _xml("codes.xml")
    lists = {
        cs.findtext("id", ""): sorted({c.text or "" for c in cs.iter("code")})
        for cs in root.findall("codeset")
    }
    return {
        "source": f"pyx12 {metadata.version('pyx12')} map/codes.xml (BSD)",
        "lists": {name: lists[name] for name in EXTERNAL},
    }


def render(data: Json) -> str:
    """The JSON text of one data file: compact, one place per line, keys sorted."""
    lines = [json.dumps({k: v for k, v in data.items() if k != "places"}, sort_keys=True)[:-1]]
    if "places" in data:
        places = data["places"]
        body = ",\n".join(
            f"{json.dumps(p)}:{json.dumps(places[p], sort_keys=True, separators=(',', ':'))}"
            for p in sorted(places)
        )
        lines[0] += ', "places": {'
        return lines[0] + "\n" + body + "\n}}\n"
    return lines[0] + "}\n"


def files() -> dict[str, str]:
    """Every shipped data file's name and text."""
    out = {f"{kind}.json": render(guide(kind)) for kind in MAPS}
    out["external.json"] = render(external())
    return out


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, text in files().items():
        (OUT / name).write_text(text, "utf-8")
        print(f"wrote {OUT.name}/{name} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
