// search.js — one search over every kind of record (GET /api/search): by
// text, without case or accents ("fuzuli" finds Füzuli, also the records
// lying in it), and by admin area.  Results are grouped by kind, each with
// a link to its full list.
import { h, hashFor, debounce, newId } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { entityTitle, refInfo } from '../schema.js';
import { field, statusBadge, errorText, loading } from '../ui.js';

export async function render(main, route) {
	const q = route.query.get('q') || '';
	const area = route.query.get('admin_area') || '';
	const text = field({ id: 'search-q', name: 'q', label: t('search.q'), help: t('search.q_help'), value: q, type: 'search' });
	const areaField = areaPicker(area);
	const msg = h('div.form-message', { role: 'alert' });
	const form = h('form.card.search-form', { role: 'search', onsubmit: (e) => {
		e.preventDefault();
		const a = areaField.get();
		if (!text.input.value.trim() && !a) {
			msg.textContent = t('search.need');
			return;
		}
		location.hash = hashFor(['search'], { q: text.input.value.trim(), admin_area: a });
	} },
	h('div.form-grid', text.wrap, areaField.wrap), msg,
	h('div.actions', h('button.primary', { type: 'submit' }, t('search.submit'))));
	const result = h('div.search-result');
	main.append(h('h1', t('search.title')), form, result);
	text.input.focus();
	if (!q && !area) return;
	result.append(loading());
	let data;
	try {
		data = await api('GET', '/api/search', null, { q, admin_area: area });
	} catch (e) {
		result.replaceChildren(h('div.alert.error', { role: 'alert' }, errorText(e)));
		return;
	}
	result.replaceChildren(
		h('p.count', { role: 'status' }, t('search.count', { total: fmtNumber(data.total) })),
		...(data.groups.length ? data.groups.map((g) => group(g, q, area)) : [h('p.empty', t('search.none'))]));
}

function group(g, q, area) {
	const all = hashFor(['records', g.entity], { q, admin_area: area });
	return h('section.card.search-group', { dataset: { entity: g.entity } },
		h('h2', entityTitle(g.entity, true), ' ', h('span.count-badge', fmtNumber(g.total))),
		h('div.table-scroll', h('table.data.records',
			h('thead', h('tr', h('th', { scope: 'col' }, t('field.reference')), h('th', { scope: 'col' }, t('field.status')),
				h('th', { scope: 'col' }, t('search.label')), h('th', { scope: 'col' }, t('search.admin_area')))),
			h('tbody', g.items.map((it) => h('tr',
				h('td.nowrap', h('a', { href: `#/record/${g.entity}/${it.uuid}` }, it.reference)),
				h('td', statusBadge(it.status)),
				h('td', it.label || ''),
				areaCell(it.admin_area_uuid)))))),
		g.total > g.items.length ? h('p', h('a', { href: all }, t('search.all', { n: fmtNumber(g.total) }))) : null);
}

function areaCell(uuid) {
	const td = h('td');
	if (uuid) {
		refInfo('admin_area', uuid).then((info) => {
			td.textContent = info ? info.label || info.reference : '';
		});
	}
	return td;
}

// An admin area chosen by typing its name (searched as the search is,
// without case or accents); the UUID is what the query takes.
function areaPicker(value) {
	const listId = newId('dl');
	const input = h('input', { id: 'search-area', name: 'admin_area', type: 'text', list: listId, autocomplete: 'off' });
	const dl = h('datalist', { id: listId });
	const known = new Map();
	if (value) {
		refInfo('admin_area', value).then((info) => {
			if (info) {
				input.value = info.label || info.reference;
				known.set(input.value, value);
			}
		});
	}
	input.addEventListener('input', debounce(async () => {
		const s = input.value.trim();
		if (!s || known.has(s)) return;
		try {
			const r = await api('GET', '/api/records/admin_area', null, { q: s, limit: 20, sort: 'name', order: 'asc' });
			dl.replaceChildren(...(r.items || []).map((it) => {
				const label = (it.fields || {}).name || it.reference;
				known.set(label, it.uuid);
				return h('option', { value: label });
			}));
		} catch {
			// the list stays as it was
		}
	}, 250));
	const f = field({ id: 'search-area', name: 'admin_area', label: t('search.admin_area'), help: t('search.admin_area_help'), control: input });
	f.wrap.append(dl);
	return { wrap: f.wrap, get: () => known.get(input.value.trim()) || '' };
}
