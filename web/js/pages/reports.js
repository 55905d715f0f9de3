// reports.js — the Reports page: every report of the report registry
// (GET /api/reports), each with the options the registry says it takes
// (period, grouping, admin area, organisation, currency, ...), shown as
// the server computes it — a table of its rows and a chart of them — and
// downloaded as XLSX (for people) or CSV.  Nothing here knows a report
// but by the registry, except which columns make its chart.
/* global Chart */
import { h, hashFor } from '../dom.js';
import { t, tMaybe } from '../i18n.js';
import { api } from '../api.js';
import { METHOD_COLOURS } from '../maplib.js';
import { errorText, loading } from '../ui.js';
import { reportRegistry, reportTable, downloadLinks, infoList, printHead, barConfig, chartTable, columnHead, cellText, PALETTE } from '../reportlib.js';
import { go } from '../app.js';

// Which columns make each report's chart: series of one row a bar, or a
// pivot of two code columns.  The values are the report's, as they are.
const CHARTS = {
	'land-release': { label: 'group', series: ['remaining_m2', 'cancelled_m2', 'reduced_m2', 'cleared_m2'], scale: 1e-4, unit: 'ha', horizontal: true },
	hazard: { bars: 'part', value: 'm2', skip: ['original'], unit: 'm²' },
	eo: { pivot: ['eo_category', 'fate'], value: 'items' },
	casualties: { pivot: ['year', 'outcome'], value: 'victims' },
	bulletin: { label: 'group', series: ['ap_destroyed', 'at_destroyed', 'uxo_destroyed', 'other_destroyed'], horizontal: true },
	eore: { label: 'group', series: ['girls', 'boys', 'women', 'men'], horizontal: true },
	equipment: { pivot: ['equipment_type', 'equipment_status'], value: 'items' },
	donors: { label: 'name', only: (r) => r.kind === 'donor', series: ['pledged', 'received', 'spent'], stacked: false },
};
const COLOURS = { remaining_m2: '#c92a2a', cancelled_m2: METHOD_COLOURS.cancelled, reduced_m2: METHOD_COLOURS.reduced, cleared_m2: METHOD_COLOURS.cleared, remaining: '#c92a2a', cancelled: METHOD_COLOURS.cancelled, reduced: METHOD_COLOURS.reduced, cleared: METHOD_COLOURS.cleared };

export async function render(main, route) {
	const reg = await reportRegistry();
	const name = route.parts[1];
	const r = (reg.reports || []).find((x) => x.name === name);
	if (!r) {
		renderIndex(main, reg);
		return undefined;
	}
	return renderReport(main, route, reg, r);
}

function title(r) {
	return tMaybe(`report.title.${r.name}`) ?? r.title;
}

function renderIndex(main, reg) {
	main.append(h('div.page-head', h('h1', t('reports.title'))),
		h('p.muted', t('reports.intro')),
		h('ul.report-list', (reg.reports || []).map((r) => h('li.card', { dataset: { report: r.name } },
			h('h2', h('a', { href: `#/reports/${r.name}` }, title(r))),
			h('p.small.muted', summary(r.doc))))));
}

