// reportlib.js — what the Reports page and the dashboard share: the
// registry (GET /api/reports), a report's answer shown as it is (its
// columns with the headers the server names for people, codes as their
// labels, numbers formatted but never computed again), download links,
// bar charts, and the lines printed above a report.
import { h } from './dom.js';
import { t, tMaybe, fmtNumber } from './i18n.js';
import { api } from './api.js';
import { codeLabel } from './schema.js';

export const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#7048e8', '#c92a2a', '#d9a400', '#0c8599', '#a61e4d', '#5c940d', '#495057', '#862e9c', '#f76707'];

// Words the reports write in code and group cells.
const WORDS = ['total', 'unassigned', 'unknown', 'remaining', 'original', 'donor', 'operator'];

let registry = null;
// The registry, fetched once a session: {reports: [...], currency}.
export function reportRegistry() {
	if (!registry) registry = api('GET', '/api/reports').catch((e) => { registry = null; throw e; });
	return registry;
}

// The answer's columns a person reads (those with a label).
export function peopleColumns(doc) {
	return (doc.columns || []).filter((c) => c.label);
}

// A column's header: the catalogue's, else the server's.
export function columnHead(col) {
	return tMaybe(`report.col.${col.key}`) ?? col.label;
}

// The kind of a column's numbers, from the answer's own values (JSON
// writes 0.0 as 0: one decimal anywhere makes the column decimal).
function kind(doc, col) {
	const rows = [...(doc.rows || []), doc.total || {}];
	const vs = rows.map((r) => r[col.key]).filter((x) => x !== null && x !== undefined);
	const v = vs[0];
	if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v) && doc.currency) return 'money';
	if (typeof v !== 'number') return 'text';
	if (/_m2$/.test(col.key)) return 'm2';
	if (/_ha$/.test(col.key)) return 'ha';
	return vs.every(Number.isInteger) ? 'count' : 'fixed2';
}

// Text of a cell as a person reads it.
export function cellText(doc, col, v) {
	if (v === null || v === undefined || v === '') return '';
	const k = kind(doc, col);
	if (k === 'text') {
		if (col.vocabulary) {
			const label = codeLabel(col.vocabulary, v);
			if (label !== String(v)) return label;
		}
		return WORDS.includes(v) ? t(`report.word.${v}`) : String(v);
	}
	if (k === 'money') return `${doc.currency} ${fmtNumber(Number(v), 2)}`;
	if (k === 'm2') return fmtNumber(Math.round(Number(v)));
	if (k === 'ha' || k === 'fixed2') return fmtNumber(Number(v), 2);
	return fmtNumber(v);
}

function isNumber(doc, col) {
	return kind(doc, col) !== 'text';
}

// The answer as a table: its rows as they are, the total last and bold.
export function reportTable(doc, caption) {
	const cols = peopleColumns(doc);
	const row = (r) => cols.map((c) => h(isNumber(doc, c) ? 'td.num' : 'td', { dataset: { key: c.key } }, cellText(doc, c, r[c.key])));
	return h('div.table-scroll', h('table.data.report-table', { dataset: { report: doc.report } },
		h('caption.sr-only', caption || doc.title || ''),
		h('thead', h('tr', cols.map((c) => h(isNumber(doc, c) ? 'th.num' : 'th', { scope: 'col', dataset: { key: c.key } }, columnHead(c))))),
		h('tbody', (doc.rows || []).map((r) => h('tr', row(r)))),
		doc.total ? h('tfoot', h('tr', row(doc.total))) : null));
}

// The query of a report in another format (xlsx, csv), for a link.
export function reportHref(name, query, format) {
	const qs = new URLSearchParams(Object.entries({ ...query, format }).filter(([, v]) => v !== '' && v !== null && v !== undefined && v !== false));
	return `/api/reports/${name}?${qs}`;
}

export function downloadLinks(name, query) {
	return h('div.report-downloads',
		h('a.button', { href: reportHref(name, query, 'xlsx'), download: `${name}.xlsx`, dataset: { format: 'xlsx' } }, t('report.xlsx')),
		h('a.button', { href: reportHref(name, query, 'csv'), download: `${name}.csv`, dataset: { format: 'csv' } }, t('report.csv')));
}

// What the report counts, as the server states it (the XLSX's lines).
export function infoList(doc) {
	return h('dl.report-info', (doc.info || []).map((i) => [h('dt', tMaybe(`report.info.${i.label}`) ?? i.label), h('dd', i.value)]));
}

// Printed above a page: its title, the day and what it shows.  Hidden on
// the screen (css: .print-only).
export function printHead(title, lines) {
	const today = new Date().toISOString().slice(0, 10);
	return h('div.print-only.print-head',
		h('div.print-title', title),
		h('div.print-meta', t('print.printed', { date: today })),
		lines && lines.length ? h('div.print-meta', lines.join(' · ')) : null);
}

// A Chart.js bar chart: stacked or not, horizontal or not.
export function barConfig(labels, datasets, { stacked = true, horizontal = false, unit = '', integer = false, digits } = {}) {
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
				tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${fmtNumber(horizontal ? ctx.parsed.x : ctx.parsed.y, digits)} ${unit}` } },
			},
			scales: {
				x: { stacked, beginAtZero: true, ticks: horizontal ? ticks : {}, title: { display: horizontal && !!unit, text: unit } },
				y: { stacked, beginAtZero: true, ticks: horizontal ? {} : ticks, title: { display: !horizontal && !!unit, text: unit } },
			},
		},
	};
}

// A bar chart's numbers as a table: one row a label, one column a dataset.
export function chartTable(spec) {
	const unit = spec.unit ? ` (${spec.unit})` : '';
	return h('table.data',
		h('caption.sr-only', spec.caption || ''),
		h('thead', h('tr', h('th', { scope: 'col' }, spec.labelHeader), spec.datasets.map((ds) => h('th.num', { scope: 'col' }, ds.label + unit)))),
		h('tbody', spec.labels.map((lab, i) => h('tr', h('th', { scope: 'row' }, lab),
			spec.datasets.map((ds) => h('td.num', fmtNumber(ds.data[i], spec.digits)))))));
}
