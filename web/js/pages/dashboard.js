// dashboard.js — the headline figures of the programme (the registry's
// headline report: each figure read off a report, never computed here),
// then the reports as charts (Chart.js), each with its numbers as a table
// and a CSV download of the same report; a country (admin area) filter
// for all of them.
/* global Chart */
import { h, clear, hashFor } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { codeLabel, vocabCodes } from '../schema.js';
import { METHOD_COLOURS } from '../maplib.js';
import { errorText } from '../ui.js';
import { barConfig, chartTable, printHead, PALETTE } from '../reportlib.js';

const HA = 10000;

export async function render(main, route) {
	const includeSubmitted = route.query.get('include_submitted') === '1';
	const level = route.query.get('level') || '';
	const area = route.query.get('admin_area') || '';
	const charts = [];
	const countries = await countryList();
	const opts = h('form.dash-options', { onchange: () => {
		const fd = new FormData(opts);
		const qs = new URLSearchParams();
		for (const k of ['admin_area', 'include_submitted', 'level']) if (fd.get(k)) qs.set(k, fd.get(k));
		location.hash = `#/dashboard${qs.toString() ? `?${qs}` : ''}`;
	} },
	h('label', { for: 'dash-country' }, t('dash.country'), ' '),
	h('select#dash-country', { name: 'admin_area' },
		h('option', { value: '' }, t('dash.all_countries')),
		countries.map((c) => h('option', { value: c.uuid, selected: c.uuid === area }, c.name))),
	h('label.check', h('input', { type: 'checkbox', name: 'include_submitted', value: '1', checked: includeSubmitted }), ' ', t('dash.include_submitted')),
	h('label', { for: 'dash-level' }, t('dash.admin_level'), ' '),
	h('select#dash-level', { name: 'level' },
		h('option', { value: '' }, t('dash.level_default')),
		[0, 1, 2, 3].map((n) => h('option', { value: String(n), selected: level === String(n) }, t(`admin_level.${n}`)))));
	const grid = h('div.dash-grid');
	const headline = h('section.headline', { 'aria-labelledby': 'headline-title' }, h('h2#headline-title.sr-only', t('dash.headline')));
	const place = countries.find((c) => c.uuid === area);
	const counted = includeSubmitted ? t('dash.note_submitted') : t('dash.note_approved');
	main.append(printHead(t('dash.title'), [place ? place.name : t('dash.all_countries'), counted]),
		h('div.page-head', h('h1', t('dash.title')), opts),
		h('p.muted', counted), headline, grid);

	const common = { ...(includeSubmitted ? { include_submitted: 1 } : {}), ...(area ? { admin_area: area } : {}) };
	const cards = [
		{ id: 'lr-year', title: t('dash.lr_year'), path: '/api/reports/land-release', query: { ...common, by: 'year' }, build: landByYear },
		{ id: 'lr-admin', title: t('dash.remaining_admin'), path: '/api/reports/land-release', query: { ...common, by: 'admin', level }, build: remainingByAdmin },
		{ id: 'eo', title: t('dash.eo'), path: '/api/reports/eo', query: { ...common }, build: eoByCategory },
		{ id: 'casualties', title: t('dash.casualties'), path: '/api/reports/casualties', query: { ...common }, build: casualties, breakdowns: ['sex', 'age_group', 'outcome', 'victim_role'] },
	];
	for (const c of cards) grid.append(card(c, charts));
	await Promise.all([headlineFigures(headline, common), ...cards.map((c) => c.ready)]);
	return () => charts.forEach((ch) => ch.destroy());
}

// The countries to filter by: the admin areas of level 0, else those of
// the coarsest level there is (a database of one country's districts).
async function countryList() {
	const d = await api('GET', '/api/records/admin_area', null, { limit: 1000, sort: 'name' }).catch(() => ({ items: [] }));
	const areas = (d.items || []).map((a) => ({ uuid: a.uuid, name: a.fields.name || a.reference, level: Number(a.fields.level ?? 99) }));
	const top = Math.min(...areas.map((a) => a.level));
	return areas.filter((a) => a.level === top);
}

// The headline figures as the headline report gives them, each with a
// link to the report it is read off (the registry says which).
const FIGURES = [
	{ key: 'area_remaining_m2', ha: true, report: 'land-release', query: { by: 'year' } },
	{ key: 'released_m2', ha: true, report: 'land-release', query: { by: 'year' } },
	{ key: 'eo_destroyed', report: 'bulletin', period: true },
	{ key: 'casualties', report: 'casualties' },
	{ key: 'pledged', money: true, report: 'donors' },
	{ key: 'received', money: true, report: 'donors' },
];

