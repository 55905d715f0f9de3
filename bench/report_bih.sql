-- report_bih.sql — per canton, the dissolved area of the BiH suspected
-- areas and of the cleared areas, in PostGIS, as mais report land-release
-- --by admin computes them (hazard_area_m2, cleared_m2).  Tables loaded by
-- ogr2ogr (bench/report_bih.sh): cantons, suspect, cleared, geometry
-- column geom.  Same features as mais: null and empty geometries left out,
-- invalid ones repaired by ST_MakeValid (linework, PostGIS 3.3's default,
-- GEOS MakeValid as mais) keeping the polygonal part; areas geodesic on
-- the WGS 84 ellipsoid (ST_Area of geography, use_spheroid true).
WITH hz AS (
  SELECT ST_UnaryUnion(ST_Collect(ST_CollectionExtract(ST_MakeValid(geom), 3))) AS g
  FROM suspect WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)),
cl AS (
  SELECT ST_UnaryUnion(ST_Collect(ST_CollectionExtract(ST_MakeValid(geom), 3))) AS g
  FROM cleared WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom))
SELECT c.shapename AS canton,
       round(ST_Area(ST_Intersection(hz.g, c.geom)::geography)::numeric, 3) AS hazard_area_m2,
       round(ST_Area(ST_Intersection(cl.g, c.geom)::geography)::numeric, 3) AS cleared_m2
FROM cantons c, hz, cl
ORDER BY 1;
