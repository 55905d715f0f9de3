// money.js — amounts in the web UI.  The API keeps integer minor units
// (docs/http-api.md).  What a person types is read by the server's one
// rule, in the user's number format (GET /api/money, money.h
// mais_money_read): the browser never parses an amount itself.  Stored
// amounts are shown with the currency's decimals and the user's marks, both
// as the server gives them (/api/schema: currencies, number_formats), in
// the form of mais_money_write: "EUR 400,000.00", "400 000,00 EUR".
import { h, append, debounce } from './dom.js';
import { t } from './i18n.js';
import { api, currentUser } from './api.js';
import { currencyExponent, numberFormat } from './schema.js';

const NBSP = '\u00a0';

// The current user's number format: {code, decimal, group, code_after}.
export function userFormat() {
	const u = currentUser() || {};
	return numberFormat(u.number_format) || numberFormat('en') || { code: 'en', decimal: '.', group: ',', code_after: false };
}

// Digits of minor units with exp decimals, grouped by threes in format f.
function number(minor, exp, f) {
	const digits = String(minor).replace(/^-/, '').padStart(exp + 1, '0');
	const int = digits.slice(0, digits.length - exp).replace(/\B(?=(\d{3})+(?!\d))/g, f.group);
	return exp ? `${int}${f.decimal}${digits.slice(digits.length - exp)}` : int;
}

// minor units of currency as the user reads them; without a known
// currency the bare minor units, said to be such.
export function fmtMoney(minor, currency, f = userFormat()) {
	if (minor === null || minor === undefined || minor === '') return '';
	const exp = currencyExponent(currency);
	if (exp === undefined || !/^-?\d+$/.test(String(minor))) return t('money.minor_units', { n: String(minor) });
	const sign = String(minor).startsWith('-') ? '-' : '';
	const num = number(minor, exp, f);
	return f.code_after ? `${sign}${num}${NBSP}${currency}` : `${sign}${currency}${NBSP}${num}`;
}

// How the user writes 1,234,567.89 (for help texts).
export function formatExample(f = userFormat()) {
	return number(123456789, 2, f);
}

// The message of a refused amount, from the catalogue by its reason.
function refusalText(err, currency) {
	const e = (err.body && err.body.error) || {};
	const f = userFormat();
	const [a, b] = e.readings || [];
	const p = {
		currency,
		n: currencyExponent(currency),
		example: formatExample(f),
		mark: f.decimal === ',' ? '.' : ',',
		a: a && a.text, a_input: a && a.input, b: b && b.text, b_input: b && b.input,
	};
	const msg = e.reason ? t(`money.reason.${e.reason}`, p, err.message) : err.message;
	if (e.reason !== 'ambiguous' && a) return `${msg} ${t('money.did_you_mean', p)}`;
	return msg;
}

// The MONEY input of a form: typed as the person writes amounts, read by
// the server as they type, the amount shown back with its currency and
// its conversions at the rates of the record's date.  opts: id, value
// (minor units or null), currency() and date() (the record's, now),
// required.  get() resolves to minor units or null, or rejects with the
// message to show.
export function moneyInput(opts) {
	const f = userFormat();
	const input = h('input', { id: opts.id, name: opts.name, type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: formatExample(f), class: 'money-input' });
	const preview = h('div.money-preview', { 'aria-live': 'polite', id: `${opts.id}-preview` });
	let last = null; // {key, promise} of the last reading asked
	const key = () => JSON.stringify([input.value.trim(), opts.currency(), opts.date()]);

	function read() {
		const k = key();
		if (last && last.key === k) return last.promise;
		const [text, currency, date] = JSON.parse(k);
		const promise = !text ? Promise.resolve({ empty: true })
			: !/^[A-Z]{3}$/.test(currency) ? Promise.resolve({ error: t('money.need_currency') })
				: api('GET', '/api/money', null, { text, currency, date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '' })
					.then((r) => ({ amount: r }))
					.catch((err) => ({ error: err.status === 422 ? refusalText(err, currency) : err.message }));
		last = { key: k, promise };
		return promise;
	}

	async function show() {
		const k = key();
		const r = await read();
		if (k !== key()) return; // typed on since
		preview.replaceChildren(...previewOf(r));
		preview.hidden = false;
		preview.classList.toggle('error', !!r.error);
		preview.dataset.state = r.error ? 'error' : r.amount ? 'ok' : 'empty';
		preview.dataset.text = JSON.parse(k)[0]; // what the preview is of
	}
	const later = debounce(show, 250);
	input.addEventListener('input', later);
	input.addEventListener('change', show);

	// The stored amount, as the person would type it back (the server
	// writes it so that it reads back as the same amount).
	if (opts.value !== null && opts.value !== undefined && opts.value !== '') {
		const cur = opts.currency();
		input.value = currencyExponent(cur) === undefined ? String(opts.value) : number(opts.value, currencyExponent(cur), f);
		api('GET', '/api/money', null, { amount: opts.value, currency: cur }).then((r) => {
			if (input.value === number(opts.value, currencyExponent(cur), f)) input.value = r.input;
			show();
		}).catch(() => {});
	}
	return {
		input, preview,
		refresh: show,
		async get() {
			const r = await read();
			if (r.empty) {
				if (opts.required) throw new Error(t('form.required_msg'));
				return null;
			}
			if (r.error) throw new Error(r.error);
			return r.amount.minor;
		},
	};
}

function previewOf(r) {
	if (r.empty) return [];
	if (r.error) return [r.error];
	const a = r.amount;
	const out = [h('div.money-amount', { dataset: { minor: a.minor } }, '= ', h('strong', a.text))];
	if (!a.date) return out;
	if (!(a.conversions || []).length) {
		out.push(h('div.muted', t('money.no_rates', { date: a.date })));
		return out;
	}
	out.push(h('div.money-conversions', t('money.at_rates', { date: a.date }), ' ',
		a.conversions.map((c, i) => h('span.money-conversion', { dataset: { currency: c.currency }, title: t('money.rate_title', { rate: c.rate, date: c.rate_date, source: c.source }) },
			i ? ' · ' : '', c.text))));
	return out;
}

// The conversions of a stored amount at the rates of date, for a record
// page: an element filled when the server answers (empty when there is
// no rate or no date).
export function conversionsOf(minor, currency, date) {
	const el = h('div.money-conversions');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || currencyExponent(currency) === undefined) return el;
	api('GET', '/api/money', null, { amount: minor, currency, date }).then((a) => {
		if (!(a.conversions || []).length) return;
		append(el, [t('money.at_rates', { date: a.date }), ' ',
			a.conversions.map((c, i) => h('span.money-conversion', { dataset: { currency: c.currency }, title: t('money.rate_title', { rate: c.rate, date: c.rate_date, source: c.source }) },
				i ? ' · ' : '', c.text))]);
	}).catch(() => {});
	return el;
}
