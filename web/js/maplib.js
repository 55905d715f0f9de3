// maplib.js — Leaflet maps without online tiles: the admin areas of the
// database are the base layer; the styles of the record layers.
/* global L */
import { h } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { codeLabel, entityTitle } from './schema.js';

export const CLASS_COLOURS = { indication: '#d9a400', sha: '#e8590c', cha: '#c92a2a' };
export const METHOD_COLOURS = { cancelled: '#4dabf7', reduced: '#7048e8', cleared: '#2f9e44' };
export const ACCIDENT_COLOUR = '#212529';
export const EO_COLOUR = '#a61e4d';
export const HAZARD_STATUS_STYLE = {
	active: { dashArray: null, fillOpacity: 0.4, weight: 2 },
	closed: { dashArray: '6 4', fillOpacity: 0.1, weight: 2 },
	handed_over: { dashArray: '2 4', fillOpacity: 0.05, weight: 2 },
};

let adminPromise = null;
export function adminAreas() {
	if (!adminPromise) {
		adminPromise = api('GET', '/api/geojson/admin_area', null, { limit: 5000 })
			.catch((e) => {
				adminPromise = null;
				throw e;
			});
	}
	return adminPromise;
}

// A map in el with the admin areas drawn under everything else.
// Resolves to {map, admin} (admin: the GeoJSON layer, or null if none).
export async function baseMap(el, opts = {}) {
	const map = L.map(el, {
		zoomSnap: 0.25,
		attributionControl: false,
		preferCanvas: false,
		...opts,
	});
	// Whether a zoom is under way, for removeMap.
	map.on('zoomanim', () => { map.maisZooming = true; });
	map.on('zoomend', () => { map.maisZooming = false; });
	map.createPane('admin');
	map.getPane('admin').style.zIndex = 250;
	map.setView([0, 0], 2);
	L.control.scale({ imperial: false }).addTo(map);
	// A map made before its element is laid out has no size: keep it
	// informed, and fit the bounds asked for once it has one.
	if (window.ResizeObserver) {
		let gone = false;
		const ro = new ResizeObserver(() => {
			if (gone || map.maisRemoving) return;
			map.invalidateSize();
			const p = map.maisPendingFit;
			const s = map.getSize();
			if (p && s.x > 0 && s.y > 0) {
				map.maisPendingFit = null;
				map.fitBounds(p[0], p[1]);
			}
		});
		ro.observe(el);
		map.on('unload', () => {
			gone = true;
			ro.disconnect();
		});
	}
	let admin = null;
	try {
		const fc = await adminAreas();
		admin = L.geoJSON(fc, {
			pane: 'admin',
			interactive: !!opts.adminTooltips,
			style: (f) => ({
				color: '#7b8794', weight: (f.properties && f.properties.level) === 0 ? 1.5 : 0.8,
				fillColor: '#eef1f4', fillOpacity: 1,
			}),
			onEachFeature: (f, layer) => {
				const p = f.properties || {};
				if (opts.adminTooltips && (p.name || p.reference)) layer.bindTooltip(p.name || p.reference, { sticky: true });
			},
		}).addTo(map);
		if (admin.getLayers().length) fit(map, admin.getBounds(), { padding: [10, 10] });
	} catch (e) {
		console.warn('admin areas', e);
	}
	return { map, admin };
}

// Removes a map when a page is left.  Leaflet 1.9 keeps timers of a zoom
// under way that fail on a removed map ("Cannot read properties of
// undefined (reading '_leaflet_pos')"): the end of a zoom animation, and a
// wheel's zoom, which starts wheelDebounceTime (40 ms) after the last wheel
// event.  So the map stops taking input at once and is removed once no
// zoom can still be running.
export function removeMap(map) {
	if (!map || map.maisRemoving) return;
	map.maisRemoving = true;
	for (const k of ['scrollWheelZoom', 'doubleClickZoom', 'boxZoom', 'keyboard', 'touchZoom', 'dragging']) map[k]?.disable();
	const tryRemove = () => {
		if (map.maisZooming) map.once('zoomend', () => setTimeout(tryRemove, 0));
		else map.remove();
	};
	setTimeout(tryRemove, (map.options.wheelDebounceTime || 40) + 20);
}

