#!/usr/bin/env python3
"""postgis_oracle.py CASES.json OUT.json [CONNINFO]

An independent oracle for the land release rule (docs/land-release.md),
computed with PostGIS: every geometric figure (own land, first-release-wins,
clipping, admin splits, outside recorded hazards) is SQL run by psql, and
areas are ST_Area(geom::geography) on the WGS 84 spheroid (PostGIS measures
with GeographicLib's geodesic polygon area, as PROJ's geod and GeographicLib's
Planimeter do).  Python only reads the input, moves it into PostgreSQL, reads
the summed figures back and writes them out (remaining = original - released).

CONNINFO (or the environment variable MAIS_PG) is a libpq connection string,
e.g. the line tests/support/pgtmp.sh start prints.  The database must allow
CREATE EXTENSION postgis (or already have it).  Only temporary tables are
made, in one psql session, so concurrent runs do not disturb each other.

Input ("wkt" is WKT or hex WKB, which keeps every bit of the coordinates,
in WGS 84 lon/lat; "order" is the rank after the rule's
date-then-reference sort, smaller = earlier, unique within a case):

  {"cases": [{"id": "c001",
    "hazards":  [{"id", "order", "wkt" (polygonal or null), "estimated_m2",
                  "groups": {"admin", "year", "organisation", "land_use"}}],
    "releases": [{"id", "order", "method": cancelled|reduced|cleared,
                  "wkt" (as the user gave it, or null), "area_m2",
                  "hazard" (id or null), "groups": {...}}],
    "admin":    [{"id", "wkt"}]}]}

A top-level "clip_linked": false says the releases are given as stored,
clipped to their hazards already: they are taken as they are.

Output: {"cases": {ID: {"hazards": {HID: {polygon, original, cancelled,
reduced, cleared, remaining}}, "groups": {"admin"|"year"|"organisation"|
"land_use": {KEY: {original, cancelled, reduced, cleared, remaining,
outside_cancelled, outside_reduced, outside_cleared}}}, "total": {...}}}}
A null group key is "unassigned"; groups whose figures are all zero are left
out.

How each figure is made (the rule, items 1-3 and "Groups"):
  own(H_i)  = H_i minus the union of the polygons of hazards of smaller order.
  original  = area(own(H)) for a polygon hazard, estimated_m2 (null: 0) for a
              hazard without polygon; polygon = area(H) (or estimated_m2).
  spatial releases = releases with a polygon, unlinked or linked to a polygon
              hazard; R'_k = R_k intersected with its hazard's polygon when
              linked (as the write path stores it), else R_k; new_k = R'_k minus the union of R'_j of the
              spatial releases of smaller order (whatever their method).
  released_m(H) = sum over spatial releases k of method m of
              area(new_k intersected with own(H)) + area_m2 of number-only
              releases (no polygon) of method m linked to H.
  a hazard without polygon: its linked releases with a polygon count with
              area(new_k), new_k taken among those releases only (they take
              no part in the spatial union), plus its number-only releases.
  outside_m = area(new_k minus the union of every polygon hazard) over
              spatial releases of method m with no hazard, or beyond their
              polygon hazard by more than 1e-3 m2 (a release clipped to its
              hazard has nothing outside) + area_m2 of unlinked
              number-only releases of method m.
  groups year/organisation/land_use: hazard figures under the hazard's key,
              outside figures under the release's key.
  work_m    = the land (within hazards) released by the group's own
              releases, under the release's key (admin: where it lies;
              numbers under the release's admin key).
  group admin: every piece of land (own(H), new_k cut by own(H), the outside
              part of new_k) is split by the admin polygons: area(piece
              intersected with a) goes to a, and the part outside every admin
              polygon to "unassigned", computed DIRECTLY as area(piece minus
              the union of the admin polygons).  Numbers (estimated areas,
              releases linked to a hazard without polygon, number-only
              releases) go under the hazard's admin key (unlinked number-only
              releases: the release's admin key).
  total = the sum over hazards and outside, which the year, organisation and
              land_use rows add up to (checked, 1e-6 relative + 1e-6 m2).

Checks.  For every piece, the unassigned part computed directly must equal
the piece less its parts in the admin polygons within 1e-6 relative, in
planar measure (square degrees, exactly additive): else the oracle fails
(overlapping admin polygons, lost land).  In geodesic m2 the two differ by
a residual that is not an error: an edge is a geodesic, and the vertex the
split inserts on it lies on the straight lon/lat line, about
L^2 tan(lat) / 8R off the geodesic, which moves about L^3 tan(lat) / 12R m2
(1e-3 m2 for L = 500 m near the equator, ~20 m2 for 1.3 km at 40 degrees;
up to ~100 m2 on random 1 km polygons at 60 degrees).  So the admin rows
add up to the total less that residual (checked, 1e-6 relative); its largest
values are written under "checks" beside "cases":
  admin_split_geodesic_residual_max_abs / _max_rel  (per piece),
  admin_rows_minus_total_max_abs_m2                 (per case and figure),
  invalid_polygons_repaired                          (see pg_temp.fix).
A hazard whose wkt is not polygonal (e.g. POINT) is a hazard without
polygon; a release or admin wkt that is not polygonal is an error.
Exits non-zero with a message on any error (bad input, SQL error, check).
"""
import json
import os
import subprocess
import sys
import tempfile

