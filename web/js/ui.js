// ui.js — shared pieces: labelled fields with their error messages, status
// badges, dialogs and notices.
import { h, newId } from './dom.js';
import { t } from './i18n.js';
import { codeLabel } from './schema.js';

// A labelled input.  opts: id, label, type, name, required, help,
// autocomplete, value, control (an element used instead of <input>).
// Returns {wrap, input, setError(msg, focus)}.
export function field(opts) {
	const id = opts.id || newId('f');
	const helpId = `${id}-help`;
	const errId = `${id}-error`;
	const input = opts.control || h('input', {
		id, name: opts.name || id, type: opts.type || 'text',
		autocomplete: opts.autocomplete || 'off',
		required: !!opts.required, value: opts.value ?? '',
	});
	if (!input.id) input.id = id;
	const err = h('div.field-error', { id: errId, 'aria-live': 'polite' });
	const described = [opts.help ? helpId : null, errId].filter(Boolean).join(' ');
	input.setAttribute('aria-describedby', described);
	if (opts.required) input.setAttribute('aria-required', 'true');
	const wrap = h('div.field', { dataset: { field: opts.name || id } },
		h('label', { for: input.id }, opts.label, opts.required ? h('span.req', { 'aria-hidden': 'true', title: t('form.required') }, ' *') : null),
		input,
		opts.help ? h('div.field-help', { id: helpId }, opts.help) : null,
		err);
	return {
		wrap, input,
		setError(msg, focus) {
			err.textContent = msg || '';
			wrap.classList.toggle('has-error', !!msg);
			if (msg) input.setAttribute('aria-invalid', 'true');
			else input.removeAttribute('aria-invalid');
			if (msg && focus) input.focus();
		},
	};
}

export function showFormError(el, err) {
	el.textContent = errorText(err);
}

export function errorText(err) {
	if (!err) return '';
	if (err.status === 0) return t('error.network');
	if (err.status === 403) return `${t('error.forbidden')} ${err.message || ''}`.trim();
	if (err.status === 409) return t('error.stale');
	if (err.status === 413) return t('error.too_large');
	if (err.status >= 500) return `${t('error.server')} ${err.message || ''}`.trim();
	return err.message || String(err);
}

export function statusBadge(status) {
	return h(`span.badge.status-${status || 'none'}`, codeLabel('workflow_status', status) || status || '');
}

// A modal dialog; resolves with the value of onOk, or null when cancelled.
export function dialog({ title, body, okLabel, cancelLabel, onOk }) {
	return new Promise((resolve) => {
		const msg = h('div.form-message', { role: 'alert' });
		const dlg = h('dialog.dialog', { 'aria-labelledby': 'dlg-title' },
			h('form', { method: 'dialog', onsubmit: ok },
				h('h2#dlg-title', title), body, msg,
				h('div.actions',
					h('button', { type: 'button', onclick: cancel }, cancelLabel || t('common.cancel')),
					h('button.primary', { type: 'submit' }, okLabel || t('common.ok')))));
		document.body.append(dlg);
		dlg.addEventListener('cancel', (e) => {
			e.preventDefault();
			cancel();
		});
		dlg.showModal();
		const first = dlg.querySelector('textarea, input, select');
		if (first) first.focus();
		async function ok(e) {
			e.preventDefault();
			try {
				const v = onOk ? await onOk() : true;
				if (v === false) return;
				dlg.close();
				dlg.remove();
				resolve(v);
			} catch (err) {
				msg.textContent = errorText(err);
			}
		}
		function cancel() {
			dlg.close();
			dlg.remove();
			resolve(null);
		}
	});
}

let toastTimer;
// A notice shown for 4 s.
export function toast(text, kind = 'ok') {
	let el = document.getElementById('toast');
	if (!el) {
		el = h('div#toast', { role: 'status', 'aria-live': 'polite' });
		document.body.append(el);
	}
	el.className = `toast ${kind} show`;
	el.textContent = text;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}

export function hideToast() {
	document.getElementById('toast')?.classList.remove('show');
}

export function loading() {
	return h('p.loading', { role: 'status' }, t('common.loading'));
}