async function headlineFigures(box, common) {
	let d;
	try {
		d = await api('GET', '/api/reports/headline', null, common);
	} catch (e) {
		box.append(h('div.alert.error', errorText(e)));
		return;
	}
	box.dataset.year = d.year;
	box.append(h('div.figures', FIGURES.map((f) => figure(f, d, common))));
	if (d.note) box.append(h('p.muted.small', d.note));
}

function figureText(f, d, v) {
	if (v === null || v === undefined) return ['—', ''];
	if (f.money) return [`${d.currency} ${fmtNumber(Number(v), 2)}`, ''];
	if (f.ha) return [`${fmtNumber(Number(v) / HA, 1)} ha`, `${fmtNumber(Math.round(Number(v)))} m²`];
	return [fmtNumber(v), ''];
}

function figure(f, d, common) {
	const v = d.total[f.key];
	const q = { ...common, ...(f.query || {}) };
	if (f.period) Object.assign(q, { from: `${d.year}-01-01`, to: `${d.year}-12-31` });
	if (f.money) {
		delete q.admin_area; // the programme's money: no place
		if (d.currency) q.currency = d.currency;
	}
	const [text, small] = figureText(f, d, v);
	return h('a.figure.card', { href: hashFor(['reports', f.report], q), dataset: { figure: f.key, value: v ?? '' } },
		h('span.figure-label', t(`dash.figure.${f.key}`, { year: d.year })),
		h('span.figure-value', text),
		small ? h('span.figure-small', small) : null,
		h('span.figure-source', t('dash.from_report', { report: t(`report.title.${f.report}`) })));
}

function card(c, charts) {
	const body = h('div.chart-body');
	const tableBox = h('div.chart-table', { hidden: true });
	const csv = new URLSearchParams(Object.entries({ ...c.query, format: 'csv' }).filter(([, v]) => v !== '' && v !== undefined)).toString();
	const chartBtn = h('button', { type: 'button', 'aria-pressed': 'true', onclick: () => toggle(false) }, t('dash.chart'));
	const tableBtn = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => toggle(true) }, t('dash.table'));
	let breakdown = c.breakdowns ? c.breakdowns[0] : null;
	const breakdownSel = c.breakdowns ? h('label.inline', t('dash.breakdown'), ' ',
		h('select', { onchange: (e) => { breakdown = e.target.value; draw(); } },
			c.breakdowns.map((b) => h('option', { value: b }, t(`dash.by.${b}`))))) : null;
	const el = h(`section.card.chart-card#card-${c.id}`, { 'aria-labelledby': `card-${c.id}-title` },
		h('header.chart-head',
			h('h2', { id: `card-${c.id}-title` }, c.title),
			h('div.chart-tools',
				breakdownSel,
				h('div.toggle', { role: 'group', 'aria-label': t('dash.view') }, chartBtn, tableBtn),
				h('a.button', { href: `${c.path}?${csv}`, download: `${c.id}.csv` }, t('dash.csv')))),
		body, tableBox);
	let data = null;
	let chart = null;
	c.ready = api('GET', c.path, null, c.query).then((d) => {
		data = d;
		draw();
	}).catch((e) => {
		body.replaceChildren(h('div.alert.error', errorText(e)));
	});
	return el;

	function draw() {
		if (chart) {
			charts.splice(charts.indexOf(chart), 1);
			chart.destroy();
			chart = null;
		}
		const spec = c.build(data, breakdown);
		clear(body);
		clear(tableBox);
		if (!spec.labels.length) {
			body.append(h('p.empty', t('dash.no_data')));
		} else {
			const canvas = h('canvas', { role: 'img', 'aria-label': c.title });
			const wrap = h('div.chart-wrap', canvas);
			wrap.style.height = `${spec.height || 300}px`;
			body.append(wrap);
			chart = new Chart(canvas, spec.config);
			charts.push(chart);
		}
		tableBox.append(chartTable(spec));
	}

	function toggle(showTable) {
		tableBox.hidden = !showTable;
		body.hidden = showTable;
		chartBtn.setAttribute('aria-pressed', String(!showTable));
		tableBtn.setAttribute('aria-pressed', String(showTable));
	}
}

