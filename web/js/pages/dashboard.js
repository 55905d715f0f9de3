// dashboard.js — the reports as charts (Chart.js), each with its numbers
// as a table and a CSV download of the same report.
/* global Chart */
import { h, clear } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { codeLabel, vocabCodes } from '../schema.js';
import { METHOD_COLOURS } from '../maplib.js';
import { errorText } from '../ui.js';

const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#7048e8', '#c92a2a', '#d9a400', '#0c8599', '#a61e4d', '#5c940d', '#495057', '#862e9c', '#f76707'];
const HA = 10000;

export async function render(main, route) {
	const includeSubmitted = route.query.get('include_submitted') === '1';
	const level = route.query.get('level') || '';
	const charts = [];
	const opts = h('form.dash-options', { onchange: () => {
		const fd = new FormData(opts);
		const qs = new URLSearchParams();
		if (fd.get('include_submitted')) qs.set('include_submitted', '1');
		if (fd.get('level')) qs.set('level', fd.get('level'));
		location.hash = `#/dashboard${qs.toString() ? `?${qs}` : ''}`;
	} },
	h('label.check', h('input', { type: 'checkbox', name: 'include_submitted', value: '1', checked: includeSubmitted }), ' ', t('dash.include_submitted')),
	h('label', { for: 'dash-level' }, t('dash.admin_level'), ' '),
	h('select#dash-level', { name: 'level' },
		h('option', { value: '' }, t('dash.level_default')),
		[0, 1, 2, 3].map((n) => h('option', { value: String(n), selected: level === String(n) }, t(`admin_level.${n}`)))));
	const grid = h('div.dash-grid');
	main.append(h('div.page-head', h('h1', t('dash.title')), opts),
		h('p.muted', includeSubmitted ? t('dash.note_submitted') : t('dash.note_approved')), grid);

	const common = includeSubmitted ? { include_submitted: 1 } : {};
	const cards = [
		{ id: 'lr-year', title: t('dash.lr_year'), path: '/api/reports/land-release', query: { ...common, by: 'year' }, build: landByYear },
		{ id: 'lr-admin', title: t('dash.remaining_admin'), path: '/api/reports/land-release', query: { ...common, by: 'admin', level }, build: remainingByAdmin },
		{ id: 'eo', title: t('dash.eo'), path: '/api/reports/eo', query: { ...common }, build: eoByCategory },
		{ id: 'casualties', title: t('dash.casualties'), path: '/api/reports/casualties', query: { ...common }, build: casualties, breakdowns: ['sex', 'age_group', 'outcome', 'victim_role'] },
	];
	for (const c of cards) grid.append(card(c, charts));
	await Promise.all(cards.map((c) => c.ready));
	return () => charts.forEach((ch) => ch.destroy());
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
		tableBox.append(table(spec));
	}

	function toggle(showTable) {
		tableBox.hidden = !showTable;
		body.hidden = showTable;
		chartBtn.setAttribute('aria-pressed', String(!showTable));
		tableBtn.setAttribute('aria-pressed', String(showTable));
	}
}

// The numbers of a chart as a table: one row a label, one column a dataset.
function table(spec) {
	const unit = spec.unit ? ` (${spec.unit})` : '';
	const totals = spec.datasets.map((ds) => ds.data.reduce((a, b) => a + (Number(b) || 0), 0));
	return h('table.data',
		h('caption.sr-only', spec.caption || ''),
		h('thead', h('tr', h('th', { scope: 'col' }, spec.labelHeader), spec.datasets.map((ds) => h('th.num', { scope: 'col' }, ds.label + unit)))),
		h('tbody', spec.labels.map((lab, i) => h('tr', h('th', { scope: 'row' }, lab),
			spec.datasets.map((ds) => h('td.num', fmtNumber(ds.data[i], spec.digits)))))),
		h('tfoot', h('tr', h('th', { scope: 'row' }, t('dash.total')), totals.map((v) => h('td.num', fmtNumber(v, spec.digits))))));
}

function barConfig(labels, datasets, { stacked = true, horizontal = false, unit = '', integer = false } = {}) {
	const ticks = integer ? { precision: 0 } : {};
	return {
		type: 'bar',
		data: { labels, datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			indexAxis: horizontal ? 'y' : 'x',
			plugins: {
				legend: { position: 'bottom' },
				tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${fmtNumber(horizontal ? ctx.parsed.x : ctx.parsed.y, unit === 'ha' ? 1 : undefined)} ${unit}` } },
			},
			scales: {
				x: { stacked, beginAtZero: true, ticks: horizontal ? ticks : {}, title: { display: horizontal && !!unit, text: unit } },
				y: { stacked, beginAtZero: true, ticks: horizontal ? {} : ticks, title: { display: !horizontal && !!unit, text: unit } },
			},
		},
	};
}

/* Land released in each year: by the releases of that year, within
 * recorded hazards and outside them (docs/land-release.md); a year's
 * row otherwise holds the hazards recorded that year. */
function releasedIn(r, m) {
	return Number(r[`${m}_by_releases_m2`] || 0) + Number(r[`outside_${m}_m2`] || 0);
}

function landByYear(d) {
	const rows = (d && d.rows) || [];
	const methods = ['cancelled', 'reduced', 'cleared'];
	const used = rows.filter((r) => methods.some((m) => releasedIn(r, m) > 0));
	const labels = used.map((r) => r.group);
	const datasets = methods.map((m) => ({
		label: codeLabel('release_method', m),
		data: used.map((r) => round1(releasedIn(r, m) / HA)),
		backgroundColor: METHOD_COLOURS[m],
	}));
	return { labels, datasets, unit: 'ha', digits: 1, labelHeader: t('dash.year'), caption: t('dash.lr_year'), config: barConfig(labels, datasets, { unit: 'ha' }) };
}

function remainingByAdmin(d) {
	const rows = ((d && d.rows) || []).filter((r) => Number(r.remaining_m2) > 0 || Number(r.hazard_area_m2) > 0)
		.sort((a, b) => Number(b.remaining_m2) - Number(a.remaining_m2));
	const labels = rows.map((r) => r.group || t('dash.unassigned'));
	const datasets = [
		{ label: t('dash.remaining'), data: rows.map((r) => round1(Number(r.remaining_m2 || 0) / HA)), backgroundColor: '#c92a2a' },
		{ label: t('dash.released'), data: rows.map((r) => round1((Number(r.cancelled_m2 || 0) + Number(r.reduced_m2 || 0) + Number(r.cleared_m2 || 0)) / HA)), backgroundColor: '#2f9e44' },
	];
	const height = Math.max(220, 60 + rows.length * 26);
	return { labels, datasets, unit: 'ha', digits: 1, height, labelHeader: t('dash.admin_area'), caption: t('dash.remaining_admin'), config: barConfig(labels, datasets, { horizontal: true, unit: 'ha' }) };
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
