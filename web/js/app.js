// app.js — start-up, navigation and the hash router.
import { h, clear, parseHash } from './dom.js';
import { hideToast } from './ui.js';
import { initI18n, t, languageList, language, setLanguage } from './i18n.js';
import { api, currentUser, setSession, csrfToken, setUnauthorizedHandler } from './api.js';
import { loadSchema } from './schema.js';
import * as loginPage from './pages/login.js';
import * as mapPage from './pages/map.js';
import * as dashboardPage from './pages/dashboard.js';
import * as listPage from './pages/list.js';
import * as recordPage from './pages/record.js';
import * as formPage from './pages/form.js';
import * as importPage from './pages/import.js';
import * as reportsPage from './pages/reports.js';

const NAV = [
	{ route: 'map', key: 'nav.map' },
	{ route: 'dashboard', key: 'nav.dashboard' },
	{ route: 'reports', key: 'nav.reports' },
	{ route: 'records', key: 'nav.records' },
	{ route: 'import', key: 'nav.import' },
];

const ROUTES = {
	login: loginPage.renderLogin,
	password: loginPage.renderPassword,
	map: mapPage.render,
	dashboard: dashboardPage.render,
	records: listPage.render,
	record: recordPage.render,
	new: formPage.render,
	edit: formPage.render,
	import: importPage.render,
	reports: reportsPage.render,
};

let cleanup = null;
let schemaReady = null;

let wentAt = 0;
export function go(hash) {
	wentAt = Date.now();
	if (location.hash === hash) route();
	else location.hash = hash;
}

function renderHeader() {
	const header = document.getElementById('topbar');
	clear(header);
	const user = currentUser();
	const { parts } = parseHash(location.hash);
	const here = parts[0] || 'map';
	const nav = h('nav.mainnav', { 'aria-label': t('nav.label') },
		h('ul', NAV.map((n) => h('li', h('a', {
			href: `#/${n.route}`,
			'aria-current': (here === n.route || (n.route === 'records' && ['record', 'new', 'edit'].includes(here))) ? 'page' : false,
		}, t(n.key))))));
	const langs = languageList();
	const langSelect = langs.length > 1 ? h('label.lang', h('span.sr-only', t('nav.language')),
		h('select', { onchange: (e) => setLanguage(e.target.value), 'aria-label': t('nav.language') },
			langs.map((l) => h('option', { value: l.code, selected: l.code === language() }, l.name)))) : null;
	header.append(
		h('a.skip', { href: '#main', onclick: (e) => { e.preventDefault(); document.getElementById('main').focus(); } }, t('nav.skip')),
		h('a.brand', { href: '#/map' }, h('span.brand-mark', { 'aria-hidden': 'true' }, '◆'), ' ', t('app.name')),
		user && !user.must_change_password ? nav : h('span.grow'),
		h('div.usermenu', langSelect,
			user ? h('span.username', { title: (user.roles || []).join(', ') }, user.display_name || user.username) : null,
			user ? h('button.link', { type: 'button', onclick: logout }, t('nav.logout')) : null),
	);
}

async function logout() {
	try {
		await api('POST', '/api/logout');
	} catch {
		// the session may already be gone
	}
	setSession(null, null);
	go('#/login');
}

export async function route() {
	const main = document.getElementById('main');
	const r = parseHash(location.hash);
	let name = r.parts[0] || 'map';
	const user = currentUser();
	if (!user || !csrfToken()) {
		if (name !== 'login') {
			sessionStorage.setItem('mais.after_login', location.hash || '#/map');
			name = 'login';
			history.replaceState(null, '', '#/login');
		}
	} else if (user.must_change_password && name !== 'password') {
		name = 'password';
		history.replaceState(null, '', '#/password');
	} else if (name === 'login') {
		name = 'map';
		history.replaceState(null, '', '#/map');
	}
	if (typeof cleanup === 'function') {
		try {
			cleanup();
		} catch {
			// ignore
		}
	}
	cleanup = null;
	// A notice shown just before the app moved on stays; one from an
	// earlier page goes.
	if (Date.now() - wentAt > 1000) hideToast();
	renderHeader();
	clear(main);
	main.className = `page page-${name}`;
	const fn = ROUTES[name];
	if (!fn) {
		main.append(h('h1', t('error.not_found')), h('p', h('a', { href: '#/map' }, t('nav.map'))));
		return;
	}
	try {
		if (!['login', 'password'].includes(name)) {
			if (!schemaReady) schemaReady = loadSchema();
			await schemaReady;
		}
		cleanup = await fn(main, r, name);
	} catch (e) {
		if (e && e.status === 401) return;
		schemaReady = e && e.status ? schemaReady : null;
		main.append(h('div.alert.error', { role: 'alert' }, t('error.page'), ' ', e.message || String(e)));
		console.error(e);
	}
	document.title = `${main.querySelector('h1')?.textContent || ''} — ${t('app.name')}`;
}

async function start() {
	await initI18n();
	setUnauthorizedHandler(() => {
		setSession(null, null);
		if (!location.hash.startsWith('#/login')) {
			sessionStorage.setItem('mais.after_login', location.hash);
			go('#/login');
		}
	});
	window.addEventListener('hashchange', route);
	await route();
}

start().catch((e) => {
	document.body.append(h('div.alert.error', { role: 'alert' }, `mais: ${e.message}`));
});