// invalidateSize once the layout is done, unless the map is gone by then.
export function sizeLater(map) {
	setTimeout(() => {
		if (!map.maisRemoving && map.getContainer().isConnected) map.invalidateSize();
	}, 0);
}

// fitBounds now, or as soon as the map has a size.
export function fit(map, bounds, opts) {
	if (!bounds || !bounds.isValid()) return;
	// No animation: a page may remove its map at any moment, and
	// Leaflet fails on an animation that ends on a removed map.
	opts = { animate: false, ...opts };
	const s = map.getSize();
	if (s.x > 0 && s.y > 0) map.fitBounds(bounds, opts);
	else map.maisPendingFit = [bounds, opts];
}

export function hazardStyle(p) {
	const s = HAZARD_STATUS_STYLE[p.hazard_status] || HAZARD_STATUS_STYLE.active;
	const c = CLASS_COLOURS[p.hazard_class] || '#868e96';
	return { color: p.hazard_status === 'handed_over' ? '#495057' : c, fillColor: c, ...s, className: 'mais-feature mais-hazard' };
}

export function styleFor(entity, p) {
	p = p || {};
	switch (entity) {
	case 'hazard':
		return hazardStyle(p);
	case 'land_release': {
		const c = METHOD_COLOURS[p.method] || '#1098ad';
		return { color: c, fillColor: c, weight: 1.5, fillOpacity: 0.45, className: 'mais-feature mais-land_release' };
	}
	case 'accident':
		return { color: '#ffffff', fillColor: ACCIDENT_COLOUR, weight: 1, fillOpacity: 0.9, radius: 5, className: 'mais-feature mais-accident' };
	case 'eo_item':
		return { color: '#ffffff', fillColor: EO_COLOUR, weight: 1, fillOpacity: 0.9, radius: 4, className: 'mais-feature mais-eo_item' };
	default:
		return { color: '#1864ab', fillColor: '#1864ab', weight: 2, fillOpacity: 0.3, className: `mais-feature mais-${entity}` };
	}
}

const CODE_PROPS = {
	hazard: [['hazard_class', 'hazard_class'], ['hazard_status', 'hazard_status']],
	land_release: [['method', 'release_method']],
	accident: [['accident_type', 'accident_type'], ['eo_category', 'eo_category']],
	eo_item: [['eo_category', 'eo_category'], ['fate', 'eo_fate']],
	activity: [['activity_type', 'activity_type']],
};

export function popupContent(entity, p) {
	const rows = (CODE_PROPS[entity] || []).filter(([k]) => p[k])
		.map(([k, v]) => h('div', codeLabel(v, p[k])));
	return h('div.popup',
		h('div.popup-title', h('strong', p.reference || ''), ' · ', entityTitle(entity)),
		p.name ? h('div', p.name) : null,
		rows,
		p.status ? h('div.muted', codeLabel('workflow_status', p.status)) : null,
		p.uuid ? h('a.popup-link', { href: `#/record/${entity}/${p.uuid}` }, t('map.open_record')) : null);
}

// A GeoJSON layer for records of entity: polygons in SVG (class
// mais-<entity>), points as circle markers on the given canvas renderer.
export function recordLayer(entity, fc, pointRenderer) {
	return L.geoJSON(fc, {
		style: (f) => styleFor(entity, f.properties),
		pointToLayer: (f, latlng) => {
			const st = styleFor(entity, f.properties);
			return L.circleMarker(latlng, { radius: st.radius || 6, ...st, renderer: pointRenderer || undefined });
		},
		onEachFeature: (f, layer) => {
			layer.bindPopup(() => popupContent(entity, f.properties || {}));
		},
	});
}

export function swatch(style, shape = 'area') {
	const css = {
		background: style.fillColor,
		borderColor: style.color,
		borderStyle: style.dashArray ? 'dashed' : 'solid',
		opacity: 1,
	};
	const el = h(`span.swatch.swatch-${shape}`, { 'aria-hidden': 'true' });
	Object.assign(el.style, css);
	if (shape === 'area') el.style.backgroundColor = hexA(style.fillColor, Math.max(0.15, style.fillOpacity ?? 0.4));
	return el;
}

function hexA(hex, a) {
	const m = /^#([0-9a-f]{6})$/i.exec(hex || '');
	if (!m) return hex;
	const n = parseInt(m[1], 16);
	return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}
