// map.js — the operational map: admin areas as the base layer, hazards by
// class and status, land releases by method, accidents and EO items, with
// a layer switcher, a legend and filters.
/* global L */
import { h, debounce } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { vocabCodes, codeLabel, entityTitle } from '../schema.js';
import { baseMap, removeMap, sizeLater, recordLayer, styleFor, swatch, popupContent, CLASS_COLOURS, METHOD_COLOURS, HAZARD_STATUS_STYLE } from '../maplib.js';
import { errorText } from '../ui.js';

const LIMIT = 5000;
const LAYERS = [
	{ entity: 'hazard', on: true },
	{ entity: 'land_release', on: true },
	{ entity: 'accident', on: false },
	{ entity: 'eo_item', on: false },
];

export async function render(main, route) {
	const q = route.query;
	const filters = {
		class: q.get('class') || '',
		hazard_status: q.get('hazard_status') || '',
		status: q.get('status') || '',
		from: q.get('from') || '',
		to: q.get('to') || '',
	};
	const mapEl = h('div.map-canvas#map', { role: 'region', 'aria-label': t('map.region') });
	const counts = h('ul.layer-counts', { 'aria-live': 'polite' });
	const side = h('aside.map-side', { 'aria-label': t('map.panel') },
		h('h1', t('map.title')),
		filterForm(),
		h('h2', t('map.layers')),
		layerChecks(),
		counts,
		h('h2', t('map.legend')),
		legend());
	main.append(h('div.map-layout', side, mapEl));

	const { map } = await baseMap(mapEl, { adminTooltips: true });
	const pointRenderer = L.canvas({ padding: 0.2 });
	const groups = {};
	for (const l of LAYERS) {
		groups[l.entity] = L.featureGroup();
		if (l.on) groups[l.entity].addTo(map);
	}

	const saved = sessionStorage.getItem('mais.mapview');
	if (saved) {
		try {
			const v = JSON.parse(saved);
			map.setView([v.lat, v.lng], v.zoom);
		} catch {
			// ignore
		}
	}
	let seq = 0;
	let removed = false;
	const status = {};
	const reload = debounce(load, 250);
	map.on('moveend', () => {
		const c = map.getCenter();
		sessionStorage.setItem('mais.mapview', JSON.stringify({ lat: c.lat, lng: c.lng, zoom: map.getZoom() }));
		reload();
	});
	await load();
	// The map size is known only once the layout is done.
	sizeLater(map);
	return () => {
		removed = true;
		seq += 1;
		removeMap(map);
	};

	async function load() {
		if (removed) return;
		const my = ++seq;
		const b = map.getBounds().pad(0.2);
		const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(6)).join(',');
		mapEl.setAttribute('aria-busy', 'true');
		await Promise.all(LAYERS.map(async (l) => {
			const g = groups[l.entity];
			if (!map.hasLayer(g)) {
				g.clearLayers();
				status[l.entity] = null;
				return;
			}
			const query = { bbox, limit: LIMIT, status: filters.status, from: filters.from, to: filters.to };
			if (l.entity === 'hazard') query.class = filters.class;
			try {
				const fc = await api('GET', `/api/geojson/${l.entity}`, null, query);
				if (my !== seq) return;
				let features = (fc && fc.features) || [];
				const n = features.length;
				if (l.entity === 'hazard' && filters.hazard_status) features = features.filter((f) => (f.properties || {}).hazard_status === filters.hazard_status);
				if (l.entity === 'hazard' && filters.class) features = features.filter((f) => !(f.properties || {}).hazard_class || f.properties.hazard_class === filters.class);
				g.clearLayers();
				const layer = recordLayer(l.entity, { type: 'FeatureCollection', features }, pointRenderer);
				g.addLayer(layer);
				markSmall(layer, l.entity, g);
				status[l.entity] = { shown: features.length, capped: fc.truncated ?? n >= LIMIT };
			} catch (e) {
				if (my !== seq) return;
				status[l.entity] = { error: errorText(e) };
			}
		}));
		if (my !== seq) return;
		mapEl.removeAttribute('aria-busy');
		mapEl.dataset.loaded = String(my);
		showCounts();
	}

	// A polygon smaller than a few pixels at this zoom gets a dot at its
	// centre too, so that a national view still shows every hazard.
	function markSmall(layer, entity, group) {
		layer.eachLayer((f) => {
			if (!f.getBounds || f instanceof L.CircleMarker) return;
			const b = f.getBounds();
			const a = map.latLngToContainerPoint(b.getSouthWest());
			const c = map.latLngToContainerPoint(b.getNorthEast());
			if (Math.max(Math.abs(a.x - c.x), Math.abs(a.y - c.y)) >= 10) return;
			const p = (f.feature && f.feature.properties) || {};
			const st = styleFor(entity, p);
			const dot = L.circleMarker(b.getCenter(), { ...st, radius: 5, fillOpacity: 0.85, className: `mais-feature mais-${entity}-dot` });
			dot.bindPopup(() => popupContent(entity, p));
			group.addLayer(dot);
		});
	}

	function showCounts() {
		counts.replaceChildren(...LAYERS.filter((l) => status[l.entity]).map((l) => {
			const s = status[l.entity];
			return h('li', { dataset: { entity: l.entity } }, entityTitle(l.entity, true), ': ',
				s.error ? h('span.error-text', s.error) : fmtNumber(s.shown),
				s.capped ? h('span.warn-text', ' ', t('map.capped', { n: fmtNumber(LIMIT) })) : null);
		}));
	}

	function layerChecks() {
		return h('div.checks', LAYERS.map((l) => h('label.check',
			h('input', { type: 'checkbox', checked: l.on, dataset: { layer: l.entity }, onchange: (e) => {
				const g = groups[l.entity];
				if (e.target.checked) g.addTo(map);
				else map.removeLayer(g);
				reload();
			} }),
			' ', entityTitle(l.entity, true))));
	}

	function filterForm() {
		const sel = (name, label, vocab, value) => {
			const id = `flt-${name}`;
			return h('div.field',
				h('label', { for: id }, label),
				h('select', { id, name },
					h('option', { value: '' }, t('common.all')),
					vocabCodes(vocab).map((c) => h('option', { value: c, selected: c === value }, codeLabel(vocab, c)))));
		};
		const date = (name, label) => h('div.field',
			h('label', { for: `flt-${name}` }, label),
			h('input', { id: `flt-${name}`, name, type: 'date', value: filters[name] }));
		const form = h('form.filters', { onsubmit: (e) => {
			e.preventDefault();
			const fd = new FormData(form);
			for (const k of Object.keys(filters)) filters[k] = fd.get(k) || '';
			const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
			history.replaceState(null, '', `#/map${qs ? `?${qs}` : ''}`);
			load();
		} },
		h('h2', t('map.filters')),
		sel('class', t('field.hazard_class'), 'hazard_class', filters.class),
		sel('hazard_status', t('field.hazard_status'), 'hazard_status', filters.hazard_status),
		sel('status', t('field.status'), 'workflow_status', filters.status),
		h('div.field-row', date('from', t('map.from')), date('to', t('map.to'))),
		h('div.actions',
			h('button', { type: 'reset', onclick: () => setTimeout(() => form.requestSubmit(), 0) }, t('common.reset')),
			h('button.primary', { type: 'submit' }, t('map.apply'))));
		return form;
	}
}

