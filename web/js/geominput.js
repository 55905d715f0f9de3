// geominput.js — the geometry of a form: drawn on the map (Leaflet-Geoman),
// pasted as GeoJSON or WKT, or typed as coordinates "lon lat" per line.
/* global L */
import { h, newId, debounce } from './dom.js';
import { t } from './i18n.js';
import { baseMap, sizeLater, fit } from './maplib.js';
import { parseAny, parseCoordinates, combine, fitType } from './geomtext.js';

const STYLE = { color: '#1864ab', fillColor: '#4dabf7', fillOpacity: 0.35, weight: 2 };

// opts: geomType (POINT, MULTIPOLYGON, GEOMETRY, ...), geometry (initial),
// required, label.  Returns {el, get(), setError(msg), ready (a promise)}.
export function geometryInput(opts) {
	const id = newId('geom');
	const gt = (opts.geomType || 'GEOMETRY').toUpperCase();
	const pointOnly = gt === 'POINT' || gt === 'MULTIPOINT';
	const polyOnly = gt === 'POLYGON' || gt === 'MULTIPOLYGON';
	let mode = 'draw';
	const err = h('div.field-error', { id: `${id}-error`, 'aria-live': 'polite' });
	const status = h('div.geom-status.muted', { 'aria-live': 'polite' });
	const mapEl = h('div.form-map', { role: 'application', 'aria-label': t('geom.map_label') });
	const paste = h('textarea.mono', { id: `${id}-paste`, rows: 8, spellcheck: 'false', 'aria-describedby': `${id}-paste-help ${id}-error`, placeholder: 'POLYGON((-74.08 4.60, -74.07 4.60, -74.07 4.61, -74.08 4.60))' });
	const coords = h('textarea.mono', { id: `${id}-coords`, rows: 8, spellcheck: 'false', 'aria-describedby': `${id}-coords-help ${id}-error`, placeholder: '-74.08 4.60\n-74.07 4.60\n-74.07 4.61' });
	const panels = {
		draw: h('div.geom-panel', h('p.field-help', pointOnly ? t('geom.draw_help_point') : t('geom.draw_help'))),
		paste: h('div.geom-panel', { hidden: true },
			h('label', { for: paste.id }, t('geom.paste_label')), paste,
			h('div.field-help', { id: `${id}-paste-help` }, t('geom.paste_help'))),
		coords: h('div.geom-panel', { hidden: true },
			h('label', { for: coords.id }, t('geom.coords_label')), coords,
			h('div.field-help', { id: `${id}-coords-help` }, t('geom.coords_help'))),
	};
	const tabs = h('div.segmented', { role: 'radiogroup', 'aria-label': t('geom.how') },
		['draw', 'paste', 'coords'].map((m) => h('label',
			h('input', { type: 'radio', name: `${id}-mode`, value: m, checked: m === mode, onchange: () => setMode(m) }),
			h('span', t(`geom.mode_${m}`)))));
	const clearBtn = h('button', { type: 'button', onclick: () => { drawn.clearLayers(); paste.value = ''; coords.value = ''; changed(); } }, t('geom.clear'));
	const el = h('fieldset.geometry', { dataset: { field: 'geometry' } },
		h('legend', opts.label || t('record.geometry'), opts.required ? h('span.req', ' *') : null),
		tabs, panels.draw, panels.paste, panels.coords, mapEl,
		h('div.geom-foot', status, clearBtn), err);

	let map = null;
	let drawn = L.featureGroup();
	const preview = debounce(() => {
		const text = mode === 'paste' ? paste.value : coords.value;
		if (!text.trim()) return;
		try {
			const g = mode === 'paste' ? parseAny(text) : parseCoordinates(text);
			setGeometry(g, true);
			setError('');
		} catch (e) {
			setError(e.message);
		}
	}, 300);
	paste.addEventListener('input', preview);
	coords.addEventListener('input', preview);

	const ready = (async () => {
		const r = await baseMap(mapEl, {});
		map = r.map;
		drawn.addTo(map);
		if (map.pm) {
			map.pm.setGlobalOptions({ pathOptions: STYLE, templineStyle: { color: '#1864ab' }, hintlineStyle: { color: '#1864ab', dashArray: [5, 5] }, layerGroup: drawn, snappable: false });
			map.pm.addControls({
				position: 'topleft',
				drawMarker: false,
				drawCircleMarker: !polyOnly,
				drawPolyline: false,
				drawRectangle: !pointOnly,
				drawPolygon: !pointOnly,
				drawCircle: false,
				drawText: false,
				cutPolygon: false,
				rotateMode: false,
				editMode: true,
				dragMode: true,
				removalMode: true,
			});
			map.on('pm:create', (e) => {
				// One geometry per record: a new shape replaces the old
				// unless the type allows several (multi).
				if (!gt.startsWith('MULTI')) {
					drawn.eachLayer((l) => {
						if (l !== e.layer) drawn.removeLayer(l);
					});
				}
				if (!drawn.hasLayer(e.layer)) drawn.addLayer(e.layer);
				e.layer.on('pm:edit', changed);
				setModeRadio('draw');
				changed();
			});
			map.on('pm:remove', changed);
		}
		if (opts.geometry) setGeometry(opts.geometry, true);
		sizeLater(map);
	})();

	function setModeRadio(m) {
		mode = m;
		for (const r of tabs.querySelectorAll('input')) r.checked = r.value === m;
		for (const [k, p] of Object.entries(panels)) p.hidden = k !== m;
	}

	function setMode(m) {
		setModeRadio(m);
		setError('');
		if (m === 'coords' && !coords.value.trim()) coords.value = toCoordText(current());
		if (m === 'paste' && !paste.value.trim()) {
			const g = current();
			if (g) paste.value = JSON.stringify(g);
		}
		if (map) sizeLater(map);
	}

	function setGeometry(g, zoomTo) {
		drawn.clearLayers();
		L.geoJSON(g, {
			style: () => STYLE,
			pointToLayer: (f, ll) => L.circleMarker(ll, { ...STYLE, radius: 7 }),
			onEachFeature: (f, layer) => {
				// Multi-geometries arrive as one layer; Geoman edits each part.
				drawn.addLayer(layer);
				layer.on('pm:edit', changed);
			},
		});
		if (zoomTo && map) fit(map, drawn.getBounds(), { maxZoom: 16, padding: [30, 30] });
		changed();
	}

	function current() {
		const geoms = [];
		drawn.eachLayer((l) => {
			const f = l.toGeoJSON(15);
			if (f.type === 'FeatureCollection') f.features.forEach((x) => geoms.push(x.geometry));
			else geoms.push(f.geometry);
		});
		if (!geoms.length) return null;
		return combine(geoms);
	}

	function changed() {
		const g = current();
		status.textContent = g ? t('geom.have', { type: t(`geom.type.${g.type}`, null, g.type) }) : t('geom.none');
		el.dataset.hasGeometry = g ? '1' : '0';
	}

	function setError(msg) {
		err.textContent = msg || '';
		el.classList.toggle('has-error', !!msg);
	}

	return {
		el,
		ready,
		setError,
		focus() {
			(mode === 'paste' ? paste : mode === 'coords' ? coords : tabs.querySelector('input')).focus();
		},
		// The geometry to send (null when none); throws an Error with the
		// message to show when the text cannot be read.
		get() {
			let g;
			if (mode === 'paste' && paste.value.trim()) g = parseAny(paste.value);
			else if (mode === 'coords' && coords.value.trim()) g = parseCoordinates(coords.value);
			else g = current();
			if (!g && opts.required) throw new Error(t('geom.required'));
			return g ? fitType(g, gt) : null;
		},
	};
}

function toCoordText(g) {
	if (!g) return '';
	if (g.type === 'Point') return g.coordinates.join(' ');
	const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
	return rings.map((r) => r.map((c) => `${+c[0].toFixed(7)} ${+c[1].toFixed(7)}`).join('\n')).join('\n\n');
}
