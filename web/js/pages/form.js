// form.js — create and edit forms, generated from /api/schema.  The
// geometry is drawn, pasted or typed (geominput.js).  A new activity can
// carry its land release result: a second record linked by activity_uuid
// and hazard_uuid, saved right after the activity.
import { h, append, newId, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { api, currentUser } from '../api.js';
import { entity, entityTitle, columnLabel, columnHelp, vocabCodes, codeLabel, refInfo, forgetRef, currencyCodes, SYSTEM_FIELDS } from '../schema.js';
import { moneyInput, formatExample, userFormat } from '../money.js';
import { field, errorText, toast, loading } from '../ui.js';
import { geometryInput } from '../geominput.js';
import { go } from '../app.js';

const TEXTAREA = /^(description|notes|objectives|findings|corrective_action|conditions|address|need|assistance_given|medical_notes|contact)$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GEOM_CODES = ['null_geometry', 'wrong_type', 'invalid_geometry', 'unrepairable', 'not_lonlat', 'bad_geometry', 'geometry'];

export async function render(main, route, kind) {
	const name = route.parts[1];
	const uuid = kind === 'edit' ? route.parts[2] : null;
	const ent = entity(name);
	if (!ent) {
		main.append(h('h1', t('error.not_found')));
		return;
	}
	main.append(loading());
	const rec = uuid ? await api('GET', `/api/records/${name}/${uuid}`) : null;
	main.replaceChildren();
	const prefill = {};
	for (const [k, v] of route.query) prefill[k] = v;

	const main1 = recordSection(ent, rec, prefill);
	const withRelease = name === 'activity' && !rec && entity('land_release');
	let release = null;
	let releaseToggle = null;
	const msg = h('div.form-message', { role: 'alert', 'aria-live': 'assertive' });
	const saveBtn = h('button.primary', { type: 'submit' }, rec ? t('form.save_changes') : t('form.create'));
	const form = h('form.record-form', { novalidate: true, onsubmit: submit },
		main1.el);
	if (withRelease) {
		release = recordSection(entity('land_release'), null, {}, { omit: ['activity_uuid'], idPrefix: 'lr' });
		releaseToggle = h('input#lr-toggle', { type: 'checkbox', onchange: () => { release.el.hidden = !releaseToggle.checked; } });
		release.el.hidden = true;
		form.append(h('section.card.release-toggle',
			h('label.check', releaseToggle, ' ', h('strong', t('form.add_release'))),
			h('p.field-help', t('form.add_release_help'))), release.el);
	}
	form.append(msg, h('div.actions.sticky-actions',
		h('a.button', { href: rec ? `#/record/${name}/${uuid}` : `#/records/${name}` }, t('common.cancel')),
		saveBtn));

	append(main, [
		h('nav.breadcrumb', { 'aria-label': t('nav.breadcrumb') },
			h('a', { href: '#/records' }, t('nav.records')), ' › ',
			h('a', { href: `#/records/${name}` }, entityTitle(name, true)), ' › ',
			rec ? h('a', { href: `#/record/${name}/${uuid}` }, rec.reference) : t('form.new')),
		h('h1', rec ? t('form.edit_title', { ref: rec.reference }) : t('form.new_title', { entity: entityTitle(name) })),
		rec ? h('p.muted', t('form.editing_version', { n: rec.version })) : null,
		form]);
	const first = form.querySelector('input:not([type=radio]):not([type=checkbox]), select, textarea');
	if (first) first.focus();

	let savedActivity = null;

	async function submit(e) {
		e.preventDefault();
		msg.textContent = '';
		msg.className = 'form-message';
		const a = savedActivity ? { ok: true } : await main1.collect();
		const b = release && releaseToggle.checked ? await release.collect() : { ok: true };
		if (!a.ok || !b.ok) {
			msg.textContent = t('form.fix_errors');
			(a.firstBad || b.firstBad)?.focus?.();
			return;
		}
		saveBtn.disabled = true;
		try {
			let saved = savedActivity;
			if (!saved) {
				try {
					saved = rec
						? await api('PUT', `/api/records/${name}/${uuid}`, { version: rec.version, fields: a.fields, geometry: a.geometry })
						: await api('POST', `/api/records/${name}`, { fields: a.fields, geometry: a.geometry });
				} catch (err) {
					main1.showApiError(err, msg);
					return;
				}
				forgetRef(name, saved.uuid);
			}
			if (release && releaseToggle.checked) {
				savedActivity = saved;
				const f = { ...b.fields, activity_uuid: saved.uuid };
				if (!f.hazard_uuid && a.fields && a.fields.hazard_uuid) f.hazard_uuid = a.fields.hazard_uuid;
				try {
					const lr = await api('POST', '/api/records/land_release', { fields: f, geometry: b.geometry });
					toast(t('form.saved_two', { a: saved.reference, b: lr.reference }));
				} catch (err) {
					release.showApiError(err, msg);
					msg.textContent = t('form.release_failed', { ref: saved.reference }) + ' ' + msg.textContent;
					main1.el.setAttribute('disabled', '');
					saveBtn.textContent = t('form.save_release');
					return;
				}
			} else toast(t(rec ? 'form.saved' : 'form.created', { ref: saved.reference }));
			go(`#/record/${name}/${saved.uuid}`);
		} finally {
			saveBtn.disabled = false;
		}
	}
}

// The fields of one record, as a section of the form.  Returns {el,
// collect() → {ok, fields, geometry, firstBad}, showApiError(err, msgEl)}.
function recordSection(ent, rec, prefill, opts = {}) {
	const name = ent.name;
	const user = currentUser() || {};
	const mayReadSensitive = !!user.victim_assistance || (user.roles || []).includes('victim_assistance');
	const values = rec ? rec.fields || {} : prefill;
	const cols = ent.columns.filter((c) => !c.system && !SYSTEM_FIELDS.includes(c.name) && c.name !== 'status_reason' &&
		!(opts.omit || []).includes(c.name) && (!c.sensitive || mayReadSensitive || (rec && c.name in values)));
	// The entity's own columns first, then the common ones.
	const common = cols.filter((c) => c.name === 'organisation_uuid' || c.name === 'info_date');
	const own = cols.filter((c) => !common.includes(c));
	const controls = new Map();
	const mk = (c) => {
		const ctl = control(name, c, values[c.name], opts.idPrefix || 'fld', { controls, ent, values });
		controls.set(c.name, ctl);
		return ctl.wrap;
	};
	const geom = ent.has_geom ? geometryInput({ geomType: ent.geom_type, geometry: rec ? rec.geometry : null, label: t('record.geometry') }) : null;
	const el = h('fieldset.card.form-section', { dataset: { entity: name } },
		h('legend', entityTitle(name)),
		h('div.form-grid', own.map(mk)),
		geom ? geom.el : null,
		common.length ? h('div.form-grid.common', common.map(mk)) : null);
	// An amount's preview follows its currency and the record's date.
	for (const ctl of controls.values()) if (ctl.watch) ctl.watch();
	return {
		el,
		async collect() {
			const fields = {};
			let ok = true;
			let firstBad = null;
			for (const [col, ctl] of controls) {
				ctl.setError('');
				try {
					const v = await ctl.get();
					if (rec) fields[col] = v;
					else if (v !== null) fields[col] = v;
				} catch (err) {
					ok = false;
					ctl.setError(err.message);
					if (!firstBad) firstBad = ctl.input;
				}
			}
			let geometry = null;
			if (geom) {
				geom.setError('');
				try {
					geometry = geom.get();
				} catch (err) {
					ok = false;
					geom.setError(err.message);
					if (!firstBad) firstBad = geom;
				}
			}
			return { ok, fields, geometry, firstBad };
		},
		showApiError(err, msgEl) {
			const f = err.field;
			if (f && controls.has(f)) {
				// "exchange_rate.rate: '1,700' is ..." names the field the
				// message is shown under: said once, in words, by the label.
				controls.get(f).setError(err.message.replace(/^[a-z_]+\.[a-z0-9_]+: /, ''), true);
				msgEl.textContent = t('form.fix_errors');
			} else if (geom && (f === 'geometry' || f === 'geom' || GEOM_CODES.includes(err.code))) {
				geom.setError(err.message);
				geom.focus();
				msgEl.textContent = t('form.fix_errors');
			} else if (err.status === 409) {
				msgEl.replaceChildren(t('error.stale'), ' ', h('a', { href: location.hash, onclick: (e) => { e.preventDefault(); go(location.hash); } }, t('form.reload')));
			} else msgEl.textContent = errorText(err);
		},
	};
}

// One input for a column, by its type.  get() returns the value to send
// (null for empty), or a promise of it, or throws an Error with the
// message to show.  ctx: the section's controls, entity and values.
function control(ent, c, value, prefix, ctx) {
	const id = `${prefix}-${c.name}`;
	const label = columnLabel(ent, c.name);
	const help = helpFor(ent, c);
	const required = !!c.required;
	const empty = (v) => v === null || v === undefined || String(v).trim() === '';
	const need = (v) => {
		if (required && empty(v)) throw new Error(t('form.required_msg'));
	};
	let input;
	let get;
	switch (c.type) {
	case 'CODE': {
		const vocab = c.vocabulary || c.ref;
		input = h('select', { id, name: c.name },
			h('option', { value: '' }, required ? t('form.choose') : '—'),
			vocabCodes(vocab).map((code) => h('option', { value: code, selected: code === value }, codeLabel(vocab, code))));
		get = () => {
			need(input.value);
			return input.value || null;
		};
		break;
	}
	case 'CODES': {
		const vocab = c.vocabulary || c.ref;
		const have = new Set(String(value || '').split(',').map((s) => s.trim()).filter(Boolean));
		const boxes = vocabCodes(vocab).map((code) => h('label.check', h('input', { type: 'checkbox', value: code, checked: have.has(code) }), ' ', codeLabel(vocab, code)));
		input = h('fieldset.checks.multi', { id, tabindex: '-1' }, h('legend', label, required ? h('span.req', ' *') : null), boxes);
		const err = h('div.field-error', { 'aria-live': 'polite' });
		const wrap = h('div.field.wide', { dataset: { field: c.name } }, input, help ? h('div.field-help', help) : null, err);
		return {
			wrap, input,
			setError(msg, focus) {
				err.textContent = msg || '';
				wrap.classList.toggle('has-error', !!msg);
				if (msg && focus) input.querySelector('input')?.focus();
			},
			get() {
				const v = [...input.querySelectorAll('input:checked')].map((x) => x.value).join(',');
				need(v);
				return v || null;
			},
		};
	}
	case 'BOOL': {
		const cur = value === null || value === undefined || value === '' ? '' : (['1', 1, true, 'true'].includes(value) ? '1' : '0');
		input = h('select', { id, name: c.name },
			h('option', { value: '', selected: cur === '' }, '—'),
			h('option', { value: '1', selected: cur === '1' }, t('common.yes')),
			h('option', { value: '0', selected: cur === '0' }, t('common.no')));
		get = () => {
			need(input.value);
			return input.value === '' ? null : input.value;
		};
		break;
	}
	case 'DATE':
		input = h('input', { id, name: c.name, type: 'date', value: value || '' });
		get = () => {
			need(input.value);
			if (input.value && !/^\d{4}-\d{2}-\d{2}$/.test(input.value)) throw new Error(t('form.bad_date'));
			return input.value || null;
		};
		break;
	case 'DATETIME':
		input = h('input', { id, name: c.name, type: 'datetime-local', step: '1', value: value ? String(value).replace(/Z$/, '').slice(0, 19) : '' });
		get = () => {
			need(input.value);
			return input.value ? `${input.value.length === 16 ? `${input.value}:00` : input.value}Z` : null;
		};
		break;
	case 'MONEY':
		return moneyControl(ent, c, value, id, label, required, ctx);
	case 'INTEGER':
		input = h('input', { id, name: c.name, type: 'number', step: '1', inputmode: 'numeric', value: value ?? '' });
		get = () => {
			const s = input.value.trim();
			need(s);
			if (!s) return null;
			if (!/^-?\d+$/.test(s)) throw new Error(t('form.bad_integer'));
			return Number(s);
		};
		break;
	case 'REAL':
	case 'AREA_M2':
		input = h('input', { id, name: c.name, type: 'number', step: 'any', inputmode: 'decimal', value: value ?? '' });
		get = () => {
			const s = input.value.trim();
			need(s);
			if (!s) return null;
			const n = Number(s);
			if (!Number.isFinite(n)) throw new Error(t('form.bad_number'));
			if (c.type === 'AREA_M2' && n < 0) throw new Error(t('form.negative_area'));
			return n;
		};
		break;
	case 'DECIMAL':
		// An exact decimal with a point or a comma (2,00818); the server
		// stores it with a point and refuses a comma that may group
		// thousands.
		input = h('input', { id, name: c.name, type: 'text', inputmode: 'decimal', value: value ?? '' });
		get = () => {
			const s = input.value.trim();
			need(s);
			if (s && !/^-?\d+([.,]\d+)?$/.test(s)) throw new Error(t('form.bad_decimal'));
			return s || null;
		};
		break;
	case 'CURRENCY': {
		const codes = currencyCodes();
		if (value && !codes.includes(value)) codes.push(value);
		input = h('select', { id, name: c.name },
			h('option', { value: '' }, required ? t('form.choose') : '—'),
			codes.map((code) => h('option', { value: code, selected: code === value }, code)));
		get = () => {
			need(input.value);
			return input.value || null;
		};
		break;
	}
	case 'REF':
		return refControl(ent, c, value, id, label, help, required);
	default:
		input = TEXTAREA.test(c.name)
			? h('textarea', { id, name: c.name, rows: 3 }, value ?? '')
			: h('input', { id, name: c.name, type: 'text', value: value ?? '' });
		get = () => {
			const s = input.value.trim();
			need(s);
			return s || null;
		};
	}
	const f = field({ id, name: c.name, label, help, required, control: input });
	if (TEXTAREA.test(c.name)) f.wrap.classList.add('wide');
	return { ...f, get };
}

function helpFor(ent, c) {
	return columnHelp(ent, c.name);
}

// An amount typed as the person writes it (money.js): its currency is the
// column it names (c.ref), its date for the preview of conversions the
// record's main date (pledge_date, allocation_date, ...).
function moneyControl(ent, c, value, id, label, required, ctx) {
	const dateCol = ctx.ent.columns.find((x) => x.type === 'DATE' && !x.sensitive);
	const val = (name) => {
		const ctl = name && ctx.controls.get(name);
		return ctl ? ctl.input.value.trim() : (ctx.values[name] ?? '');
	};
	const m = moneyInput({ id, name: c.name, value, required, currency: () => val(c.ref), date: () => val(dateCol && dateCol.name) });
	const help = t('form.money_help', { example: formatExample(), format: t(`numfmt.${userFormat().code}`) });
	const f = field({ id, name: c.name, label, help, required, control: m.input });
	f.wrap.classList.add('money');
	f.wrap.append(m.preview);
	return {
		...f,
		get: m.get,
		// The refusal shows once, as the field's error, not again below.
		setError(msg, focus) {
			f.setError(msg, focus);
			m.preview.hidden = !!msg && msg === m.preview.textContent;
		},
		watch() {
			for (const name of [c.ref, dateCol && dateCol.name]) {
				const ctl = name && ctx.controls.get(name);
				if (ctl) ctl.input.addEventListener('change', m.refresh);
			}
		},
	};
}

// A referenced record chosen by typing its reference or name: a search of
// the target entity fills a datalist; the uuid is what is sent.
function refControl(ent, c, value, id, label, help, required) {
	const listId = newId('dl');
	const input = h('input', { id, name: c.name, type: 'text', list: listId, autocomplete: 'off', placeholder: t('form.ref_placeholder', { entity: entityTitle(c.ref) }) });
	const dl = h('datalist', { id: listId });
	const known = new Map();
	const text = (r) => [r.reference, r.label].filter(Boolean).join(' — ');
	if (value) {
		input.value = value;
		refInfo(c.ref, value).then((info) => {
			if (info && input.value === value) {
				input.value = text(info);
				known.set(input.value, value);
			}
		});
	}
	const search = debounce(async () => {
		const q = input.value.trim();
		if (known.has(q)) return;
		try {
			const r = await api('GET', `/api/records/${c.ref}`, null, { q: q.split(' — ')[0], limit: 20 });
			dl.replaceChildren(...(r.items || []).map((it) => {
				const lab = text({ reference: it.reference, label: (it.fields || {}).name || (it.fields || {}).acronym || '' });
				known.set(lab, it.uuid);
				known.set(it.reference, it.uuid);
				return h('option', { value: lab });
			}));
		} catch {
			// a search that fails leaves the list as it was
		}
	}, 250);
	input.addEventListener('input', search);
	input.addEventListener('focus', search, { once: true });
	const f = field({ id, name: c.name, label, help, required, control: input });
	f.wrap.append(dl);
	return {
		...f,
		get() {
			const s = input.value.trim();
			if (!s) {
				if (required) throw new Error(t('form.required_msg'));
				return null;
			}
			if (known.has(s)) return known.get(s);
			if (UUID_RE.test(s)) return s.toLowerCase();
			const ref = s.split(' — ')[0];
			if (known.has(ref)) return known.get(ref);
			throw new Error(t('form.ref_unknown', { entity: entityTitle(c.ref) }));
		},
	};
}
