// geomtext.js — geometry typed or pasted by a person: GeoJSON (a geometry,
// a Feature or a FeatureCollection), WKT, or coordinates "lon lat" one
// pair a line.  Each parser returns a GeoJSON geometry or throws an Error
// whose message says what is wrong (and on which line).
import { t } from './i18n.js';

export function parseAny(text) {
	const s = text.trim();
	if (!s) throw new Error(t('geom.empty'));
	if (s[0] === '{' || s[0] === '[') return parseGeoJSON(s);
	if (/^(SRID=\d+;\s*)?[A-Za-z]/.test(s)) return parseWKT(s);
	return parseCoordinates(s);
}

export function parseGeoJSON(text) {
	let obj;
	try {
		obj = JSON.parse(text);
	} catch (e) {
		throw new Error(t('geom.bad_json', { msg: e.message }));
	}
	const geoms = [];
	const collect = (o) => {
		if (!o || typeof o !== 'object') throw new Error(t('geom.not_geojson'));
		if (o.type === 'FeatureCollection') (o.features || []).forEach(collect);
		else if (o.type === 'Feature') {
			if (o.geometry) collect(o.geometry);
		} else if (o.type === 'GeometryCollection') (o.geometries || []).forEach(collect);
		else if (['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'].includes(o.type) && Array.isArray(o.coordinates)) geoms.push(o);
		else throw new Error(t('geom.not_geojson'));
	};
	collect(obj);
	if (!geoms.length) throw new Error(t('geom.empty'));
	for (const g of geoms) checkCoords(g.coordinates);
	return combine(geoms);
}

// Several geometries into one: polygons into a MultiPolygon, points into
// a MultiPoint; a mix is refused.
export function combine(geoms) {
	if (geoms.length === 1) return geoms[0];
	if (geoms.every((g) => g.type === 'Polygon' || g.type === 'MultiPolygon')) {
		return { type: 'MultiPolygon', coordinates: geoms.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) };
	}
	if (geoms.every((g) => g.type === 'Point' || g.type === 'MultiPoint')) {
		return { type: 'MultiPoint', coordinates: geoms.flatMap((g) => (g.type === 'Point' ? [g.coordinates] : g.coordinates)) };
	}
	throw new Error(t('geom.mixed'));
}

function checkLonLat(lon, lat, where) {
	if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(t('geom.not_number', { where }));
	if (lon < -180 || lon > 180) throw new Error(t('geom.lon_range', { where, v: lon }));
	if (lat < -90 || lat > 90) throw new Error(t('geom.lat_range', { where, v: lat }));
}

function checkCoords(c) {
	if (typeof c[0] === 'number') checkLonLat(c[0], c[1], JSON.stringify(c));
	else c.forEach(checkCoords);
}