METHODS = ("cancelled", "reduced", "cleared")
FIGS = ("original",) + METHODS
OUT_FIGS = tuple("outside_" + m for m in METHODS)
WORK_FIGS = tuple("work_" + m for m in METHODS)
GROUPINGS = ("admin", "year", "organisation", "land_use")
UNASSIGNED = "unassigned"


class OracleError(Exception):
    pass


def copy_text(v):
    """One field of COPY's text format."""
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        raise OracleError("boolean where a string or number was expected")
    if isinstance(v, float):
        return repr(v)
    s = str(v)
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def copy_block(table, rows):
    out = ["COPY %s FROM STDIN;" % table]
    for r in rows:
        out.append("\t".join(copy_text(v) for v in r))
    out.append("\\.")
    return "\n".join(out) + "\n"


def num(v, what):
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise OracleError("%s: not a number: %r" % (what, v))
    return float(v)


def key(groups, g):
    v = (groups or {}).get(g)
    return None if v is None else str(v)


def load_rows(doc):
    """Checks the input and flattens it into rows for COPY."""
    hz, rl, adm = [], [], []
    seen_cases = set()
    for c in doc.get("cases", []):
        cid = str(c["id"])
        if cid in seen_cases:
            raise OracleError("case %s given twice" % cid)
        seen_cases.add(cid)
        hids, hords = set(), set()
        for h in c.get("hazards", []):
            hid, o = str(h["id"]), h["order"]
            w = "case %s hazard %s" % (cid, hid)
            if hid in hids:
                raise OracleError(w + ": id given twice")
            if not isinstance(o, int) or isinstance(o, bool) or o in hords:
                raise OracleError(w + ": order missing, not an integer or "
                                  "not unique: %r" % (o,))
            hids.add(hid)
            hords.add(o)
            g = h.get("groups") or {}
            hz.append((cid, hid, o, h.get("wkt"),
                       num(h.get("estimated_m2"), w + " estimated_m2"),
                       key(g, "admin"), key(g, "year"),
                       key(g, "organisation"), key(g, "land_use")))
        rids, rords = set(), set()
        for r in c.get("releases", []):
            rid, o = str(r["id"]), r["order"]
            w = "case %s release %s" % (cid, rid)
            if rid in rids:
                raise OracleError(w + ": id given twice")
            if not isinstance(o, int) or isinstance(o, bool) or o in rords:
                raise OracleError(w + ": order missing, not an integer or "
                                  "not unique: %r" % (o,))
            if r.get("method") not in METHODS:
                raise OracleError(w + ": method %r" % (r.get("method"),))
            link = r.get("hazard")
            if link is not None and str(link) not in hids:
                raise OracleError(w + ": linked hazard %s not in the case"
                                  % link)
            area = num(r.get("area_m2"), w + " area_m2")
            if r.get("wkt") is None and area is None:
                raise OracleError(w + ": neither wkt nor area_m2")
            rids.add(rid)
            rords.add(o)
            g = r.get("groups") or {}
            rl.append((cid, rid, o, r["method"], r.get("wkt"), area,
                       None if link is None else str(link),
                       key(g, "admin"), key(g, "year"),
                       key(g, "organisation"), key(g, "land_use")))
        aids = set()
        for a in c.get("admin", []):
            aid = str(a["id"])
            if aid in aids or aid == UNASSIGNED:
                raise OracleError("case %s admin %s: id given twice or "
                                  "reserved" % (cid, aid))
            aids.add(aid)
            if a.get("wkt") is None:
                raise OracleError("case %s admin %s: no wkt" % (cid, aid))
            adm.append((cid, aid, a["wkt"]))
    return hz, rl, adm


