// import.js — upload a file (any format GDAL reads; a Shapefile as a .zip)
// as one kind of record or with an import profile; then the summary and
// every rejected or flagged feature with its reason.
import { h, newId } from '../dom.js';
import { t, fmtNumber } from '../i18n.js';
import { api, upload } from '../api.js';
import { entityList, entityTitle } from '../schema.js';
import { field, errorText } from '../ui.js';

export async function render(main) {
	let profiles = [];
	try {
		const r = await api('GET', '/api/profiles');
		profiles = (Array.isArray(r) ? r : r.profiles || []).map((p) => (typeof p === 'string' ? { name: p } : p));
	} catch {
		// no list from the server: the name is typed
	}
	const file = field({ id: 'imp-file', name: 'file', label: t('import.file'), type: 'file', required: true, help: t('import.file_help') });
	const modeName = newId('mode');
	const kindSel = h('select#imp-kind', { name: 'kind' },
		entityList().filter((e) => e.name !== 'organisation' || true).map((e) => h('option', { value: e.name, selected: e.name === 'hazard' }, entityTitle(e.name))));
	const profileInput = profiles.length
		? h('select#imp-profile', { name: 'profile' }, profiles.map((p) => h('option', { value: p.name }, p.title ? `${p.name} — ${p.title}` : p.name)))
		: h('input#imp-profile', { name: 'profile', type: 'text', placeholder: 'colombia-departments', autocomplete: 'off' });
	const kind = field({ id: 'imp-kind', label: t('import.kind'), control: kindSel, help: t('import.kind_help') });
	const profile = field({ id: 'imp-profile', label: t('import.profile'), control: profileInput, help: t('import.profile_help') });
	const srs = field({ id: 'imp-srs', name: 'srs', label: t('import.srs'), help: t('import.srs_help') });
	srs.input.placeholder = 'EPSG:4326';
	const layer = field({ id: 'imp-layer', name: 'layer', label: t('import.layer'), help: t('import.layer_help') });
	const encoding = field({ id: 'imp-encoding', name: 'encoding', label: t('import.encoding'), help: t('import.encoding_help') });
	encoding.input.placeholder = 'CP1251';
	const ballpark = h('input#imp-ballpark', { type: 'checkbox', name: 'accept_ballpark', value: '1' });
	const ballparkWrap = h('div.field', h('label.check', ballpark, ' ', t('import.accept_ballpark')), h('div.field-help', t('import.accept_ballpark_help')));
	const mapText = field({ id: 'imp-map', name: 'map', label: t('import.map'), help: t('import.map_help'), control: h('textarea.mono#imp-map', { name: 'map', rows: 3, placeholder: 'name=NOMBRE\ninfo_date={year}-01-01' }) });
	const setText = field({ id: 'imp-set', name: 'set', label: t('import.set'), help: t('import.set_help'), control: h('textarea.mono#imp-set', { name: 'set', rows: 3, placeholder: 'hazard_status=active' }) });
	const radio = (v, label) => h('label.check', h('input', { type: 'radio', name: modeName, value: v, checked: v === 'kind', onchange: sync }), ' ', label);
	const progress = h('progress#imp-progress', { max: 100, hidden: true });
	const progressText = h('span.muted', { 'aria-live': 'polite' });
	const msg = h('div.form-message', { role: 'alert' });
	const button = h('button.primary', { type: 'submit' }, t('import.submit'));
	const result = h('div.import-result', { 'aria-live': 'polite' });
	const form = h('form.card.import-form', { novalidate: true, onsubmit: submit },
		file.wrap,
		h('fieldset.field', h('legend', t('import.how')), radio('kind', t('import.as_kind')), radio('profile', t('import.with_profile'))),
		kind.wrap, profile.wrap,
		h('details.advanced', h('summary', t('import.advanced')), h('div.form-grid', srs.wrap, layer.wrap, encoding.wrap, ballparkWrap, mapText.wrap, setText.wrap)),
		msg,
		h('div.actions', h('div.progress-box', progress, ' ', progressText), button));
	main.append(h('h1', t('import.title')), h('p.muted', t('import.intro')), form, result);
	sync();

	function mode() {
		return form.querySelector(`input[name="${modeName}"]:checked`).value;
	}
	function sync() {
		kind.wrap.hidden = mode() !== 'kind';
		profile.wrap.hidden = mode() !== 'profile';
	}

	async function submit(e) {
		e.preventDefault();
		msg.textContent = '';
		file.setError('');
		profile.setError('');
		const f = file.input.files[0];
		if (!f) return file.setError(t('import.no_file'), true);
		const fd = new FormData();
		fd.append('file', f, f.name);
		if (mode() === 'kind') fd.append('kind', kindSel.value);
		else {
			if (!profileInput.value.trim()) return profile.setError(t('form.required_msg'), true);
			fd.append('profile', profileInput.value.trim());
		}
		for (const [k, ctl] of [['srs', srs], ['layer', layer], ['encoding', encoding], ['map', mapText], ['set', setText]]) {
			if (ctl.input.value.trim()) fd.append(k, ctl.input.value.trim());
		}
		if (ballpark.checked) fd.append('accept_ballpark', '1');
		button.disabled = true;
		progress.hidden = false;
		progress.value = 0;
		progressText.textContent = t('import.uploading', { pct: 0 });
		result.replaceChildren();
		try {
			const summary = await upload('/api/import', fd, (frac) => {
				if (frac === null) {
					progress.removeAttribute('value');
					progressText.textContent = t('import.processing');
				} else {
					progress.value = Math.round(frac * 100);
					progressText.textContent = t('import.uploading', { pct: Math.round(frac * 100) });
				}
			});
			progressText.textContent = t('import.done');
			result.replaceChildren(...showSummary(f.name, summary));
		} catch (err) {
			progressText.textContent = '';
			if (err.field === 'profile') profile.setError(err.message, true);
			else if (err.field === 'file') file.setError(err.message, true);
			else msg.textContent = errorText(err);
		} finally {
			button.disabled = false;
			progress.hidden = true;
		}
	}
}

