// settings.js — the user's own settings: how they write numbers and
// amounts (PUT /api/me/settings), each choice shown with an amount as it
// would appear.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, currentUser, setSession } from '../api.js';
import { numberFormatList } from '../schema.js';
import { fmtMoney, formatExample } from '../money.js';
import { errorText, toast } from '../ui.js';

export function render(main) {
	const user = currentUser() || {};
	const msg = h('div.form-message', { role: 'alert', 'aria-live': 'assertive' });
	const choices = numberFormatList().map((f) => h('label.numfmt', { dataset: { format: f.code } },
		h('input', { type: 'radio', name: 'number_format', value: f.code, checked: f.code === (user.number_format || 'en') }),
		h('span', h('strong', t(`numfmt.${f.code}`)), ' ', h('span.mono', formatExample(f)),
			h('span.numfmt-example.muted', t('settings.example', { text: fmtMoney(40000000, 'EUR', f) })))));
	const save = h('button.primary', { type: 'submit' }, t('settings.save'));
	const form = h('form.card.narrow.settings', { onsubmit: submit },
		h('h1', t('settings.title')),
		h('fieldset.checks',
			h('legend', t('settings.number_format')),
			h('p.field-help', t('settings.number_format_help')),
			choices),
		msg,
		h('div.actions', h('a.button', { href: '#/password' }, t('settings.password')), save));
	main.append(h('div.centered', form));

	async function submit(e) {
		e.preventDefault();
		msg.textContent = '';
		const code = new FormData(form).get('number_format');
		save.disabled = true;
		try {
			const u = await api('PUT', '/api/me/settings', { number_format: code });
			setSession({ ...currentUser(), ...u });
			toast(t('settings.saved'));
		} catch (err) {
			msg.textContent = errorText(err);
		} finally {
			save.disabled = false;
		}
	}
}