// The first clause of a report's description: the whole is on its page.
function summary(doc) {
	const m = /^(.*?)(?::\s|\.\s\s|\.$|;\s|\s\(--)/.exec(doc || '');
	return m ? `${m[1]}.` : doc;
}

async function renderReport(main, route, reg, r) {
	const query = Object.fromEntries(route.query.entries());
	const charts = [];
	const [areas, orgs] = await Promise.all([needs(r, 'admin_area') ? pickList('admin_area') : [], needs(r, 'organisation') ? pickList('organisation') : []]);
	const defaults = defaultsOf(r, reg);
	const values = { ...defaults, ...query };
	const form = optionsForm(r, values, areas, orgs, (q) => go(hashFor(['reports', r.name], q)));
	const out = h('div.report-out');
	main.append(
		h('nav.breadcrumb', { 'aria-label': t('nav.breadcrumb') }, h('a', { href: '#/reports' }, t('nav.reports')), ' › ', title(r)),
		h('div.page-head', h('h1', title(r))),
		h('details.report-doc', h('summary', t('reports.about')), h('p', r.doc)),
		form, out);
	const ready = missing(r, values);
	if (ready) {
		out.append(h('p.muted', t('reports.give', { option: optionLabel(ready) })));
		return undefined;
	}
	out.append(loading());
	let doc;
	try {
		doc = await api('GET', `/api/reports/${r.name}`, null, values);
	} catch (e) {
		out.replaceChildren(h('div.alert.error', { role: 'alert' }, errorText(e)));
		return undefined;
	}
	showReport(out, r, doc, values, charts);
	return () => charts.forEach((c) => c.destroy());
}

function needs(r, option) {
	return r.options.some((o) => o.name === option);
}

// What a person would choose first: this year for a period or a year,
// the programme's reporting currency.
function defaultsOf(r, reg) {
	const year = new Date().getFullYear();
	const d = {};
	for (const o of r.options) {
		if (o.name === 'from' && o.required) d.from = `${year}-01-01`;
		if (o.name === 'to' && o.required) d.to = new Date().toISOString().slice(0, 10);
		if (o.name === 'currency' && reg.currency) d.currency = reg.currency;
	}
	return d;
}

function missing(r, values) {
	const o = r.options.find((x) => x.required && !values[x.name]);
	return o ? o.name : null;
}

function optionLabel(name) {
	return t(`report.option.${name}`, null, name);
}

// Admin areas or organisations to pick from, by name.
async function pickList(entity) {
	const d = await api('GET', `/api/records/${entity}`, null, { limit: 1000, sort: 'name' }).catch(() => ({ items: [] }));
	return (d.items || []).map((x) => ({ value: x.uuid, label: x.fields.name || x.reference, level: x.fields.level }));
}

// The form of the options r takes, as the registry lists them.
function optionsForm(r, values, areas, orgs, submit) {
	const form = h('form.report-options.card', { onsubmit: (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		const q = {};
		for (const [k, v] of fd.entries()) if (v !== '') q[k] = v;
		submit(q);
	} });
	const fields = r.options.map((o) => optionField(o, values[o.name] ?? '', { areas, orgs }));
	form.append(h('div.option-grid', fields), h('div.actions', h('button.primary', { type: 'submit' }, t('reports.show'))));
	return form;
}

function optionField(o, value, lists) {
	const id = `opt-${o.name}`;
	const label = h('label', { for: id }, optionLabel(o.name), o.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null);
	let control;
	if (o.type === 'boolean') {
		return h('div.field.check-field', h('label.check', h('input', { type: 'checkbox', id, name: o.name, value: '1', checked: value === '1' }), ' ', optionLabel(o.name)));
	} else if (o.values) {
		control = h('select', { id, name: o.name },
			o.required ? null : h('option', { value: '' }, t('reports.default')),
			o.values.map((v) => h('option', { value: v, selected: v === value }, t(`report.value.${v}`, null, v))));
	} else if (o.name === 'admin_area' || o.name === 'organisation') {
		const items = o.name === 'admin_area' ? lists.areas : lists.orgs;
		control = h('select', { id, name: o.name },
			h('option', { value: '' }, t('common.all')),
			items.map((x) => h('option', { value: x.value, selected: x.value === value }, x.level !== undefined && x.level !== null ? `${x.label} (${t(`admin_level.${x.level}`, null, String(x.level))})` : x.label)));
	} else if (o.name === 'level') {
		control = h('select', { id, name: o.name },
			h('option', { value: '' }, t('dash.level_default')),
			[0, 1, 2, 3].map((n) => h('option', { value: String(n), selected: value === String(n) }, t(`admin_level.${n}`))));
	} else {
		const type = ['from', 'to'].includes(o.name) ? 'date' : o.type === 'integer' ? 'number' : 'text';
		control = h('input', { id, name: o.name, type, value, required: o.required, size: o.name === 'currency' ? 4 : undefined });
	}
	return h('div.field', { dataset: { option: o.name } }, label, control, h('div.field-help', o.doc));
}

function showReport(out, r, doc, values, charts) {
	const chartBox = h('div.report-chart');
	const printLines = (doc.info || []).map((i) => `${tMaybe(`report.info.${i.label}`) ?? i.label}: ${i.value}`);
	out.replaceChildren(
		printHead(title(r), printLines),
		h('section.card.report-result', { dataset: { report: r.name } },
			h('header.chart-head', h('h2', t('reports.result')), downloadLinks(r.name, values)),
			infoList(doc),
			doc.note ? h('p.alert.warn', doc.note) : null,
			chartBox,
			reportTable(doc, title(r))));
	const spec = chartSpec(r.name, doc);
	if (!spec || !spec.labels.length) {
		chartBox.remove();
		return;
	}
	const canvas = h('canvas', { role: 'img', 'aria-label': title(r) });
	const wrap = h('div.chart-wrap', canvas);
	wrap.style.height = `${spec.height || 300}px`;
	chartBox.append(wrap, h('details.chart-numbers', h('summary', t('reports.chart_numbers')), chartTable(spec)));
	charts.push(new Chart(canvas, spec.config));
}

// The chart of a report's rows (not its total): no figure is computed
// again, only placed; areas scaled to hectares for the eye.
function chartSpec(name, doc) {
	const c = CHARTS[name];
	if (!c || (name === 'equipment' && doc.list)) return null;
	const col = (key) => (doc.columns || []).find((x) => x.key === key) || { key, label: key };
	let rows = (doc.rows || []).filter(c.only || (() => true));
	let labels;
	let datasets;
	if (c.pivot) {
		const [a, b] = c.pivot;
		labels = unique(rows.map((x) => x[a]));
		const keys = unique(rows.map((x) => x[b]));
		datasets = keys.map((k, i) => ({
			label: cellText(doc, col(b), k),
			data: labels.map((l) => sumOf(rows.filter((x) => x[a] === l && x[b] === k), c.value)),
			backgroundColor: PALETTE[i % PALETTE.length],
		}));
		labels = labels.map((l) => cellText(doc, col(a), l));
	} else if (c.bars) {
		const used = rows.filter((x) => !c.skip.includes(x[c.bars]));
		labels = [t('report.word.total')];
		datasets = used.map((x, i) => ({ label: cellText(doc, col(c.bars), x[c.bars]), data: [Number(x[c.value])], backgroundColor: COLOURS[x[c.bars]] || PALETTE[i] }));
		return { labels, datasets, unit: c.unit, digits: 2, labelHeader: '', height: 160, caption: name, config: barConfig(labels, datasets, { horizontal: true, unit: c.unit, digits: 2 }) };
	} else {
		// rows with nothing to draw (an admin area with no hazard) stay in
		// the table only
		rows = rows.filter((x) => c.series.some((k) => Number(x[k]) > 0));
		labels = rows.map((x) => cellText(doc, col(c.label), x[c.label]));
		datasets = c.series.map((k, i) => ({
			label: columnHead(col(k)),
			data: rows.map((x) => scaled(x[k], c.scale)),
			backgroundColor: COLOURS[k] || PALETTE[i % PALETTE.length],
		}));
	}
	const height = c.horizontal ? Math.max(220, 80 + labels.length * 28) : 320;
	const digits = c.scale ? 1 : undefined;
	return { labels, datasets, unit: c.unit || '', digits, height, labelHeader: columnHead(col(c.label || (c.pivot || [])[0] || '')), caption: name, config: barConfig(labels, datasets, { horizontal: !!c.horizontal, stacked: c.stacked !== false, unit: c.unit || '', digits }) };
}

function scaled(v, scale) {
	const n = Number(v) || 0;
	return scale ? Math.round(n * scale * 10) / 10 : n;
}

// The chart of a pivot places each row's value; rows of the same pair
// (casualties of a year by outcome over sexes and ages) stack.
function sumOf(rows, key) {
	return rows.reduce((a, x) => a + (Number(x[key]) || 0), 0);
}

function unique(a) {
	return [...new Set(a.filter((x) => x !== undefined && x !== null))];
}
