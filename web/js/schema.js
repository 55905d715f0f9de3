// schema.js — the data dictionary from /api/schema, and the labels of
// entities, columns and codes (the message catalogue first, then the
// labels the server gives, then the name itself made readable).
import { api } from './api.js';
import { t, tMaybe, fmtNumber, fmtArea } from './i18n.js';
import { fmtMoney } from './money.js';

let schema = null;
const vocabs = new Map();
const entities = new Map();
const currencies = new Map(); // code → decimals (ISO 4217, money.c)
const numberFormats = new Map(); // code → {decimal, group, code_after}

export const SYSTEM_FIELDS = ['uuid', 'reference', 'status', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by'];

export async function loadSchema() {
	if (schema) return schema;
	schema = await api('GET', '/api/schema');
	for (const v of schema.vocabularies || []) vocabs.set(v.name, v);
	for (const c of schema.currencies || []) currencies.set(c.code, c.exponent);
	for (const f of schema.number_formats || []) numberFormats.set(f.code, f);
	const common = schema.common_columns || schema.common || [];
	for (const e of schema.entities || []) {
		const names = new Set(e.columns.map((c) => c.name));
		// The common columns belong to every entity; add them when the
		// server lists them once instead of in each entity.
		if (!names.has('reference') && common.length) e.columns = [...common, ...e.columns];
		entities.set(e.name, e);
	}
	return schema;
}

// Decimals of a currency's minor unit (EUR 2, JPY 0, KWD 3), or undefined.
export function currencyExponent(code) {
	return currencies.get(code);
}

export function currencyCodes() {
	return [...currencies.keys()];
}

// A number format of the server (money.h): {code, decimal, group, code_after}.
export function numberFormat(code) {
	return numberFormats.get(code);
}

export function numberFormatList() {
	return [...numberFormats.values()];
}

export function entityList() {
	return schema ? schema.entities : [];
}

export function entity(name) {
	return entities.get(name);
}

export function column(ent, name) {
	const e = typeof ent === 'string' ? entities.get(ent) : ent;
	return e ? e.columns.find((c) => c.name === name) : undefined;
}

export function humanize(name) {
	return name
		.replace(/_uuid$/, '')
		.replace(/_m2$/, ' (m²)')
		.replace(/_cm$/, ' (cm)')
		.replace(/_/g, ' ')
		.replace(/^./, (c) => c.toUpperCase());
}

export function entityTitle(name, plural) {
	if (plural) {
		const p = tMaybe(`entity.${name}.plural`);
		if (p) return p;
	}
	const e = entities.get(name);
	return tMaybe(`entity.${name}`) ?? (e && e.title) ?? humanize(name);
}

export function columnLabel(ent, col) {
	return tMaybe(`field.${ent}.${col}`) ?? tMaybe(`field.${col}`) ?? humanize(col);
}

export function columnHelp(ent, col) {
	const c = column(ent, col);
	return tMaybe(`help.${ent}.${col}`) ?? (c && c.doc) ?? '';
}

export function vocabCodes(name) {
	const v = vocabs.get(name);
	return v ? v.codes.map((c) => c.code) : [];
}

export function codeLabel(vocab, code) {
	if (code === null || code === undefined || code === '') return '';
	const m = tMaybe(`${vocab}.${code}`);
	if (m) return m;
	const v = vocabs.get(vocab);
	const c = v && v.codes.find((x) => x.code === code);
	return (c && c.label) || String(code);
}

// The vocabulary of a CODE/CODES column (its "ref").
export function vocabOf(col) {
	return col.vocabulary || col.ref;
}

// Text of a value for display (tables, record page, popups).  fields: the
// record's other values (a MONEY column's currency is one of them).
export function displayValue(ent, colName, value, fields) {
	if (value === null || value === undefined || value === '') return '';
	const col = column(ent, colName);
	const type = col ? col.type : 'TEXT';
	switch (type) {
	case 'MONEY':
		return fmtMoney(value, fields ? fields[col.ref] : null);
	case 'CODE':
		return codeLabel(vocabOf(col), value);
	case 'CODES':
		return String(value).split(',').filter(Boolean).map((c) => codeLabel(vocabOf(col), c.trim())).join(', ');
	case 'BOOL':
		return (value === true || value === 1 || value === '1' || value === 'true') ? t('common.yes') : t('common.no');
	case 'AREA_M2':
		return fmtArea(value);
	case 'INTEGER':
	case 'REAL':
		return fmtNumber(value);
	case 'DATETIME':
		return String(value).replace('T', ' ').replace(/Z$/, ' UTC');
	default:
		return String(value);
	}
}

// Referenced records, fetched once each: uuid → {reference, label, status}.
const refCache = new Map();
export function refInfo(ent, uuid) {
	if (!uuid) return Promise.resolve(null);
	const key = `${ent}/${uuid}`;
	if (!refCache.has(key)) {
		refCache.set(key, api('GET', `/api/records/${ent}/${uuid}`).then((r) => ({
			reference: r.reference,
			label: recordLabel(r),
			status: r.status,
		})).catch(() => null));
	}
	return refCache.get(key);
}

export function recordLabel(r) {
	const f = r.fields || {};
	return f.name || f.acronym || f.eo_model || '';
}

export function forgetRef(ent, uuid) {
	refCache.delete(`${ent}/${uuid}`);
}
