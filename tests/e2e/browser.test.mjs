// browser.test.mjs — the web UI in a real browser, end to end: a fresh
// database made with build/mais (admin areas of Colombia, demining results,
// a few hazards), `mais serve`, and Debian's Chromium driven by
// playwright-core.  Log in with the one-time password and change it, see
// the hazards on the map and the charts of the dashboard, create a hazard
// from a pasted polygon, find it by search, see its history (version 1),
// edit it (version 2), submit and approve it, add an activity with its
// land release and see both under the hazard's "Referred to by", and import
// a file through the import page.  Screenshots of every step go to tests/e2e/out/.
//
// Run: tests/e2e/run.sh (npm ci, then node --test), or from ctest -L e2e.
// MAIS (path of the mais binary), CHROMIUM (of the browser) and
// MAIS_E2E_KEEP=1 (keep the temporary database and server log) may be set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const MAIS = process.env.MAIS || path.join(repo, 'build/mais');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = path.join(here, 'out');
const NEW_PASSWORD = 'correct-horse-battery-9';
const STAMP = Date.now().toString(36);
const HAZARD_NAME = `E2E pasted hazard ${STAMP}`;
const PASTED_WKT = 'POLYGON((-75.600 6.200, -75.585 6.200, -75.585 6.212, -75.592 6.218, -75.600 6.200))';

const HAZARD_MAP = ['hazard_class=hazard_class', 'hazard_status=hazard_status', 'name=name', 'recorded_date=recorded_date', 'info_date=info_date'];
let tmp;
let db;
let server;
let serverLog = '';
let base;
let browser;
let page;
let oneTimePassword;
const pageErrors = [];

