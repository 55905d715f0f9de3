-- geojson_bbox.sql — pgbench script of bench/geojson_bbox.sh: the map
-- layer of GET /api/geojson/hazard?bbox=... in PostGIS, a GeoJSON
-- FeatureCollection of the hazards whose bounding box meets a box drawn
-- from the table bbox_list (the same 50 boxes as the wrk script; pgbench
-- -D NBOXES=50), at most 5000 features, through the GiST index on
-- hazard(geom).  COALESCE: an empty box gives "features": [] as mais does,
-- not null.
\set i random(1, :NBOXES)
SELECT json_build_object('type', 'FeatureCollection', 'features',
       COALESCE(json_agg(ST_AsGeoJSON(t.*)::json), '[]'::json))
FROM (SELECT fid, geom FROM hazard
      WHERE geom && (SELECT ST_MakeEnvelope(minx, miny, maxx, maxy, 4326)
                     FROM bbox_list WHERE i = :i)
      LIMIT 5000) t;
