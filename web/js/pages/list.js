// list.js — the record tables: every entity of the data dictionary, with
// search (q), sortable headers (sort, order) and pages (limit, offset).
import { h, hashFor, debounce } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { entityList, entity, entityTitle, columnLabel, displayValue, refInfo, column, vocabCodes, codeLabel } from '../schema.js';
import { statusBadge, errorText, loading } from '../ui.js';

const PAGE = 50;
const LONG_TEXT = /^(description|notes|objectives|findings|corrective_action|conditions|address|aliases|need|assistance_given|medical_notes|contact)$/;
const GROUPS = [
	['group.operations', ['hazard', 'task', 'activity', 'land_release', 'eo_item', 'qm_inspection']],
	['group.victims', ['accident', 'victim', 'victim_assistance', 'eore_session']],
	['group.resources', ['organisation', 'accreditation', 'equipment', 'equipment_test', 'project']],
	['group.funding', ['pledge', 'allocation', 'expenditure', 'exchange_rate']],
	['group.gazetteer', ['admin_area', 'settlement']],
];

export async function render(main, route) {
	const name = route.parts[1];
	if (!name) return index(main);
	const ent = entity(name);
	if (!ent) {
		main.append(h('h1', t('error.not_found')));
		return;
	}
	const q = route.query;
	const state = {
		q: q.get('q') || '',
		sort: q.get('sort') || 'reference',
		order: q.get('order') || 'desc',
		offset: Number(q.get('offset') || 0),
		status: q.get('status') || '',
		class: q.get('class') || '',
		refers_to: q.get('refers_to') || '',
		admin_area: q.get('admin_area') || '',
	};
	const cols = listColumns(ent);
	const classCol = ent.columns.find((c) => c.type === 'CODE' && /_(class|type)$/.test(c.name));

	const search = h('input#list-q', { type: 'search', name: 'q', value: state.q, placeholder: t('list.search_placeholder') });
	const statusSel = h('select#list-status', { name: 'status' }, h('option', { value: '' }, t('common.all')),
		vocabCodes('workflow_status').map((c) => h('option', { value: c, selected: c === state.status }, codeLabel('workflow_status', c))));
	const classSel = classCol ? h('select#list-class', { name: 'class' }, h('option', { value: '' }, t('common.all')),
		vocabCodes(classCol.ref).map((c) => h('option', { value: c, selected: c === state.class }, codeLabel(classCol.ref, c)))) : null;
	const go = (changes) => {
		const s = { ...state, ...changes };
		location.hash = hashFor(['records', name], { q: s.q, sort: s.sort, order: s.order, offset: s.offset || '', status: s.status, class: s.class, refers_to: s.refers_to, admin_area: s.admin_area });
	};
	// Typing searches after a pause; Enter at once.  A search pending when
	// the page is left is dropped.
	const onSearch = debounce(() => {
		if (search.isConnected && search.value.trim() !== state.q) go({ q: search.value.trim(), offset: 0 });
	}, 500);
	search.addEventListener('input', onSearch);
	const form = h('form.list-tools', { role: 'search', onsubmit: (e) => {
		e.preventDefault();
		onSearch.cancel();
		go({ q: search.value.trim(), offset: 0 });
	} },
		h('div.field.inline', h('label', { for: 'list-q' }, t('list.search')), search),
		h('div.field.inline', h('label', { for: 'list-status' }, t('field.status')), statusSel),
		classSel ? h('div.field.inline', h('label', { for: 'list-class' }, columnLabel(name, classCol.name)), classSel) : null,
		h('button', { type: 'submit' }, t('list.search_button')));
	statusSel.addEventListener('change', () => go({ status: statusSel.value, offset: 0 }));
	if (classSel) classSel.addEventListener('change', () => go({ class: classSel.value, offset: 0 }));

	// ?refers_to=COLUMN:UUID (the "show all" of a record's "Referred to
	// by"): said above the table, with the way back to every record; a new
	// record starts with the same reference.
	const [refCol, refUuid] = state.refers_to.split(':');
	const refColumn = refUuid ? ent.columns.find((c) => c.name === refCol && c.type === 'REF') : null;
	let filterNote = null;
	if (refColumn) {
		const target = h('a', { href: `#/record/${refColumn.ref}/${refUuid}` }, refUuid.slice(0, 8));
		refInfo(refColumn.ref, refUuid).then((info) => {
			if (info) target.textContent = [info.reference, info.label].filter(Boolean).join(' — ');
		});
		const [before, after] = t('list.refers_to', { column: columnLabel(name, refCol), record: '\u0000' }).split('\u0000');
		filterNote = h('p.filter-note', { role: 'note' }, before, target, after, ' ',
			h('a', { href: hashFor(['records', name], {}) }, t('list.refers_to_clear')));
	}
	const result = h('div.list-result', loading());
	main.append(
		h('nav.breadcrumb', { 'aria-label': t('nav.breadcrumb') }, h('a', { href: '#/records' }, t('nav.records')), ' › ', entityTitle(name, true)),
		h('div.page-head', h('h1', entityTitle(name, true)),
			h('a.button.primary', { href: refColumn ? hashFor(['new', name], { [refCol]: refUuid }) : `#/new/${name}` }, t('list.new', { entity: entityTitle(name) }))),
		form, ...(filterNote ? [filterNote] : []), result);
	if (state.q) {
		search.focus();
		search.setSelectionRange(search.value.length, search.value.length);
	}

	window.addEventListener('hashchange', onSearch.cancel, { once: true });
	let data;
	try {
		data = await api('GET', `/api/records/${name}`, null, {
			q: state.q, sort: state.sort, order: state.order, limit: PAGE, offset: state.offset, status: state.status, class: state.class,
			refers_to: state.refers_to, admin_area: state.admin_area,
		});
	} catch (e) {
		result.replaceChildren(h('div.alert.error', { role: 'alert' }, errorText(e)));
		return;
	}
	const items = data.items || [];
	const total = data.total ?? items.length;
	const th = (colName, label) => {
		const active = state.sort === colName;
		const next = active && state.order === 'asc' ? 'desc' : 'asc';
		return h('th', { scope: 'col', 'aria-sort': active ? (state.order === 'asc' ? 'ascending' : 'descending') : false },
			h('button.sort', { type: 'button', onclick: () => go({ sort: colName, order: next, offset: 0 }) },
				label, h('span.sort-mark', { 'aria-hidden': 'true' }, active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ' ↕')));
	};
	const refCells = [];
	const rows = items.map((r) => h('tr',
		h('td.nowrap', h('a', { href: `#/record/${name}/${r.uuid}` }, r.reference || r.uuid)),
		h('td', statusBadge(r.status)),
		cols.map((c) => {
			const v = (r.fields || {})[c.name];
			const td = h('td', { class: ['INTEGER', 'REAL', 'AREA_M2', 'MONEY'].includes(c.type) ? 'num nowrap' : null });
			if (c.type === 'REF' && v) {
				td.textContent = '…';
				refCells.push([td, c.ref, v]);
			} else if (c.type === 'AREA_M2' && v !== null && v !== undefined && v !== '') {
				td.textContent = `${fmtNumber(Math.round(Number(v)))} m²`;
			} else td.textContent = displayValue(name, c.name, v, r.fields);
			return td;
		})));
	const first = total ? state.offset + 1 : 0;
	const last = state.offset + items.length;
	result.replaceChildren(
		h('p.count', { role: 'status' }, t('list.count', { first: fmtNumber(first), last: fmtNumber(last), total: fmtNumber(total) })),
		items.length ? h('div.table-scroll', h('table.data.records', { dataset: { entity: name } },
			h('thead', h('tr', th('reference', t('field.reference')), th('status', t('field.status')), cols.map((c) => th(c.name, columnLabel(name, c.name))))),
			h('tbody', rows))) : h('p.empty', t('list.none')),
		h('nav.pager', { 'aria-label': t('list.pages') },
			h('button', { type: 'button', disabled: state.offset <= 0, onclick: () => go({ offset: Math.max(0, state.offset - PAGE) }) }, '‹ ', t('list.prev')),
			h('span', t('list.page', { page: fmtNumber(Math.floor(state.offset / PAGE) + 1), pages: fmtNumber(Math.max(1, Math.ceil(total / PAGE))) })),
			h('button', { type: 'button', disabled: last >= total, onclick: () => go({ offset: state.offset + PAGE }) }, t('list.next'), ' ›')));
	// Referenced records shown by their reference and name.
	for (const [td, ref, uuid] of refCells) {
		refInfo(ref, uuid).then((info) => {
			td.replaceChildren(info ? h('a', { href: `#/record/${ref}/${uuid}` }, info.label || info.reference) : uuid.slice(0, 8));
		});
	}
}