function mais(...args) {
	try {
		return execFileSync(MAIS, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		// Exit 3: done, with rejected or flagged features (the samples have some).
		if (e.status === 3) return e.stdout;
		throw new Error(`mais ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function waitForServer(url, ms) {
	const until = Date.now() + ms;
	for (;;) {
		try {
			const r = await fetch(url);
			if (r.ok) return;
		} catch {
			// not listening yet
		}
		if (server.exitCode !== null) throw new Error(`mais serve exited (${server.exitCode}):\n${serverLog}`);
		if (Date.now() > until) throw new Error(`mais serve did not answer at ${url}:\n${serverLog}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

// Screenshots for the eye (and docs/img/): without the passing notice.
async function quiet() {
	await page.evaluate(() => document.getElementById('toast')?.classList.remove('show'));
	await page.waitForTimeout(250);
}

async function shot(name) {
	await quiet();
	await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

// Hazards written for the test: polygons in three Colombian departments,
// one of each class and status.
function hazardsGeoJSON() {
	const sq = (x, y, d) => [[[x, y], [x + d, y], [x + d, y + d * 0.8], [x, y + d], [x, y]]];
	const f = (name, cls, status, date, coords) => ({
		type: 'Feature',
		properties: { name, hazard_class: cls, hazard_status: status, recorded_date: date, info_date: date },
		geometry: { type: 'Polygon', coordinates: coords },
	});
	return {
		type: 'FeatureCollection',
		features: [
			f('Vereda La Esperanza', 'cha', 'active', '2019-03-14', sq(-75.45, 6.05, 0.03)),
			f('Finca El Roble', 'sha', 'active', '2018-07-02', sq(-74.35, 4.75, 0.05)),
			f('Camino Real', 'sha', 'closed', '2016-11-20', sq(-73.2, 7.0, 0.04)),
			f('Quebrada Honda', 'indication', 'active', '2020-01-09', sq(-76.6, 2.4, 0.02)),
			f('Loma Alta', 'cha', 'handed_over', '2015-05-30', sq(-75.9, 8.2, 0.04)),
		],
	};
}

async function startServer(port) {
	server = spawn(MAIS, ['serve', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout.on('data', (d) => { serverLog += d; });
	server.stderr.on('data', (d) => { serverLog += d; });
	await waitForServer(`${base}/`, 15000);
}

// A small API client with the session cookie and CSRF token.
async function apiSession(username, password) {
	let cookie = '';
	let csrf = '';
	const call = async (method, p, body) => {
		const r = await fetch(base + p, {
			method,
			headers: { 'Content-Type': 'application/json', Cookie: cookie, ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
		const setCookie = r.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		return text ? JSON.parse(text) : null;
	};
	const login = await call('POST', '/api/login', { username, password });
	csrf = login.csrf_token;
	return { call, login };
}

async function seedAccidents() {
	let s = await apiSession('admin', oneTimePassword);
	await s.call('POST', '/api/password', { old_password: oneTimePassword, new_password: `${NEW_PASSWORD}-seed` });
	s = await apiSession('admin', `${NEW_PASSWORD}-seed`);
	const approve = async (entity, rec) => {
		if (rec.status === 'draft' || rec.status === 'rejected') rec = await s.call('POST', `/api/records/${entity}/${rec.uuid}/submit`, {});
		if (rec.status !== 'approved') rec = await s.call('POST', `/api/records/${entity}/${rec.uuid}/approve`, {});
		return rec;
	};
	const accidents = [
		['2016-04-12', -75.5, 6.1, [['killed', 'male', 34], ['injured', 'male', 12]]],
		['2017-09-03', -74.3, 4.8, [['injured', 'female', 27]]],
		['2018-02-20', -73.1, 7.1, [['injured', 'male', 45], ['injured', 'female', 9], ['killed', 'male', 52]]],
		['2019-06-30', -76.6, 2.5, [['injured', 'male', 16]]],
	];
	for (const [date, lon, lat, victims] of accidents) {
		const acc = await approve('accident', await s.call('POST', '/api/records/accident', {
			fields: { accident_type: 'civilian', accident_date: date, info_date: date, eo_category: 'ap_mine', activity_at_time: 'farming' },
			geometry: { type: 'Point', coordinates: [lon, lat] },
		}));
		for (const [outcome, sex, age] of victims) {
			await approve('victim', await s.call('POST', '/api/records/victim', {
				fields: { accident_uuid: acc.uuid, outcome, sex, age, victim_role: 'civilian', info_date: date },
				geometry: null,
			}));
		}
	}
}

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mais-e2e-'));
	db = path.join(tmp, 'e2e.gpkg');
	mais('init', db, '--prefix', 'E2E');
	const added = mais('user', 'add', db, 'admin', '--role', 'sys_admin', '--name', 'IM Officer');
	const m = /one-time password for admin: (\S+)/.exec(added);
	assert.ok(m, `no one-time password in: ${added}`);
	oneTimePassword = m[1];
	const samples = path.join(repo, 'data/samples/colombia');
	mais('import', db, path.join(samples, 'col.json'), '--profile', path.join(repo, 'profiles/colombia-departments.json'));
	mais('import', db, path.join(samples, 'anti-personnel-mines.csv'), '--profile', path.join(repo, 'profiles/colombia-demining.json'));
	const hz = path.join(tmp, 'hazards.geojson');
	fs.writeFileSync(hz, JSON.stringify(hazardsGeoJSON()));
	// --as maps no field by itself: each is named with --map.
	mais('import', db, hz, '--as', 'hazard', ...HAZARD_MAP.flatMap((m) => ['--map', m]));

	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await startServer(port);
	// Accidents and victims through the API (the casualties chart), then a
	// new one-time password for the browser's first login.
	await seedAccidents();
	const again = mais('user', 'passwd', db, 'admin');
	const m2 = /one-time password for admin: (\S+)/.exec(again);
	assert.ok(m2, `no one-time password in: ${again}`);
	oneTimePassword = m2[1];


	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		// playwright gives the browser a new, empty profile directory.
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-GB' });
	// Nothing may be fetched from outside: no CDN, no tiles.
	await context.route((url) => !url.href.startsWith(base) && !url.protocol.startsWith('data'), (route) => {
		pageErrors.push(`external request: ${route.request().url()}`);
		route.abort();
	});
	page = await context.newPage();
	page.setDefaultTimeout(45000); // a loaded 2-core machine is slow; a real hang still fails
	page.on('pageerror', (e) => pageErrors.push(`pageerror at ${page.url().replace(base, '')}: ${e.message}`));
	// HTTP errors are the API's answers, checked by the steps; anything
	// else on the console (a script error, a CSP violation) is a fault.
	page.on('console', (msg) => {
		if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of (401|404|409|422)/.test(msg.text())) pageErrors.push(`console: ${msg.text().slice(0, 160)}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 500) pageErrors.push(`HTTP ${r.status()} ${r.url()}`);
	});
});

after(async () => {
	if (browser) await browser.close();
	if (server && server.exitCode === null) {
		server.kill('SIGTERM');
		await new Promise((r) => {
			const t = setTimeout(() => {
				server.kill('SIGKILL');
				r();
			}, 5000);
			server.on('exit', () => {
				clearTimeout(t);
				r();
			});
		});
	}
	if (tmp) {
		fs.writeFileSync(path.join(OUT, 'server.log'), serverLog);
		if (process.env.MAIS_E2E_KEEP === '1') console.log(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
});

test('log in with the one-time password and change it', async () => {
	await page.goto(`${base}/`);
	await page.locator('#login-username').waitFor();
	await page.fill('#login-username', 'admin');
	await page.fill('#login-password', oneTimePassword);
	await shot('01-login');
	await page.click('form button[type=submit]');
	await page.locator('#pw-old').waitFor();
	assert.match(page.url(), /#\/password$/);
	await page.fill('#pw-old', oneTimePassword);
	await page.fill('#pw-new', NEW_PASSWORD);
	await page.fill('#pw-again', NEW_PASSWORD);
	await shot('02-change-password');
	await page.click('form button[type=submit]');
	await page.waitForURL(/#\/map/);
	// The new password works: log out and in again.
	await page.click('.usermenu button');
	await page.locator('#login-username').waitFor();
	await page.fill('#login-username', 'admin');
	await page.fill('#login-password', NEW_PASSWORD);
	await page.click('form button[type=submit]');
	await page.waitForURL(/#\/map/);
});

test('the map draws the admin areas and the hazards', async () => {
	await page.goto(`${base}/#/map`);
	await page.locator('#map[data-loaded]').waitFor();
	// Each hazard is an SVG path; at the national zoom the small ones
	// also get a dot, which is what a click can reach.
	const hazards = page.locator('#map path.mais-hazard');
	await hazards.first().waitFor({ state: 'attached' });
	assert.ok(await hazards.count() >= 5, `hazard paths: ${await hazards.count()}`);
	const dots = page.locator('#map path.mais-hazard-dot');
	await dots.first().waitFor();
	const admin = await page.locator('#map .leaflet-admin-pane path').count();
	assert.ok(admin >= 30, `admin area paths: ${admin}`);
	await shot('03-map');
	// A click on a hazard opens its popup with the link to the record.
	await dots.first().click();
	const link = page.locator('.leaflet-popup a.popup-link');
	await link.waitFor();
	assert.match(await link.getAttribute('href'), /^#\/record\/hazard\/[0-9a-f-]{36}$/);
	await page.waitForTimeout(400); // the popup fades in
	await shot('04-map-popup');
	// The class filter leaves only CHA.
	await page.selectOption('#flt-class', 'cha');
	await page.click('form.filters button[type=submit]');
	await page.waitForFunction(() => document.querySelectorAll('#map path.mais-hazard').length === 2);
	await page.selectOption('#flt-class', '');
	await page.click('form.filters button[type=submit]');
});

test('the dashboard shows the reports as charts and tables', async () => {
	await page.goto(`${base}/#/dashboard`);
	await page.locator('#card-lr-year canvas').waitFor();
	await page.locator('#card-lr-admin canvas').waitFor();
	await page.locator('#card-eo canvas').waitFor();
	await page.locator('#card-casualties canvas').waitFor();
	await page.waitForTimeout(300);
	const sizes = await page.$$eval('.chart-card canvas', (cs) => cs.map((c) => [c.width, c.height]));
	assert.equal(sizes.length, 4, `charts: ${sizes.length}`);
	for (const [w, h] of sizes) assert.ok(w > 0 && h > 0, `canvas ${w}x${h}`);
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(OUT, '05-dashboard.png'), fullPage: true });
	// The table of the land release chart, and its CSV from the API.
	await page.click('#card-lr-year .toggle button:nth-child(2)');
	const rows = await page.locator('#card-lr-year table tbody tr').count();
	assert.ok(rows > 0, 'land release table rows');
	await page.locator('#card-lr-year').screenshot({ path: path.join(OUT, '06-dashboard-table.png') });
	const href = await page.getAttribute('#card-lr-year a[download]', 'href');
	const csv = await page.evaluate(async (u) => (await fetch(u)).text(), href);
	assert.match(csv.split('\n')[0], /cleared_m2/);
});

let hazardUrl;
test('create a hazard from a pasted polygon', async () => {
	await page.goto(`${base}/#/new/hazard`);
	await page.locator('#fld-hazard_class').waitFor();
	await page.selectOption('#fld-hazard_class', 'sha');
	await page.selectOption('#fld-hazard_status', 'active');
	await page.fill('#fld-name', HAZARD_NAME);
	await page.fill('#fld-description', 'Reported by a farmer; marked with stones.');
	// First, the required-field message from the form itself.
	await page.selectOption('#fld-hazard_class', '');
	await page.click('form.record-form button[type=submit]');
	await page.locator('[data-field="hazard_class"] .field-error:not(:empty)').waitFor();
	await page.selectOption('#fld-hazard_class', 'sha');
	await page.click('fieldset.geometry .segmented label:nth-child(2)');
	await page.fill('fieldset.geometry textarea[id$="-paste"]', PASTED_WKT);
	await page.waitForFunction(() => document.querySelector('fieldset.geometry')?.dataset.hasGeometry === '1');
	await page.locator('fieldset.geometry .form-map path').first().waitFor();
	await page.locator('fieldset.geometry').scrollIntoViewIfNeeded();
	await page.evaluate(() => document.querySelector('fieldset.geometry').scrollIntoView({ block: 'center' }));
	await shot('07-new-hazard');
	await page.click('form.record-form button[type=submit]');
	await page.waitForURL(/#\/record\/hazard\/[0-9a-f-]{36}$/);
	await page.locator('.record-head .version').waitFor();
	hazardUrl = page.url();
	assert.equal(await page.getAttribute('.record-head .version', 'data-version'), '1');
});

test('find the new hazard by search, see version 1 in its history', async () => {
	await page.goto(`${base}/#/records/hazard`);
	await page.locator('#list-q').waitFor();
	await page.fill('#list-q', STAMP);
	await page.press('#list-q', 'Enter');
	const row = page.locator('table.records tbody tr', { hasText: HAZARD_NAME });
	await row.waitFor();
	assert.equal(await page.locator('table.records tbody tr').count(), 1);
	await shot('08-hazard-list');
	await row.locator('a').first().click();
	await page.locator('table.versions tbody tr').first().waitFor();
	assert.equal(page.url(), hazardUrl);
	assert.equal(await page.locator('table.versions tbody tr').count(), 1);
	assert.equal(await page.getAttribute('table.versions tbody tr', 'data-version'), '1');
	await page.locator('.record-map path').first().waitFor();
	await shot('09-record-v1');
});

test('edit the hazard: version 2, with the change in the history', async () => {
	await page.click('.record-actions a[href^="#/edit/"]');
	await page.locator('#fld-description').waitFor();
	await page.fill('#fld-description', 'Reported by a farmer; marked with stones. NTS visit planned.');
	await page.selectOption('#fld-hazard_class', 'cha');
	await shot('10-edit-hazard');
	await page.click('form.record-form button[type=submit]');
	await page.waitForFunction((u) => location.href === u, hazardUrl);
	await page.locator('.record-head .version[data-version="2"]').waitFor();
	await page.locator('table.versions tbody tr[data-version="2"]').waitFor();
	const change = await page.locator('table.versions tbody tr[data-version="2"]').innerText();
	assert.match(change, /Hazard class/);
	await shot('11-record-v2');
	await quiet();
	await page.locator('section.history').screenshot({ path: path.join(OUT, '11-history.png') });
});

test('submit and approve the hazard', async () => {
	await page.click('.record-actions button[data-action="submit"]');
	await page.locator('.record-head .badge.status-submitted').waitFor();
	await page.click('.record-actions button[data-action="approve"]');
	await page.locator('.record-head .badge.status-approved').waitFor();
	await shot('12-record-approved');
});

test('an activity with its land release from the hazard; the hazard lists both as referring to it', async () => {
	const hazardUuid = /[0-9a-f-]{36}$/.exec(hazardUrl)[0];
	await page.goto(hazardUrl);
	await page.click('.record-actions a[href^="#/new/activity"]');
	await page.locator('#fld-activity_type').waitFor();
	await page.selectOption('#fld-activity_type', 'nts');
	await page.fill('#fld-start_date', '2024-05-02');
	await page.check('#lr-toggle');
	await page.selectOption('#lr-method', 'cancelled');
	await page.fill('#lr-area_m2', '1200');
	await page.click('form.record-form button[type=submit]');
	await page.waitForURL(/#\/record\/activity\/[0-9a-f-]{36}$/);
	const activityUuid = /[0-9a-f-]{36}$/.exec(page.url())[0];
	const activityRef = await page.locator('.record-head .ref').innerText();
	await page.goto(hazardUrl);
	await page.locator('section.referred-by[data-loaded]').waitFor();
	const group = page.locator('section.referred-by .referred-group[data-entity="activity"][data-column="hazard_uuid"]');
	assert.match(await group.locator('h3').innerText(), /^Activities \(Hazard\)/);
	assert.equal(await group.locator('tbody tr').count(), 1);
	assert.equal(await group.locator('tbody tr a').getAttribute('href'), `#/record/activity/${activityUuid}`);
	assert.equal(await group.locator('tbody tr a').innerText(), activityRef);
	const releases = page.locator('section.referred-by .referred-group[data-entity="land_release"][data-column="hazard_uuid"] tbody tr');
	assert.equal(await releases.count(), 1);
	await page.locator('section.referred-by').scrollIntoViewIfNeeded();
	await shot('14-referred-by');
	// The account on the hazard's page: a draft release counts for
	// nothing; submitted and approved, its 1,200 m² are cancelled, and the
	// page shows what `report hazard` (the one kernel) gives.
	const part = async (p) => Number((await page.locator(`section.account dd[data-part="${p}"]`).innerText()).split(' m²')[0].replace(/[^0-9.]/g, ''));
	await page.locator('section.account dd[data-part="cancelled"]').waitFor();
	assert.equal(await part('cancelled'), 0);
	const original = await part('original');
	assert.equal(await part('remaining'), original);
	const releaseUrl = await releases.locator('a').first().getAttribute('href');
	for (const action of ['submit', 'approve']) {
		await page.goto(`${base}/${releaseUrl}`);
		await page.click(`.record-actions button[data-action="${action}"]`);
		await page.waitForFunction((a) => document.querySelector('.record-head .badge, .record-meta')?.textContent.toLowerCase().includes(a === 'submit' ? 'submitted' : 'approved'), action);
	}
	await page.goto(hazardUrl);
	await page.locator('section.account dd[data-part="cancelled"]').waitFor();
	assert.equal(await part('cancelled'), 1200);
	assert.equal(await part('remaining'), original - 1200);
	const report = await page.evaluate(async (u) => (await fetch(`/api/reports/hazard?hazard=${u}&format=json`)).json(), hazardUuid);
	const parts = Object.fromEntries(report.rows.map((r) => [r.part, r.m2]));
	assert.equal(Math.round(parts.cancelled), 1200);
	assert.equal(Math.round(parts.remaining), original - 1200);
	assert.doesNotMatch(await page.locator('section.account').innerText(), /null|undefined|NaN/);
	await page.locator('section.account').scrollIntoViewIfNeeded();
	await shot('15-hazard-account');
	// The same filter on the list page, from the address.
	await page.goto(`${base}/#/records/activity?refers_to=hazard_uuid:${hazardUuid}`);
	await page.locator('p.filter-note').waitFor();
	await page.locator('table.records tbody tr').first().waitFor();
	assert.equal(await page.locator('table.records tbody tr').count(), 1);
	assert.equal(await page.locator('table.records tbody tr a').first().innerText(), activityRef);
});

test('import a file through the import page', async () => {
	const file = path.join(tmp, 'more-hazards.geojson');
	const fc = hazardsGeoJSON();
	fc.features = fc.features.slice(0, 2).map((f, i) => ({ ...f, properties: { ...f.properties, name: `Imported ${i + 1}` }, geometry: { ...f.geometry, coordinates: [f.geometry.coordinates[0].map(([x, y]) => [x + 0.3, y + 0.3])] } }));
	fc.features.push({ type: 'Feature', properties: { name: 'No class', hazard_status: 'active' }, geometry: fc.features[0].geometry });
	fs.writeFileSync(file, JSON.stringify(fc));
	await page.goto(`${base}/#/import`);
	await page.locator('#imp-file').waitFor();
	await page.setInputFiles('#imp-file', file);
	await page.selectOption('#imp-kind', 'hazard');
	await page.click('details.advanced summary');
	await page.fill('#imp-map', HAZARD_MAP.join('\n'));
	await page.click('form.import-form button[type=submit]');
	await page.locator('.import-summary').waitFor();
	assert.equal(await page.locator('.stat[data-stat="read"] .stat-value').innerText(), '3');
	assert.equal(await page.locator('.stat[data-stat="rejected"] .stat-value').innerText(), '1');
	assert.ok(await page.locator('.import-listed tbody tr.row-bad').count() >= 1);
	await quiet();
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(OUT, '13-import.png'), fullPage: true });
});

test('no page errors and nothing fetched from outside', () => {
	assert.deepEqual(pageErrors, []);
});
