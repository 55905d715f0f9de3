// record.js — one record: its fields with labels, its geometry on a small
// map, flags, linked records, history and the workflow actions.
/* global L */
import { h, append, hashFor } from '../dom.js';
import { t, fmtNumber, fmtArea } from '../i18n.js';
import { api, currentUser } from '../api.js';
import { entity, entityList, entityTitle, columnLabel, columnHelp, codeLabel, displayValue, refInfo, forgetRef, SYSTEM_FIELDS } from '../schema.js';
import { baseMap, recordLayer, fit, styleFor, swatch, METHOD_COLOURS } from '../maplib.js';
import { statusBadge, errorText, dialog, toast, field, loading } from '../ui.js';
import { printHead } from '../reportlib.js';
import { go } from '../app.js';

const ACTIONS = [
	{ action: 'submit', from: ['draft', 'rejected'], roles: ['data_entry', 'im_admin', 'sys_admin'] },
	{ action: 'verify', from: ['submitted'], roles: ['verifier', 'im_admin', 'sys_admin'] },
	{ action: 'approve', from: ['submitted', 'verified'], roles: ['approver', 'im_admin', 'sys_admin'] },
	{ action: 'reject', from: ['submitted', 'verified'], roles: ['verifier', 'approver', 'im_admin', 'sys_admin'] },
];