// A file's CRS, how it was chosen, and the transformations used.
function showCrs(c) {
	const ops = (c.transformations || []).map((op) => h('li',
		op.name, ' — ', op.accuracy_m === null ? t('import.accuracy_unknown') : t('import.accuracy', { m: fmtNumber(op.accuracy_m) }),
		op.ballpark ? h('strong', ' ', t('rule.crs_ballpark')) : null));
	return h('div.import-crs', { dataset: { file: c.file } },
		h('p', h('strong', t('import.crs'), ' '), c.crs ? `${c.crs}${c.name && c.name !== c.crs ? ` ${c.name}` : ''}` : t('import.crs_lonlat'),
			h('span.muted', ` (${c.from})`)),
		ops.length ? h('ul', ops) : null);
}

function showSummary(name, s) {
	s = s || {};
	const stat = (k, v, cls) => h(`div.stat${cls ? `.${cls}` : ''}`, { dataset: { stat: k } }, h('div.stat-value', fmtNumber(v ?? 0)), h('div.stat-label', t(`import.${k}`)));
	const byRule = (obj, kind) => Object.entries(obj || {}).map(([rule, n]) => h('tr', h('td', t(`import.outcome.${kind}`)), h('td', h('code', rule), ' ', t(`rule.${rule}`, null, '')), h('td.num', fmtNumber(n))));
	const listed = s.listed || [];
	const out = [
		h('section.card.import-summary',
			h('h2', t('import.summary', { file: name })),
			h('div.stats',
				stat('read', s.read), stat('stored', s.stored, 'ok'), stat('imported_before', s.imported_before),
				stat('rejected', s.rejected, s.rejected ? 'bad' : ''), s.empty_rows ? stat('empty_rows', s.empty_rows) : null, stat('repaired', s.repaired), stat('duplicates', s.duplicates),
				stat('unassigned', s.unassigned), stat('records', s.records)),
			h('p.muted', t('import.rule_nothing_lost')),
			...(s.crs || []).map(showCrs),
			(Object.keys(s.rejected_by_rule || {}).length || Object.keys(s.flagged_by_rule || {}).length) ? h('table.data.by-rule',
				h('thead', h('tr', h('th', { scope: 'col' }, t('import.outcome')), h('th', { scope: 'col' }, t('import.rule')), h('th.num', { scope: 'col' }, t('import.count')))),
				h('tbody', byRule(s.rejected_by_rule, 'rejected'), byRule(s.flagged_by_rule, 'flagged'))) : null),
	];
	if (listed.length) {
		out.push(h('section.card.import-listed',
			h('h2', t('import.listed', { n: fmtNumber(listed.length) })),
			h('div.table-scroll', h('table.data',
				h('thead', h('tr', ['outcome', 'layer', 'feature', 'reference', 'field', 'rule', 'message'].map((k) => h('th', { scope: 'col' }, t(`import.col.${k}`))))),
				h('tbody', listed.map((r) => h(`tr.${r.outcome === 'rejected' ? 'row-bad' : 'row-warn'}`,
					h('td', t(`import.outcome.${r.outcome}`, null, r.outcome)),
					h('td', r.layer || ''), h('td.num', r.feature ?? ''),
					h('td', r.reference || ''), h('td', r.field || ''),
					h('td', h('code', r.rule || '')), h('td', r.message || ''))))))));
	}
	return out;
}