# The SQL.  Temporary tables only; one session.  ST_CollectionExtract(g, 3)
# keeps the polygonal part of an overlay (a touching edge or corner yields
# lines or points, which have no area but would make a collection).
SQL_SETUP = r"""
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TEMP TABLE s_hz (case_id text, id text, ord int, wkt text, est float8,
  k_admin text, k_year text, k_org text, k_lu text);
CREATE TEMP TABLE s_rl (case_id text, id text, ord int, method text, wkt text,
  area float8, hazard text, k_admin text, k_year text, k_org text, k_lu text);
CREATE TEMP TABLE s_adm (case_id text, id text, wkt text);
"""

SQL_COMPUTE = r"""
CREATE FUNCTION pg_temp.empty() RETURNS geometry IMMUTABLE LANGUAGE sql
  AS $$ SELECT 'SRID=4326;POLYGON EMPTY'::geometry $$;
-- geodesic area on the WGS 84 spheroid of the polygonal part of g (0 for NULL)
CREATE FUNCTION pg_temp.area(g geometry) RETURNS float8 IMMUTABLE LANGUAGE sql
  AS $$ SELECT COALESCE(ST_Area(ST_CollectionExtract(g, 3)::geography, true),
                        0) $$;
-- Input geometries: 2D, SRID 4326.  A geometry GEOS finds invalid (e.g. a
-- self-intersecting ring) would make ST_Difference/ST_Union raise, so ONLY
-- those are repaired with ST_MakeValid (polygonal part kept) and reported on
-- stderr as warnings; valid input is used exactly as given.
CREATE FUNCTION pg_temp.fix(g geometry) RETURNS geometry IMMUTABLE LANGUAGE sql
  AS $$ SELECT CASE WHEN g IS NULL THEN NULL WHEN ST_IsValid(g) THEN g
                    ELSE ST_CollectionExtract(ST_MakeValid(g), 3) END $$;

CREATE TEMP TABLE g_hz AS
  SELECT s.*, ST_Force2D(ST_SetSRID(s.wkt::geometry, 4326)) AS g0 FROM s_hz s;
CREATE TEMP TABLE g_rl AS
  SELECT s.*, ST_Force2D(ST_SetSRID(s.wkt::geometry, 4326)) AS g0 FROM s_rl s;
CREATE TEMP TABLE g_adm AS
  SELECT s.*, ST_Force2D(ST_SetSRID(s.wkt::geometry, 4326)) AS g0 FROM s_adm s;

DO $$ DECLARE r record; BEGIN
  SELECT INTO r 'release ' || id || ' of case ' || case_id AS w, g0 FROM g_rl
    WHERE g0 IS NOT NULL AND GeometryType(g0) NOT IN ('POLYGON', 'MULTIPOLYGON')
    UNION ALL
  SELECT 'admin ' || id || ' of case ' || case_id, g0 FROM g_adm
    WHERE GeometryType(g0) NOT IN ('POLYGON', 'MULTIPOLYGON') LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% is not a polygon: %', r.w, GeometryType(r.g0);
  END IF;
END $$;

COPY (SELECT 'W', 'case ' || case_id || ' hazard ' || id || ': invalid polygon repaired with ST_MakeValid: ' || ST_IsValidReason(g0)
        FROM g_hz WHERE g0 IS NOT NULL AND NOT ST_IsValid(g0)
      UNION ALL
      SELECT 'W', 'case ' || case_id || ' release ' || id || ': invalid polygon repaired with ST_MakeValid: ' || ST_IsValidReason(g0)
        FROM g_rl WHERE g0 IS NOT NULL AND NOT ST_IsValid(g0)
      UNION ALL
      SELECT 'W', 'case ' || case_id || ' admin ' || id || ': invalid polygon repaired with ST_MakeValid: ' || ST_IsValidReason(g0)
        FROM g_adm WHERE NOT ST_IsValid(g0)) TO STDOUT;

-- Hazards.  A hazard whose wkt is not polygonal (a point) has no polygon:
-- it owns no land and counts its estimated area (rule item 1).
CREATE TEMP TABLE hz AS
  SELECT case_id, id, ord, est, k_admin, k_year, k_org, k_lu,
         CASE WHEN GeometryType(g0) IN ('POLYGON', 'MULTIPOLYGON')
              THEN pg_temp.fix(g0) END AS geom
  FROM g_hz;
CREATE INDEX ON hz (case_id, ord);
CREATE TEMP TABLE adm AS
  SELECT case_id, id, pg_temp.fix(g0) AS geom FROM g_adm;
CREATE INDEX ON adm (case_id);
ANALYZE hz; ANALYZE adm;

-- own(H_i) = H_i \ (H_1 u ... u H_{i-1})
CREATE TEMP TABLE hz_own AS
  SELECT h.*,
    CASE WHEN h.geom IS NOT NULL THEN ST_CollectionExtract(ST_Difference(h.geom,
      COALESCE((SELECT ST_Union(h2.geom) FROM hz h2
                WHERE h2.case_id = h.case_id AND h2.ord < h.ord
                  AND h2.geom IS NOT NULL), pg_temp.empty())), 3) END AS own
  FROM hz h;
CREATE INDEX ON hz_own (case_id);
ANALYZE hz_own;

CREATE TEMP TABLE hz_union AS
  SELECT case_id, ST_Union(geom) AS u FROM hz WHERE geom IS NOT NULL
  GROUP BY case_id;
CREATE TEMP TABLE adm_union AS
  SELECT case_id, ST_Union(geom) AS u FROM adm GROUP BY case_id;

-- Releases: kind 'spatial' (polygon; unlinked or linked to a polygon
-- hazard), 'nopoly' (polygon, linked to a hazard without polygon), 'number'
-- (no polygon).  clipped = R' (rule item 2: clipped to its hazard's polygon
-- as the write path does when it stores the release; a release of mais is
-- stored clipped already, so this changes nothing for one).
CREATE TEMP TABLE rl AS
  SELECT r.case_id, r.id, r.ord, r.method, r.area, r.hazard,
         r.k_admin, r.k_year, r.k_org, r.k_lu,
         CASE WHEN r.g0 IS NULL THEN 'number'
              WHEN r.hazard IS NULL OR h.geom IS NOT NULL THEN 'spatial'
              ELSE 'nopoly' END AS kind,
         CASE WHEN r.g0 IS NULL THEN NULL
              WHEN h.geom IS NOT NULL AND @CLIP@ THEN
                ST_CollectionExtract(ST_Intersection(pg_temp.fix(r.g0), h.geom), 3)
              ELSE pg_temp.fix(r.g0) END AS clipped
  FROM g_rl r LEFT JOIN hz h ON h.case_id = r.case_id AND h.id = r.hazard;
CREATE INDEX ON rl (case_id, kind, ord);
ANALYZE rl;

-- new_k = R'_k \ (R'_1 u ... u R'_{k-1}): among the spatial releases of the
-- case; for 'nopoly' among the releases of the same hazard without polygon.
CREATE TEMP TABLE rl_new AS
  SELECT r.*,
    CASE r.kind
      WHEN 'spatial' THEN ST_CollectionExtract(ST_Difference(r.clipped,
        COALESCE((SELECT ST_Union(r2.clipped) FROM rl r2
                  WHERE r2.case_id = r.case_id AND r2.kind = 'spatial'
                    AND r2.ord < r.ord), pg_temp.empty())), 3)
      WHEN 'nopoly' THEN ST_CollectionExtract(ST_Difference(r.clipped,
        COALESCE((SELECT ST_Union(r2.clipped) FROM rl r2
                  WHERE r2.case_id = r.case_id AND r2.kind = 'nopoly'
                    AND r2.hazard = r.hazard AND r2.ord < r.ord),
                 pg_temp.empty())), 3)
    END AS new
  FROM rl r;
ANALYZE rl_new;

-- The land pieces, each with the keys of the group it counts in.
--   fig: original | cancelled | reduced | cleared | outside_<method>
--   hid: the hazard the piece counts for (NULL: outside recorded hazards)
CREATE TEMP TABLE piece AS
  -- own land of each polygon hazard
  SELECT h.case_id, h.id AS hid, NULL::text AS rid, 'original' AS fig,
         h.own AS g, h.k_year, h.k_org, h.k_lu,
         NULL::text AS rk_year, NULL::text AS rk_org, NULL::text AS rk_lu
  FROM hz_own h WHERE h.own IS NOT NULL
  UNION ALL
  -- released land: new_k on the land each hazard owns
  SELECT r.case_id, h.id, r.id, r.method,
         ST_CollectionExtract(ST_Intersection(r.new, h.own), 3),
         h.k_year, h.k_org, h.k_lu, r.k_year, r.k_org, r.k_lu
  FROM rl_new r JOIN hz_own h ON h.case_id = r.case_id
  WHERE r.kind = 'spatial' AND h.own IS NOT NULL AND r.new && h.own
  UNION ALL
  -- released outside recorded hazards: new_k \ (union of all hazards),
  -- of releases with no hazard, and of those of a polygon hazard that lie
  -- beyond it by more than 1e-3 m2 (its polygon changed since they were
  -- clipped to it; below that, the slivers an overlay of a clipped
  -- release's edges leaves are not land: the rule puts nothing outside)
  SELECT r.case_id, NULL, r.id, 'outside_' || r.method,
         ST_CollectionExtract(ST_Difference(r.new,
                                            COALESCE(u.u, pg_temp.empty())), 3),
         r.k_year, r.k_org, r.k_lu, NULL, NULL, NULL
  FROM rl_new r LEFT JOIN hz_union u ON u.case_id = r.case_id
  LEFT JOIN hz h ON h.case_id = r.case_id AND h.id = r.hazard
  WHERE r.kind = 'spatial' AND (r.hazard IS NULL OR
        pg_temp.area(ST_CollectionExtract(ST_Difference(r.new, h.geom), 3))
        > 1e-3);
ALTER TABLE piece ADD COLUMN pid serial;
ALTER TABLE piece ADD COLUMN a float8;
ALTER TABLE piece ADD COLUMN ap float8;
UPDATE piece SET a = pg_temp.area(g), ap = ST_Area(g);
CREATE INDEX ON piece (case_id);
ANALYZE piece;

-- The numbers: no land on the map, counted under keys only (admin: the
-- hazard's key, or the release's for unlinked number-only releases).
CREATE TEMP TABLE numbers AS
  -- hazards without polygon: the estimated area
  SELECT h.case_id, h.id AS hid, 'original' AS fig, COALESCE(h.est, 0) AS a,
         h.k_admin, h.k_year, h.k_org, h.k_lu, NULL::text AS rk_admin,
         NULL::text AS rk_year, NULL::text AS rk_org, NULL::text AS rk_lu
  FROM hz h WHERE h.geom IS NULL
  UNION ALL
  -- releases with a polygon linked to a hazard without polygon: own union
  SELECT r.case_id, h.id, r.method, pg_temp.area(r.new),
         h.k_admin, h.k_year, h.k_org, h.k_lu,
         r.k_admin, r.k_year, r.k_org, r.k_lu
  FROM rl_new r JOIN hz h ON h.case_id = r.case_id AND h.id = r.hazard
  WHERE r.kind = 'nopoly'
  UNION ALL
  -- number-only releases linked to a hazard
  SELECT r.case_id, h.id, r.method, r.area,
         h.k_admin, h.k_year, h.k_org, h.k_lu,
         r.k_admin, r.k_year, r.k_org, r.k_lu
  FROM rl r JOIN hz h ON h.case_id = r.case_id AND h.id = r.hazard
  WHERE r.kind = 'number'
  UNION ALL
  -- number-only releases with no hazard: outside recorded hazards
  SELECT r.case_id, NULL, 'outside_' || r.method, r.area,
         r.k_admin, r.k_year, r.k_org, r.k_lu, NULL, NULL, NULL, NULL
  FROM rl r WHERE r.kind = 'number' AND r.hazard IS NULL;

-- The admin split of every piece: area(piece & a) per admin polygon a, and
-- the unassigned part computed DIRECTLY as area(piece \ union of admins).
-- ap: the same in planar square degrees, which add up exactly over a
-- partition whatever vertices the overlay inserts (geodesic areas do not:
-- an edge is a geodesic, and a vertex inserted on it where an admin
-- boundary crosses moves it onto the straight lon/lat line).
CREATE TEMP TABLE piece_adm AS
  SELECT pid, case_id, fig, admin, pg_temp.area(x) AS a,
         ST_Area(ST_CollectionExtract(x, 3)) AS ap
  FROM (SELECT p.pid, p.case_id, p.fig, a.id AS admin,
               ST_Intersection(p.g, a.geom) AS x
        FROM piece p JOIN adm a ON a.case_id = p.case_id AND p.g && a.geom
        UNION ALL
        SELECT p.pid, p.case_id, p.fig, NULL,
               ST_Difference(p.g, COALESCE(u.u, pg_temp.empty()))
        FROM piece p LEFT JOIN adm_union u ON u.case_id = p.case_id) s;

CREATE TEMP TABLE split_check AS
  SELECT p.pid, p.case_id, p.hid, p.rid, p.fig, p.a, p.ap,
         COALESCE(s.inside, 0) AS inside, s.direct,
         COALESCE(s.inside_p, 0) AS inside_p, s.direct_p
  FROM piece p JOIN (SELECT pid,
                       sum(a) FILTER (WHERE admin IS NOT NULL) AS inside,
                       sum(a) FILTER (WHERE admin IS NULL) AS direct,
                       sum(ap) FILTER (WHERE admin IS NOT NULL) AS inside_p,
                       sum(ap) FILTER (WHERE admin IS NULL) AS direct_p
                     FROM piece_adm GROUP BY pid) s USING (pid);

-- Check 1 (a hard error): the unassigned part computed directly equals the
-- piece less its parts in the admin polygons, within 1e-6 relative, in
-- planar measure (exactly additive): fails when admin polygons overlap or
-- an overlay lost land.
COPY (SELECT 'E', 'case ' || case_id || ': piece ' || fig
              || coalesce(' of hazard ' || hid, '')
              || coalesce(' from release ' || rid, '')
              || ': planar area ' || ap || ' deg2, unassigned directly '
              || direct_p || ', by subtraction ' || (ap - inside_p)
              || ' (overlapping admin polygons?)'
      FROM split_check
      WHERE abs(ap - inside_p - direct_p) > 1e-6 * ap + 1e-15)
  TO STDOUT;
-- Check 2 (reported): the same in geodesic m2.  The residual
-- area(piece) - sum(area(parts)) is the geodesic-edge effect of the
-- vertices the split inserts (about L^3 tan(lat) / 12R per split edge of
-- length L: ~1e-3 m2 for 500 m near the equator, ~20 m2 for 1.3 km at
-- 40 degrees); it is what the admin rows' sum differs from the total by.
COPY (SELECT 'R', case_id, NULL, NULL, fig, sum(a - inside - direct)
      FROM split_check GROUP BY case_id, fig
      UNION ALL
      SELECT 'S', '', NULL, NULL, 'max_abs', COALESCE(max(abs(a - inside - direct)), 0)
      FROM split_check
      UNION ALL
      SELECT 'S', '', NULL, NULL, 'max_rel',
             COALESCE(max(abs(a - inside - direct) / a), 0)
      FROM split_check WHERE a > 0)
  TO STDOUT;

-- Results, long format: kind, case, [grouping, key | hazard], fig, value.
COPY (
  SELECT 'P', case_id, id, NULL, 'polygon',
         CASE WHEN geom IS NULL THEN COALESCE(est, 0)
              ELSE pg_temp.area(geom) END
  FROM hz
  UNION ALL
  -- every hazard appears, with its original even when 0
  SELECT 'H', case_id, id, NULL, 'original', 0 FROM hz
  UNION ALL
  SELECT 'H', case_id, hid, NULL, fig, sum(a)
  FROM (SELECT case_id, hid, fig, a FROM piece
        UNION ALL SELECT case_id, hid, fig, a FROM numbers) x
  WHERE hid IS NOT NULL GROUP BY case_id, hid, fig
  UNION ALL
  SELECT 'T', case_id, NULL, NULL, fig, sum(a)
  FROM (SELECT case_id, fig, a FROM piece
        UNION ALL SELECT case_id, fig, a FROM numbers) x
  GROUP BY case_id, fig
  UNION ALL
  SELECT 'G', case_id, grouping, COALESCE(k, 'unassigned'), fig, sum(a)
  FROM (SELECT case_id, 'year' AS grouping, k_year AS k, fig, a FROM piece
        UNION ALL SELECT case_id, 'year', k_year, fig, a FROM numbers
        UNION ALL SELECT case_id, 'organisation', k_org, fig, a FROM piece
        UNION ALL SELECT case_id, 'organisation', k_org, fig, a FROM numbers
        UNION ALL SELECT case_id, 'land_use', k_lu, fig, a FROM piece
        UNION ALL SELECT case_id, 'land_use', k_lu, fig, a FROM numbers
        UNION ALL SELECT case_id, 'admin', admin, fig, a FROM piece_adm
        UNION ALL SELECT case_id, 'admin', k_admin, fig, a FROM numbers) x
  GROUP BY case_id, grouping, COALESCE(k, 'unassigned'), fig
  UNION ALL
  -- the work of each group's own releases: the land they released within
  -- hazards, under the release's key (by admin: where it lies)
  SELECT 'G', case_id, grouping, COALESCE(k, 'unassigned'), 'work_' || fig,
         sum(a)
  FROM (SELECT case_id, 'year' AS grouping, rk_year AS k, fig, a FROM piece
        WHERE rid IS NOT NULL AND hid IS NOT NULL
        UNION ALL SELECT case_id, 'year', rk_year, fig, a FROM numbers
        WHERE hid IS NOT NULL AND fig <> 'original'
        UNION ALL SELECT case_id, 'organisation', rk_org, fig, a FROM piece
        WHERE rid IS NOT NULL AND hid IS NOT NULL
        UNION ALL SELECT case_id, 'organisation', rk_org, fig, a FROM numbers
        WHERE hid IS NOT NULL AND fig <> 'original'
        UNION ALL SELECT case_id, 'land_use', rk_lu, fig, a FROM piece
        WHERE rid IS NOT NULL AND hid IS NOT NULL
        UNION ALL SELECT case_id, 'land_use', rk_lu, fig, a FROM numbers
        WHERE hid IS NOT NULL AND fig <> 'original'
        UNION ALL SELECT case_id, 'admin', admin, fig, a FROM piece_adm
        WHERE fig IN ('cancelled', 'reduced', 'cleared')
        UNION ALL SELECT case_id, 'admin', rk_admin, fig, a FROM numbers
        WHERE hid IS NOT NULL AND fig <> 'original') x
  GROUP BY case_id, grouping, COALESCE(k, 'unassigned'), fig
) TO STDOUT;
"""


