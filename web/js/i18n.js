// i18n.js — the message catalogue.  Every text of the UI is a key of
// web/i18n/<lang>.json; web/i18n/index.json lists the languages.  English is
// loaded too, as the fallback for keys a translation lacks.  Adding a
// language is adding its JSON file and a line in index.json: no code.

let messages = {};
let fallback = {};
let languages = [];
let current = 'en';
let numberFormat = new Intl.NumberFormat('en');

async function loadJson(url) {
	const r = await fetch(url, { cache: 'no-cache' });
	if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
	return r.json();
}

export async function initI18n() {
	const index = await loadJson('i18n/index.json');
	languages = index.languages || [];
	const def = index.default || 'en';
	const wanted = localStorage.getItem('mais.lang') ||
		(navigator.language || def).slice(0, 2);
	const lang = languages.find((l) => l.code === wanted) ? wanted : def;
	fallback = await loadJson(`i18n/${def}.json`);
	messages = lang === def ? fallback : await loadJson(`i18n/${lang}.json`).catch(() => fallback);
	current = lang;
	const info = languages.find((l) => l.code === lang) || {};
	document.documentElement.lang = lang;
	document.documentElement.dir = info.dir || 'ltr';
	numberFormat = new Intl.NumberFormat(lang);
}

export function setLanguage(code) {
	localStorage.setItem('mais.lang', code);
	location.reload();
}

export function language() {
	return current;
}

export function languageList() {
	return languages;
}

// t('map.title', {n: 3}) — "{n}" placeholders replaced.  A missing key
// gives def (when given) or the key itself, so gaps show and never break.
export function t(key, params, def) {
	let s = messages[key] ?? fallback[key] ?? def ?? key;
	if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
	return s;
}

// Like t() but undefined when the catalogue has no such key.
export function tMaybe(key) {
	return messages[key] ?? fallback[key];
}

export function fmtNumber(n, digits) {
	if (n === null || n === undefined || n === '') return '';
	const x = Number(n);
	if (!Number.isFinite(x)) return String(n);
	if (digits === undefined) return numberFormat.format(x);
	return new Intl.NumberFormat(current, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

// Area in m² shown as m² and, from 1 ha, also in ha.
export function fmtArea(m2) {
	if (m2 === null || m2 === undefined || m2 === '') return '';
	const x = Number(m2);
	const s = `${fmtNumber(Math.round(x))} m²`;
	return x >= 10000 ? `${s} (${fmtNumber(x / 10000, 2)} ha)` : s;
}