function legend() {
	const item = (sw, text) => h('li', sw, ' ', text);
	return h('div.legend',
		h('h3', entityTitle('hazard', true), ' — ', t('field.hazard_class')),
		h('ul', vocabCodes('hazard_class').map((c) => item(swatch(styleFor('hazard', { hazard_class: c, hazard_status: 'active' })), codeLabel('hazard_class', c)))),
		h('h3', entityTitle('hazard', true), ' — ', t('field.hazard_status')),
		h('ul', Object.keys(HAZARD_STATUS_STYLE).map((s) => item(swatch({ ...styleFor('hazard', { hazard_class: 'sha', hazard_status: s }), fillColor: '#adb5bd', color: '#495057' }), codeLabel('hazard_status', s)))),
		h('h3', entityTitle('land_release', true), ' — ', t('field.method')),
		h('ul', Object.keys(METHOD_COLOURS).map((m) => item(swatch(styleFor('land_release', { method: m })), codeLabel('release_method', m)))),
		h('h3', t('map.points')),
		h('ul',
			item(swatch(styleFor('accident'), 'point'), entityTitle('accident', true)),
			item(swatch(styleFor('eo_item'), 'point'), entityTitle('eo_item', true)),
			item(swatch(styleFor('hazard', { hazard_class: 'indication' }), 'point'), t('map.point_hazard'))),
		h('p.muted.small', t('map.base_note')));
}

export { CLASS_COLOURS };