def zero_figs(outside):
    d = {f: 0.0 for f in FIGS}
    if outside:
        d.update({f: 0.0 for f in OUT_FIGS + WORK_FIGS})
    return d


def finish(d):
    d["remaining"] = (d["original"] - d["cancelled"] - d["reduced"]
                      - d["cleared"])
    return d


def unescape(s):
    if s == "\\N":
        return None
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def run(doc, conninfo):
    hz, rl, adm = load_rows(doc)
    # "clip_linked": false when the releases are given as a store keeps
    # them, clipped to their hazard already (clipping again would move
    # their vertices by a rounding and their areas by a little)
    clip = doc.get("clip_linked", True)
    script = (SQL_SETUP + copy_block("s_hz", hz) + copy_block("s_rl", rl)
              + copy_block("s_adm", adm) + "ANALYZE s_hz; ANALYZE s_rl;\n"
              + SQL_COMPUTE.replace("@CLIP@", "true" if clip else "false"))
    with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8",
                                     delete=False) as f:
        f.write(script)
        path = f.name
    try:
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                            "-d", conninfo, "-f", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           encoding="utf-8")
    finally:
        os.unlink(path)
    if p.returncode != 0:
        raise OracleError("psql failed (exit %d):\n%s"
                          % (p.returncode, p.stderr.strip()))
    if p.stderr.strip():
        sys.stderr.write(p.stderr)

    res, residual = {}, {}
    for c in doc.get("cases", []):
        res[str(c["id"])] = {"hazards": {}, "groups": {g: {} for g in
                                                        GROUPINGS},
                             "total": zero_figs(True)}
        residual[str(c["id"])] = zero_figs(True)
    errors, checks, nwarn = [], {}, 0
    for line in p.stdout.splitlines():
        if not line:
            continue
        f = [unescape(x) for x in line.split("\t")]
        kind = f[0]
        if kind == "W":
            nwarn += 1
            if nwarn <= 20:
                sys.stderr.write("postgis_oracle: warning: %s\n" % f[1])
            continue
        if kind == "E":
            errors.append(f[1])
            continue
        cid, a, b, fig, val = f[1], f[2], f[3], f[4], float(f[5])
        if kind == "S":
            checks["admin_split_geodesic_residual_" + fig] = val
            continue
        case = res[cid]
        if kind in ("P", "H"):
            h = case["hazards"].setdefault(a, {"polygon": 0.0,
                                               **zero_figs(False)})
            h[fig] += val
        elif kind == "T":
            case["total"][fig] += val
        elif kind == "G":
            g = case["groups"][a].setdefault(b, zero_figs(True))
            g[fig] += val
        elif kind == "R":
            residual[cid][fig] += val
        else:
            raise OracleError("unexpected row from psql: %r" % line)
    if nwarn > 20:
        sys.stderr.write("postgis_oracle: warning: %d more invalid polygons "
                         "repaired\n" % (nwarn - 20))
    checks["invalid_polygons_repaired"] = nwarn
    if errors:
        raise OracleError("admin split check failed:\n  "
                          + "\n  ".join(errors))

    worst = 0.0
    for cid, case in res.items():
        for h in case["hazards"].values():
            finish(h)
        finish(case["total"])
        for gname, groups in case["groups"].items():
            for k in [k for k, v in groups.items()
                      if all(x == 0.0 for x in v.values())]:
                del groups[k]
            for v in groups.values():
                finish(v)
            # Every grouping adds up to the total (hazards + outside); the
            # admin rows miss by exactly the geodesic residual of the split.
            for fig in FIGS + OUT_FIGS:
                s = sum(v[fig] for v in groups.values())
                t = case["total"][fig]
                if gname == "admin":
                    s += residual[cid][fig]
                    worst = max(worst, abs(residual[cid][fig]))
                if abs(s - t) > 1e-6 * abs(t) + 1e-6:
                    raise OracleError(
                        "case %s: grouping %s sums %s to %r, total %r"
                        % (cid, gname, fig, s, t))
    checks["admin_rows_minus_total_max_abs_m2"] = worst
    return {"cases": res, "checks": checks}


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__.split("\n\n")[0] + "\n")
        return 2
    conninfo = argv[3] if len(argv) == 4 else os.environ.get("MAIS_PG")
    if not conninfo:
        sys.stderr.write("postgis_oracle: no connection string: give it as "
                         "the third argument or in MAIS_PG\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
        out = run(doc, conninfo)
    except (OracleError, KeyError, TypeError, ValueError, OSError) as e:
        sys.stderr.write("postgis_oracle: %s: %s\n" % (type(e).__name__, e))
        return 1
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