// "lon lat" (or "lon,lat", "lon;lat", tabs) one pair a line: one pair is
// a point, three or more a polygon (closed if the last is not the first).
// A blank line starts another polygon.
export function parseCoordinates(text) {
	const rings = [[]];
	text.split(/\r?\n/).forEach((line, i) => {
		const s = line.replace(/#.*$/, '').trim();
		if (!s) {
			if (rings[rings.length - 1].length) rings.push([]);
			return;
		}
		const parts = s.split(/[\s,;]+/).filter(Boolean);
		if (parts.length < 2 || parts.length > 3) throw new Error(t('geom.line_pair', { line: i + 1 }));
		const lon = Number(parts[0]);
		const lat = Number(parts[1]);
		checkLonLat(lon, lat, t('geom.line', { line: i + 1 }));
		rings[rings.length - 1].push([lon, lat]);
	});
	const used = rings.filter((r) => r.length);
	if (!used.length) throw new Error(t('geom.empty'));
	if (used.length === 1 && used[0].length === 1) return { type: 'Point', coordinates: used[0][0] };
	const polys = used.map((r) => {
		const ring = closeRing(r);
		if (ring.length < 4) throw new Error(t('geom.too_few'));
		return [ring];
	});
	return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

function closeRing(r) {
	const a = r[0];
	const b = r[r.length - 1];
	return a[0] === b[0] && a[1] === b[1] ? r : [...r, a];
}

// WKT: POINT, LINESTRING, POLYGON and their MULTI forms, with Z or M
// ignored, and an optional EWKT "SRID=4326;" prefix (only 4326).
export function parseWKT(text) {
	let s = text.trim();
	const srid = /^SRID=(\d+);/i.exec(s);
	if (srid) {
		if (srid[1] !== '4326') throw new Error(t('geom.srid', { srid: srid[1] }));
		s = s.slice(srid[0].length);
	}
	const m = /^([A-Za-z]+)\s*(Z|M|ZM)?\s*(\(.*\)|EMPTY)\s*$/is.exec(s);
	if (!m) throw new Error(t('geom.bad_wkt'));
	const type = m[1].toUpperCase();
	if (m[3].toUpperCase() === 'EMPTY') throw new Error(t('geom.empty'));
	const nested = parseParens(m[3]);
	const pt = (p) => {
		if (!Array.isArray(p) || p.length < 2) throw new Error(t('geom.bad_wkt'));
		checkLonLat(p[0], p[1], p.join(' '));
		return [p[0], p[1]];
	};
	const line = (l) => l.map(pt);
	const poly = (p) => p.map((ring) => {
		const r = closeRing(line(ring));
		if (r.length < 4) throw new Error(t('geom.too_few'));
		return r;
	});
	switch (type) {
	case 'POINT': return { type: 'Point', coordinates: pt(nested[0]) };
	case 'LINESTRING': return { type: 'LineString', coordinates: line(nested) };
	case 'POLYGON': return { type: 'Polygon', coordinates: poly(nested) };
	case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: nested.map((p) => pt(Array.isArray(p[0]) ? p[0] : p)) };
	case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: nested.map(line) };
	case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: nested.map(poly) };
	default: throw new Error(t('geom.wkt_type', { type }));
	}
}

// "((1 2, 3 4), (5 6))" → nested arrays; a point "1 2" → [1, 2].
function parseParens(s) {
	let i = 0;
	const ws = () => {
		while (i < s.length && /\s/.test(s[i])) i++;
	};
	const list = () => {
		ws();
		if (s[i] !== '(') throw new Error(t('geom.bad_wkt'));
		i++;
		const items = [];
		for (;;) {
			ws();
			if (s[i] === '(') items.push(list());
			else {
				const start = i;
				while (i < s.length && /[^,()]/.test(s[i])) i++;
				const nums = s.slice(start, i).trim().split(/\s+/).map(Number);
				if (nums.some((n) => !Number.isFinite(n))) throw new Error(t('geom.bad_wkt'));
				items.push(nums);
			}
			ws();
			if (s[i] === ',') {
				i++;
				continue;
			}
			if (s[i] === ')') {
				i++;
				return items;
			}
			throw new Error(t('geom.bad_wkt'));
		}
	};
	const r = list();
	ws();
	if (i !== s.length) throw new Error(t('geom.bad_wkt'));
	return r;
}

// A geometry made to fit the entity's declared type where that is only a
// matter of form (Polygon → MultiPolygon); else an Error.
export function fitType(geom, geomType) {
	const gt = (geomType || 'GEOMETRY').toUpperCase();
	if (gt === 'GEOMETRY' || !geom) return geom;
	if (gt === 'MULTIPOLYGON') {
		if (geom.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [geom.coordinates] };
		if (geom.type === 'MultiPolygon') return geom;
	}
	if (gt === 'POLYGON' && geom.type === 'Polygon') return geom;
	if (gt === 'POINT') {
		if (geom.type === 'Point') return geom;
		if (geom.type === 'MultiPoint' && geom.coordinates.length === 1) return { type: 'Point', coordinates: geom.coordinates[0] };
	}
	if (gt === 'MULTIPOINT') {
		if (geom.type === 'Point') return { type: 'MultiPoint', coordinates: [geom.coordinates] };
		if (geom.type === 'MultiPoint') return geom;
	}
	if (gt === geom.type.toUpperCase()) return geom;
	throw new Error(t('geom.wrong_type', { want: gt, got: geom.type }));
}
