// login.js — log in, and the password change forced on a one-time password.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, setSession, currentUser } from '../api.js';
import { go } from '../app.js';
import { field, showFormError } from '../ui.js';

export function renderLogin(main) {
	const user = field({ id: 'login-username', label: t('login.username'), name: 'username', autocomplete: 'username', required: true });
	const pass = field({ id: 'login-password', label: t('login.password'), name: 'password', type: 'password', autocomplete: 'current-password', required: true });
	const msg = h('div.form-message', { role: 'alert', 'aria-live': 'assertive' });
	const button = h('button.primary', { type: 'submit' }, t('login.submit'));
	const form = h('form.card.narrow', { novalidate: true, onsubmit: submit },
		h('h1', t('login.title')),
		h('p.muted', t('login.intro')),
		user.wrap, pass.wrap, msg,
		h('div.actions', button));
	main.append(h('div.centered', form));
	user.input.focus();

	async function submit(e) {
		e.preventDefault();
		msg.textContent = '';
		if (!user.input.value || !pass.input.value) {
			msg.textContent = t('login.missing');
			return;
		}
		button.disabled = true;
		try {
			const r = await api('POST', '/api/login', { username: user.input.value, password: pass.input.value });
			const u = r.user || {};
			if (r.must_change_password) u.must_change_password = true;
			setSession(u, r.csrf_token);
			if (u.must_change_password) go('#/password');
			else {
				const next = sessionStorage.getItem('mais.after_login');
				sessionStorage.removeItem('mais.after_login');
				go(next && !next.startsWith('#/login') && !next.startsWith('#/password') ? next : '#/map');
			}
		} catch (err) {
			if (err.status === 401) msg.textContent = t('login.wrong');
			else if (err.status === 429) msg.textContent = t('login.too_many');
			else showFormError(msg, err);
			pass.input.select();
		} finally {
			button.disabled = false;
		}
	}
}

export function renderPassword(main) {
	const u = currentUser() || {};
	const old = field({ id: 'pw-old', label: t('password.old'), type: 'password', autocomplete: 'current-password', required: true });
	const neu = field({ id: 'pw-new', label: t('password.new'), type: 'password', autocomplete: 'new-password', required: true, help: t('password.rule') });
	const again = field({ id: 'pw-again', label: t('password.again'), type: 'password', autocomplete: 'new-password', required: true });
	const msg = h('div.form-message', { role: 'alert', 'aria-live': 'assertive' });
	const button = h('button.primary', { type: 'submit' }, t('password.submit'));
	main.append(h('div.centered', h('form.card.narrow', { novalidate: true, onsubmit: submit },
		h('h1', t('password.title')),
		u.must_change_password ? h('p.notice', t('password.forced')) : null,
		old.wrap, neu.wrap, again.wrap, msg,
		h('div.actions', button))));
	old.input.focus();

	async function submit(e) {
		e.preventDefault();
		for (const f of [old, neu, again]) f.setError('');
		msg.textContent = '';
		if (neu.input.value.length < 10) return neu.setError(t('password.too_short'), true);
		if (neu.input.value !== again.input.value) return again.setError(t('password.mismatch'), true);
		button.disabled = true;
		try {
			await api('POST', '/api/password', { old_password: old.input.value, new_password: neu.input.value });
			let me = null;
			try {
				me = await api('GET', '/api/me');
			} catch {
				me = { ...u };
			}
			me.must_change_password = false;
			setSession(me);
			go('#/map');
		} catch (err) {
			if (err.status === 401 || err.status === 403) old.setError(t('password.old_wrong'), true);
			else if (err.status === 422 || err.status === 400) neu.setError(err.message, true);
			else showFormError(msg, err);
		} finally {
			button.disabled = false;
		}
	}
}