/* Land released in each year, by method: the rows' released_*_m2 (what
 * the releases of that year released, within hazards and outside them:
 * one rule, the kernel's, docs/land-release.md). */
function landByYear(d) {
	const rows = (d && d.rows) || [];
	const methods = ['cancelled', 'reduced', 'cleared'];
	const used = rows.filter((r) => Number(r.released_m2) > 0);
	const labels = used.map((r) => r.group);
	const datasets = methods.map((m) => ({
		label: codeLabel('release_method', m),
		data: used.map((r) => round1(Number(r[`released_${m}_m2`]) / HA)),
		backgroundColor: METHOD_COLOURS[m],
	}));
	return { labels, datasets, unit: 'ha', digits: 1, labelHeader: t('dash.year'), caption: t('dash.lr_year'), config: barConfig(labels, datasets, { unit: 'ha', digits: 1 }) };
}

/* What remains and what was released in each admin area: the rows' own
 * columns, stacked. */
function remainingByAdmin(d) {
	const rows = ((d && d.rows) || []).filter((r) => Number(r.remaining_m2) > 0 || Number(r.hazard_area_m2) > 0)
		.sort((a, b) => Number(b.remaining_m2) - Number(a.remaining_m2));
	const labels = rows.map((r) => (!r.group || r.group === 'unassigned' ? t('dash.unassigned') : r.group));
	const datasets = [
		{ label: t('dash.remaining'), data: rows.map((r) => round1(Number(r.remaining_m2 || 0) / HA)), backgroundColor: '#c92a2a' },
		...['cancelled', 'reduced', 'cleared'].map((m) => ({ label: codeLabel('release_method', m), data: rows.map((r) => round1(Number(r[`${m}_m2`] || 0) / HA)), backgroundColor: METHOD_COLOURS[m] })),
	];
	const height = Math.max(220, 60 + rows.length * 26);
	return { labels, datasets, unit: 'ha', digits: 1, height, labelHeader: t('dash.admin_area'), caption: t('dash.remaining_admin'), config: barConfig(labels, datasets, { horizontal: true, unit: 'ha', digits: 1 }) };
}

function eoByCategory(d) {
	const rows = (d && d.rows) || [];
	const cats = order(unique(rows.map((r) => r.eo_category)), vocabCodes('eo_category'));
	const fates = order(unique(rows.map((r) => r.fate)), vocabCodes('eo_fate'));
	const labels = cats.map((c) => codeLabel('eo_category', c));
	const datasets = fates.map((f, i) => ({
		label: codeLabel('eo_fate', f),
		data: cats.map((c) => rows.filter((r) => r.eo_category === c && r.fate === f).reduce((a, r) => a + Number(r.items || 0), 0)),
		backgroundColor: f === 'destroyed_in_situ' ? '#c92a2a' : PALETTE[(i + 1) % PALETTE.length],
	}));
	const height = Math.max(220, 80 + cats.length * 34);
	return { labels, datasets, unit: t('dash.items'), height, labelHeader: t('field.eo_category'), caption: t('dash.eo'), config: barConfig(labels, datasets, { horizontal: true, unit: t('dash.items'), integer: true }) };
}

function casualties(d, by) {
	const rows = (d && d.rows) || [];
	const years = unique(rows.map((r) => String(r.year))).sort();
	const vocab = { sex: 'sex', age_group: 'age_band', outcome: 'victim_outcome', victim_role: 'victim_role' }[by];
	const keys = order(unique(rows.map((r) => r[by] ?? 'unknown')), vocabCodes(vocab));
	const datasets = keys.map((k, i) => ({
		label: codeLabel(vocab, k) || t('common.unknown'),
		data: years.map((y) => rows.filter((r) => String(r.year) === y && (r[by] ?? 'unknown') === k).reduce((a, r) => a + Number(r.victims || 0), 0)),
		backgroundColor: PALETTE[i % PALETTE.length],
	}));
	return { labels: years, datasets, unit: t('dash.persons'), labelHeader: t('dash.year'), caption: t('dash.casualties'), config: barConfig(years, datasets, { unit: t('dash.persons'), integer: true }) };
}

function unique(a) {
	return [...new Set(a.filter((x) => x !== undefined && x !== null))];
}

function order(values, reference) {
	return values.sort((a, b) => {
		const ia = reference.indexOf(a);
		const ib = reference.indexOf(b);
		return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || String(a).localeCompare(String(b));
	});
}

function round1(x) {
	return Math.round(x * 10) / 10;
}