export async function render(main, route) {
	const [, name, uuid] = route.parts;
	const ent = entity(name);
	if (!ent || !uuid) {
		main.append(h('h1', t('error.not_found')));
		return;
	}
	main.append(loading());
	const [rec, hist] = await Promise.all([
		api('GET', `/api/records/${name}/${uuid}`),
		api('GET', `/api/records/${name}/${uuid}/history`).catch((e) => ({ error: e })),
	]);
	main.replaceChildren();
	const fields = rec.fields || {};
	const user = currentUser() || {};
	const roles = user.roles || [];
	const allowed = (a) => !roles.length || a.roles.some((r) => roles.includes(r));

	const actions = h('div.record-actions',
		h('a.button', { href: `#/edit/${name}/${uuid}` }, t('record.edit')),
		ACTIONS.filter((a) => a.from.includes(rec.status) && allowed(a)).map((a) => h(`button${a.action === 'reject' ? '.danger' : '.primary'}`, {
			type: 'button', dataset: { action: a.action }, onclick: () => workflow(a.action),
		}, t(`workflow.${a.action}`))),
		name === 'hazard' ? h('a.button', { href: `#/new/activity?hazard_uuid=${uuid}` }, t('record.add_activity')) : null,
		name === 'activity' ? h('a.button', { href: `#/new/land_release?activity_uuid=${uuid}${fields.hazard_uuid ? `&hazard_uuid=${fields.hazard_uuid}` : ''}` }, t('record.add_release')) : null);

	append(main, [
		printHead(`${rec.reference} — ${entityTitle(name)}`, [fields.name, codeLabel('workflow_status', rec.status), t('record.version', { n: rec.version })].filter(Boolean)),
		h('nav.breadcrumb', { 'aria-label': t('nav.breadcrumb') },
			h('a', { href: '#/records' }, t('nav.records')), ' › ',
			h('a', { href: `#/records/${name}` }, entityTitle(name, true)), ' › ', rec.reference),
		h('div.page-head.record-head',
			h('div',
				h('h1', h('span.ref', rec.reference), ' ', h('span.muted.entity-title', entityTitle(name))),
				h('div.record-meta', statusBadge(rec.status), ' ',
					h('span.version', { dataset: { version: rec.version } }, t('record.version', { n: rec.version })),
					fields.name ? h('span', ' · ', fields.name) : null)),
			actions),
		rec.status === 'rejected' && fields.status_reason ? h('div.alert.warn', { role: 'note' }, h('strong', t('record.rejected_because')), ' ', fields.status_reason) : null]);

	// Fields and map side by side.
	const own = ent.columns.filter((c) => !SYSTEM_FIELDS.includes(c.name) && c.name !== 'status_reason');
	const dl = h('dl.fields');
	for (const c of own) {
		const v = fields[c.name];
		if (c.sensitive && !(c.name in fields)) continue;
		const dd = h('dd');
		const empty = v === null || v === undefined || v === '';
		if (empty) dd.append(h('span.muted', '—'));
		else if (c.type === 'REF') {
			dd.append(h('a', { href: `#/record/${c.ref}/${v}` }, '…'));
			refInfo(c.ref, v).then((info) => {
				dd.firstChild.textContent = info ? [info.reference, info.label].filter(Boolean).join(' — ') : v;
			});
		} else dd.append(displayValue(name, c.name, v));
		const dt = h('dt', { title: columnHelp(name, c.name) }, columnLabel(name, c.name));
		if (empty) {
			dt.classList.add('empty');
			dd.classList.add('empty');
		}
		dl.append(dt, dd);
	}
	const nEmpty = dl.querySelectorAll('dt.empty').length;
	const showEmpty = h('button.link-button', { type: 'button', 'aria-expanded': 'false', onclick: () => {
		const on = dl.classList.toggle('show-empty');
		showEmpty.setAttribute('aria-expanded', String(on));
		showEmpty.textContent = on ? t('record.hide_empty') : t('record.show_empty', { n: nEmpty });
	} }, t('record.show_empty', { n: nEmpty }));
	const sys = h('dl.fields.system',
		h('dt', t('field.uuid')), h('dd.mono', rec.uuid),
		['created_at', 'created_by', 'updated_at', 'updated_by'].filter((k) => fields[k]).map((k) => [h('dt', columnLabel(name, k)), h('dd', displayValue(name, k, fields[k]))]));
	const mapBox = h('div.record-map', { role: 'region', 'aria-label': t('record.map') });
	main.append(h('div.record-grid',
		h('section.card', h('h2', t('record.fields')), dl, nEmpty ? showEmpty : null, h('details', h('summary', t('record.system')), sys)),
		h('div.record-side',
			ent.has_geom ? h('section.card', h('h2', t('record.geometry')), rec.geometry ? mapBox : h('p.muted', t('record.no_geometry'))) : null,
			name === 'hazard' ? accountCard(uuid) : null,
			flagsCard(rec, hist),
			linksCard(name, ent, fields))));

	main.append(referredCard(name, uuid));
	main.append(historyCard(name, hist));

	let map = null;
	let unprint = () => {};
	if (ent.has_geom && rec.geometry) {
		const r = await baseMap(mapBox, { zoomControl: true });
		map = r.map;
		const layer = recordLayer(name, { type: 'Feature', geometry: rec.geometry, properties: { ...fields, uuid: rec.uuid, reference: rec.reference, status: rec.status } }).addTo(map);
		fit(map, layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
		setTimeout(() => map.invalidateSize(), 0);
		if (name === 'hazard') drawReleases(map, mapBox, uuid, fields);
		unprint = refitForPrint(map, () => fit(map, layer.getBounds(), { maxZoom: 16, padding: [20, 20] }));
	}
	return () => {
		unprint();
		if (map) map.remove();
	};

	async function workflow(action) {
		let body = null;
		if (action === 'reject') {
			const reason = field({ id: 'reject-reason', label: t('workflow.reason'), required: true, control: h('textarea', { rows: 4, id: 'reject-reason' }) });
			const ok = await dialog({
				title: t('workflow.reject_title', { ref: rec.reference }),
				body: reason.wrap,
				okLabel: t('workflow.reject'),
				onOk: () => {
					if (!reason.input.value.trim()) {
						reason.setError(t('form.required_msg'), true);
						return false;
					}
					return reason.input.value.trim();
				},
			});
			if (!ok) return;
			body = { reason: ok };
		}
		try {
			await api('POST', `/api/records/${name}/${uuid}/${action}`, body || {});
			forgetRef(name, uuid);
			toast(t(`workflow.done_${action}`, { ref: rec.reference }));
			go(location.hash);
		} catch (e) {
			toast(errorText(e), 'error');
		}
	}
}

/* A hazard's land release account, as the one kernel computes it for
 * every report (docs/land-release.md): original = cancelled + reduced +
 * cleared + remaining, as figures and as a bar of the same figures. */
const PARTS = ['cancelled', 'reduced', 'cleared', 'remaining'];
const PART_COLOURS = { ...METHOD_COLOURS, remaining: '#c92a2a' };

function partLabel(p) {
	return p === 'remaining' ? t('record.account_remaining') : codeLabel('release_method', p);
}

function accountCard(uuid) {
	const box = h('section.card.account', h('h2', t('record.account')), loading());
	api('GET', `/api/records/hazard/${uuid}/accounting`).then((a) => {
		const row = (key, label, m2) => [h('dt', key === 'original' ? null : partSwatch(key), label), h('dd', { dataset: { part: key, m2 } }, fmtArea(m2))];
		const dl = h('dl.fields',
			row('original', t('record.account_original'), a.original_m2),
			PARTS.map((p) => row(p, partLabel(p), a[`${p}_m2`])));
		const shared = a.polygon_m2 - a.original_m2;
		box.replaceChildren(...[h('h2', t('record.account')), balanceBar(a), dl,
			shared > 0.005 ? h('p.muted', t('record.account_shared', { m2: fmtArea(shared), left: fmtArea(a.polygon_remaining_m2) })) : null,
			h('p.muted', t('record.account_note')),
			a.reference ? h('p.no-print', h('a', { href: `#/reports/hazard?hazard=${encodeURIComponent(a.reference)}` }, t('record.account_report'))) : null].filter(Boolean));
		box.dataset.loaded = '1';
	}).catch((e) => box.replaceChildren(h('h2', t('record.account')), h('p.muted', errorText(e))));
	return box;
}

function partSwatch(p) {
	const el = h('span.swatch.swatch-part', { 'aria-hidden': 'true' });
	el.style.background = PART_COLOURS[p]; // CSSOM: the CSP forbids inline styles
	return el;
}

/* The parts of the original area as a bar: each as wide as its share, the
 * figures the kernel gave (nothing summed here: the parts are the
 * original). */
function balanceBar(a) {
	const whole = Number(a.original_m2) || 0;
	const label = PARTS.map((p) => `${partLabel(p)}: ${fmtArea(a[`${p}_m2`])}`).join('; ');
	const bar = h('div.balance-bar', { role: 'img', 'aria-label': `${t('record.account_bar')}: ${label}` },
		PARTS.filter((p) => whole > 0 && Number(a[`${p}_m2`]) > 0).map((p) => {
			const seg = h('span.balance-part', { dataset: { part: p }, title: `${partLabel(p)}: ${fmtArea(a[`${p}_m2`])}` });
			seg.style.width = `${(100 * Number(a[`${p}_m2`])) / whole}%`;
			seg.style.background = PART_COLOURS[p];
			return seg;
		}));
	return whole > 0 ? bar : h('p.muted', t('record.account_no_area'));
}

/* A map printed is laid out again at the paper's width (css: print):
 * Leaflet must learn its new size and draw the record in the middle
 * again, or the page shows a corner of it.  Returns the undo. */
function refitForPrint(map, refit) {
	const again = () => {
		map.invalidateSize({ animate: false });
		refit();
	};
	const mq = window.matchMedia('print');
	mq.addEventListener('change', again);
	window.addEventListener('beforeprint', again);
	window.addEventListener('afterprint', again);
	return () => {
		mq.removeEventListener('change', again);
		window.removeEventListener('beforeprint', again);
		window.removeEventListener('afterprint', again);
	};
}

/* The hazard's approved releases on its map, coloured by method, with a
 * legend of the methods drawn. */
async function drawReleases(map, mapBox, uuid, hazard) {
	let d;
	try {
		d = await api('GET', '/api/records/land_release', null, { refers_to: `hazard_uuid:${uuid}`, status: 'approved', limit: 500 });
	} catch {
		return; // the hazard is drawn; its releases are extra
	}
	const feats = (d.items || []).filter((r) => r.geometry).map((r) => ({ type: 'Feature', geometry: r.geometry, properties: { ...r.fields, uuid: r.uuid, reference: r.reference, status: r.status } }));
	mapBox.dataset.releases = String(feats.length);
	if (!feats.length || !map.getContainer().isConnected) return;
	recordLayer('land_release', { type: 'FeatureCollection', features: feats }).addTo(map);
	const methods = ['cancelled', 'reduced', 'cleared'].filter((m) => feats.some((f) => f.properties.method === m));
	mapBox.after(h('div.legend.map-legend', h('ul',
		h('li', swatch(styleFor('hazard', hazard)), t('entity.hazard')),
		methods.map((m) => h('li', { dataset: { method: m } }, swatch(styleFor('land_release', { method: m })), codeLabel('release_method', m))))));
}

function flagsCard(rec, hist) {
	const flags = [...(rec.flags || [])];
	for (const f of (hist && hist.flags) || []) {
		if (!flags.some((g) => g.rule === f.rule && g.message === f.message)) flags.push(f);
	}
	if (!flags.length) return h('section.card', h('h2', t('record.flags')), h('p.muted', t('record.no_flags')));
	return h('section.card.flags', h('h2', t('record.flags'), ' ', h('span.count-badge', String(flags.length))),
		h('ul', flags.map((f) => h('li', h('span.badge.flag', f.rule ? t(`rule.${f.rule}`, null, f.rule) : t('record.flag')), ' ', f.message || '',
			f.version ? h('span.muted', ' ', t('record.in_version', { n: f.version })) : null))));
}

function linksCard(name, ent, fields) {
	const refs = ent.columns.filter((c) => c.type === 'REF' && fields[c.name]);
	const body = refs.length ? h('ul.links', refs.map((c) => {
		const li = h('li', h('span.muted', columnLabel(name, c.name), ': '), h('a', { href: `#/record/${c.ref}/${fields[c.name]}` }, entityTitle(c.ref)));
		refInfo(c.ref, fields[c.name]).then((info) => {
			if (!info) return;
			li.append(' ', statusBadge(info.status));
			li.querySelector('a').textContent = [info.reference, info.label].filter(Boolean).join(' — ');
		});
		return li;
	})) : h('p.muted', t('record.no_links'));
	return h('section.card', h('h2', t('record.links')), body);
}

// The records that point to this one: for each entity and each of its REF
// columns whose target is this entity, the first REFERRED_MAX records
// (?refers_to=COLUMN:UUID), with a link to the whole filtered list.  Groups
// without records are left out; a group that fails shows its error alone.
const REFERRED_MAX = 20;
const REFERRED_SKIP = new Set(['uuid', 'reference', 'status', 'status_reason', 'version', 'info_date']);

function referredCard(name, uuid) {
	const pairs = entityList().flatMap((e) => e.columns
		.filter((c) => c.type === 'REF' && c.ref === name)
		.map((c) => [e, c]));
	const box = h('section.card.referred-by', h('h2', t('record.referred_by')));
	if (!pairs.length) {
		box.append(h('p.muted', t('record.referred_none')));
		return box;
	}
	const status = loading();
	box.append(status);
	// One slot per group, in the order of the data dictionary, filled as
	// the answers come.
	const slots = pairs.map(() => h('div.referred-slot'));
	box.append(...slots);
	let shown = 0;
	Promise.allSettled(pairs.map(async ([e, c], i) => {
		const title = t('record.referred_group', { entity: entityTitle(e.name, true), column: columnLabel(e.name, c.name) });
		const filter = `${c.name}:${uuid}`;
		const all = hashFor(['records', e.name], { refers_to: filter });
		const group = h('div.referred-group', { dataset: { entity: e.name, column: c.name } });
		let data;
		try {
			data = await api('GET', `/api/records/${e.name}`, null, { refers_to: filter, limit: REFERRED_MAX, sort: 'reference', order: 'desc' });
		} catch (err) {
			group.append(h('h3', title), h('p.alert.error', { role: 'alert' }, errorText(err)));
			slots[i].replaceWith(group);
			shown += 1;
			return;
		}
		const items = (data && data.items) || [];
		const total = data.total ?? items.length;
		if (!items.length) {
			slots[i].remove();
			return;
		}
		const keys = keyColumns(e);
		append(group, [
			h('h3', title, ' ', h('span.count-badge', fmtNumber(total))),
			h('div.table-scroll', h('table.data.records', { dataset: { entity: e.name } },
				h('caption.sr-only', title),
				h('thead', h('tr', h('th', { scope: 'col' }, t('field.reference')), h('th', { scope: 'col' }, t('field.status')),
					keys.map((k) => h('th', { scope: 'col' }, columnLabel(e.name, k.name))))),
				h('tbody', items.map((r) => h('tr',
					h('td.nowrap', h('a', { href: `#/record/${e.name}/${r.uuid}` }, r.reference || r.uuid)),
					h('td', statusBadge(r.status)),
					keys.map((k) => h('td', displayValue(e.name, k.name, (r.fields || {})[k.name])))))))),
			total > items.length ? h('p.referred-more', h('a', { href: all }, t('record.referred_all', { n: fmtNumber(total) }))) : null]);
		slots[i].replaceWith(group);
		shown += 1;
	})).then(() => {
		if (shown) status.remove();
		else status.replaceWith(h('p.muted', t('record.referred_none')));
		box.dataset.loaded = '1';
	});
	return box;
}

// One or two columns that say what a record is: its name or first code,
// then its area or first date.
function keyColumns(ent) {
	const own = ent.columns.filter((c) => !c.system && !c.sensitive && !REFERRED_SKIP.has(c.name) &&
		!['REF', 'CODES', 'GEOMETRY', 'UUID'].includes(c.type));
	const first = own.find((c) => c.name === 'name') || own.find((c) => c.type === 'CODE') || own[0];
	const rest = own.filter((c) => c !== first);
	const second = rest.find((c) => c.type === 'AREA_M2') || rest.find((c) => c.type === 'DATE');
	return [first, second].filter(Boolean);
}

function historyCard(name, hist) {
	const box = h('section.card.history', h('h2', t('record.history')));
	if (!hist || hist.error) {
		box.append(h('p.alert.error', errorText(hist && hist.error)));
		return box;
	}
	const versions = [...(hist.versions || [])].sort((a, b) => a.version - b.version);
	const rows = versions.map((v, i) => {
		const prev = i > 0 ? versions[i - 1].state || {} : null;
		const state = v.state || {};
		let changes;
		if (!prev) changes = h('span', t('record.created'));
		else {
			const keys = [...new Set([...Object.keys(prev), ...Object.keys(state)])]
				.filter((k) => !['version', 'updated_at', 'updated_by', 'created_at', 'created_by'].includes(k) && JSON.stringify(prev[k] ?? null) !== JSON.stringify(state[k] ?? null));
			const geomChanged = JSON.stringify(versions[i - 1].geometry ?? null) !== JSON.stringify(v.geometry ?? null);
			changes = h('ul.changes',
				keys.map((k) => h('li', h('strong', columnLabel(name, k)), ': ',
					h('del', displayValue(name, k, prev[k]) || '—'), ' → ', h('ins', displayValue(name, k, state[k]) || '—'))),
				geomChanged ? h('li', h('strong', t('record.geometry')), ': ', t('record.geometry_changed')) : null,
				!keys.length && !geomChanged ? h('li.muted', t('record.no_changes')) : null);
		}
		return h('tr', { dataset: { version: v.version } },
			h('td.num', String(v.version)), h('td', fmtTime(v.changed_at)), h('td', v.changed_by || ''),
			h('td', state.status ? statusBadge(state.status) : ''), h('td', changes));
	}).reverse();
	box.append(h('table.data.versions',
		h('caption.sr-only', t('record.history')),
		h('thead', h('tr', h('th', { scope: 'col' }, t('record.version_col')), h('th', { scope: 'col' }, t('record.when')), h('th', { scope: 'col' }, t('record.who')), h('th', { scope: 'col' }, t('field.status')), h('th', { scope: 'col' }, t('record.changes')))),
		h('tbody', rows)));
	const audit = hist.audit || [];
	if (audit.length) {
		box.append(h('details.audit', h('summary', t('record.audit'), ` (${fmtNumber(audit.length)})`),
			h('table.data', h('thead', h('tr', h('th', { scope: 'col' }, t('record.when')), h('th', { scope: 'col' }, t('record.who')), h('th', { scope: 'col' }, t('record.action')), h('th', { scope: 'col' }, t('record.detail')))),
				h('tbody', audit.map((a) => h('tr', h('td', fmtTime(a.at)), h('td', a.actor || ''), h('td', a.action || ''), h('td', typeof a.detail === 'string' ? a.detail : JSON.stringify(a.detail ?? ''))))))));
	}
	return box;
}

function fmtTime(s) {
	if (!s) return '';
	return String(s).replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}