// The columns a table shows: the entity's own short columns (no system,
// sensitive or long text ones), at most 7, then the date of information.
function listColumns(ent) {
	const own = ent.columns.filter((c) => !c.system && !c.sensitive && !LONG_TEXT.test(c.name) &&
		!['uuid', 'reference', 'status', 'status_reason', 'version', 'organisation_uuid', 'info_date', 'parent_uuid'].includes(c.name) && c.type !== 'CODES');
	const cols = own.slice(0, 5);
	const extra = column(ent, 'area_m2');
	if (extra && !cols.includes(extra)) cols.push(extra);
	const info = column(ent, 'info_date');
	if (info) cols.push(info);
	return cols;
}

function index(main) {
	const known = new Set(entityList().map((e) => e.name));
	const listed = new Set(GROUPS.flatMap(([, names]) => names));
	const others = [...known].filter((n) => !listed.has(n));
	const groups = [...GROUPS, ...(others.length ? [['group.other', others]] : [])];
	main.append(h('h1', t('nav.records')),
		h('div.entity-groups', groups.map(([key, names]) => h('section.card',
			h('h2', t(key)),
			h('ul.entity-list', names.filter((n) => known.has(n)).map((n) => h('li',
				h('a', { href: `#/records/${n}` }, entityTitle(n, true)))))))));
}
