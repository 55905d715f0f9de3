// reports.test.mjs — what an information management officer sees of the
// reports, in a real browser (Debian's Chromium driven by playwright-core)
// against `mais serve` on a fresh database: two countries (Colombia's
// departments under a level-0 Colombia, and a level-0 Testland), hazards,
// an approved clearance, EO destroyed, a casualty and a donor's pledge of
// this year.  Checked, as a person reads them:
//
//   - a hazard's page shows its land release balance (figures and bar)
//     equal to `mais report hazard`, and its approved release on its map
//     with a legend;
//   - the Reports page lists every report of the registry; the land
//     release table equals /api/reports/land-release; every report shows
//     its table; an XLSX downloaded from the page opens (ogrinfo) with a
//     title and the headers a person reads;
//   - the dashboard's headline figures equal the reports they come from,
//     and the country filter gives the reports' figures for that country;
//   - print preview (emulated print media, screenshots and PDFs) hides the
//     navigation, buttons and forms and shows the title, day and filters;
//   - every text key the scripts use is in web/i18n/en.json.
//
// Screenshots and PDFs go to tests/e2e/out/ (r*.png, r*.pdf).  Run with
// tests/e2e/run.sh (node --test runs every *.test.mjs).  MAIS, CHROMIUM
// and MAIS_E2E_KEEP=1 as in browser.test.mjs.
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
const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = TODAY.slice(0, 4);

let tmp;
let db;
let server;
let serverLog = '';
let base;
let browser;
let page;
let api; // the seeding administrator's API session
const ids = {};
const pageErrors = [];

// --- Server, sessions (as browser.test.mjs) ---------------------------------

function mais(...args) {
	try {
		return execFileSync(MAIS, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		if (e.status === 3) return e.stdout; // done, with data problems
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

async function startServer(port) {
	server = spawn(MAIS, ['serve', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout.on('data', (d) => { serverLog += d; });
	server.stderr.on('data', (d) => { serverLog += d; });
	await waitForServer(`${base}/`, 15000);
}

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

function oneTimePassword(out) {
	const m = /one-time password for \S+: (\S+)/.exec(out);
	assert.ok(m, `no one-time password in: ${out}`);
	return m[1];
}

// A user whose one-time password is changed, and its API session.
async function userSession(name) {
	const otp = oneTimePassword(mais('user', 'add', db, name, '--role', 'sys_admin', '--name', name));
	const s = await apiSession(name, otp);
	await s.call('POST', '/api/password', { old_password: otp, new_password: NEW_PASSWORD });
	return apiSession(name, NEW_PASSWORD);
}

async function quiet() {
	await page.evaluate(() => document.getElementById('toast')?.classList.remove('show'));
	await page.waitForTimeout(250);
}

async function shot(name, opts = {}) {
	await quiet();
	await page.screenshot({ path: path.join(OUT, `${name}.png`), ...opts });
}

async function json(p) {
	return page.evaluate(async (u) => {
		const r = await fetch(u);
		if (!r.ok) throw new Error(`${u}: ${r.status}`);
		return r.json();
	}, p);
}

// --- The data -----------------------------------------------------------------

const box = (x0, y0, x1, y1) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });

function writeGeoJSON(name, features) {
	const f = path.join(tmp, name);
	fs.writeFileSync(f, JSON.stringify({ type: 'FeatureCollection', features }));
	return f;
}

// Two countries of level 0: Colombia over its departments (which name no
// parent: the filter finds them in its polygon) and Testland elsewhere.
function seedPlaces() {
	mais('import', db, path.join(repo, 'data/samples/colombia/col.json'), '--profile', path.join(repo, 'profiles/colombia-departments.json'));
	const countries = writeGeoJSON('countries.geojson', [
		feature({ name: 'Colombia', level: 0 }, box(-82, -4.3, -66.8, 13.5)),
		feature({ name: 'Testland', level: 0 }, box(44, 39, 46, 41)),
	]);
	mais('import', db, countries, '--as', 'admin-area', '--map', 'name=name', '--map', 'level=level');
	const orgs = path.join(tmp, 'orgs.csv');
	fs.writeFileSync(orgs, 'org_type,name\nauthority,National Authority\noperator_ngo,Field Operator\ndonor,Donor State\n');
	mais('import', db, orgs, '--as', 'organisation', '--map', 'org_type=org_type', '--map', 'name=name');
}

function seedHazards() {
	const hz = writeGeoJSON('hazards.geojson', [
		feature({ name: 'Vereda La Esperanza', c: 'cha', d: '2019-03-14' }, box(-75.45, 6.05, -75.42, 6.08)),
		feature({ name: 'Finca El Roble', c: 'sha', d: '2018-07-02' }, box(-74.35, 4.75, -74.30, 4.80)),
		feature({ name: 'Testland field', c: 'sha', d: '2020-02-02' }, box(45.0, 40.0, 45.02, 40.02)),
	]);
	mais('import', db, hz, '--as', 'hazard', '--map', 'name=name', '--map', 'hazard_class=c', '--map', 'recorded_date=d', '--map', 'info_date=d', '--set', 'hazard_status=active');
}

async function approve(entity, rec) {
	if (rec.status === 'draft' || rec.status === 'rejected') rec = await api.call('POST', `/api/records/${entity}/${rec.uuid}/submit`, {});
	if (rec.status !== 'approved') rec = await api.call('POST', `/api/records/${entity}/${rec.uuid}/approve`, {});
	return rec;
}

const create = async (entity, fields, geometry = null) => approve(entity, await api.call('POST', `/api/records/${entity}`, { fields, geometry }));

// This year's work: a clearance inside La Esperanza, EO destroyed, an
// accident with a casualty, a pledge of EUR 400,000.
async function seedWork() {
	const hz = await api.call('GET', '/api/records/hazard?limit=10&sort=name');
	for (const r of hz.items) ids[r.fields.name] = r;
	const orgs = await api.call('GET', '/api/records/organisation?limit=10');
	for (const r of orgs.items) ids[r.fields.name] = r;
	const esperanza = ids['Vereda La Esperanza'];
	await create('land_release', { hazard_uuid: esperanza.uuid, method: 'cleared', release_date: TODAY, info_date: TODAY }, box(-75.45, 6.05, -75.435, 6.065));
	await create('eo_item', { eo_category: 'ap_mine', quantity: 4, fate: 'destroyed_in_situ', found_date: TODAY, info_date: TODAY }, { type: 'Point', coordinates: [-75.44, 6.06] });
	await create('eo_item', { eo_category: 'uxo', quantity: 2, fate: 'destroyed_in_situ', found_date: TODAY, info_date: TODAY }, { type: 'Point', coordinates: [45.01, 40.01] });
	const acc = await create('accident', { accident_type: 'civilian', accident_date: TODAY, info_date: TODAY, eo_category: 'ap_mine' }, { type: 'Point', coordinates: [-74.32, 4.77] });
	await create('victim', { accident_uuid: acc.uuid, outcome: 'injured', sex: 'female', age: 27, victim_role: 'civilian', info_date: TODAY });
	await create('pledge', { donor_uuid: ids['Donor State'].uuid, amount: 40000000, currency: 'EUR', pledge_date: TODAY, info_date: TODAY });
}

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mais-e2e-reports-'));
	db = path.join(tmp, 'reports.gpkg');
	mais('init', db, '--prefix', 'E2R', '--currency', 'EUR');
	seedPlaces();
	seedHazards();
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await startServer(port);
	api = await userSession('seeder');
	await seedWork();
	const otp = oneTimePassword(mais('user', 'add', db, 'officer', '--role', 'im_admin', '--org', 'E2R-ORG-000001', '--name', 'IM Officer'));

	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-GB', acceptDownloads: true });
	await context.route((url) => !url.href.startsWith(base) && !url.protocol.startsWith('data'), (route) => {
		pageErrors.push(`external request: ${route.request().url()}`);
		route.abort();
	});
	page = await context.newPage();
	page.setDefaultTimeout(20000);
	page.on('pageerror', (e) => pageErrors.push(`pageerror at ${page.url().replace(base, '')}: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of (401|404|409|422)/.test(msg.text())) pageErrors.push(`console: ${msg.text().slice(0, 160)}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 500) pageErrors.push(`HTTP ${r.status()} ${r.url()}`);
	});
	// The officer's first login: the one-time password, then a new one.
	await page.goto(`${base}/`);
	await page.locator('#login-username').waitFor();
	await page.fill('#login-username', 'officer');
	await page.fill('#login-password', otp);
	await page.click('form button[type=submit]');
	await page.locator('#pw-old').waitFor();
	await page.fill('#pw-old', otp);
	await page.fill('#pw-new', NEW_PASSWORD);
	await page.fill('#pw-again', NEW_PASSWORD);
	await page.click('form button[type=submit]');
	await page.waitForURL(/#\/map/);
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
		fs.writeFileSync(path.join(OUT, 'server-reports.log'), serverLog);
		if (process.env.MAIS_E2E_KEEP === '1') console.log(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
});

// A number as shown ("1,234.5 ha", "948,099 m²") read back.
function shownNumber(text) {
	return Number(String(text).replace(/[^0-9.-]/g, ''));
}

// --- The hazard page ------------------------------------------------------------

test('a hazard shows its land release balance as report hazard gives it, and its release on its map', async () => {
	const hz = ids['Vereda La Esperanza'];
	const cli = JSON.parse(mais('report', 'hazard', db, hz.reference, '--format', 'json'));
	const want = Object.fromEntries(cli.rows.map((r) => [r.part, r.m2]));
	want.original = cli.total.m2;
	assert.ok(want.cleared > 0 && want.remaining > 0, JSON.stringify(want));
	await page.goto(`${base}/#/record/hazard/${hz.uuid}`);
	await page.locator('section.account[data-loaded]').waitFor();
	for (const part of ['original', 'cancelled', 'reduced', 'cleared', 'remaining']) {
		const dd = page.locator(`section.account dd[data-part="${part}"]`);
		assert.equal(Number(await dd.getAttribute('data-m2')), want[part], `${part}: page ${await dd.getAttribute('data-m2')}, report hazard ${want[part]}`);
		assert.equal(shownNumber((await dd.innerText()).split(' m²')[0]), Math.round(want[part]), `${part} shown`);
	}
	// The bar: a part as wide as its share of the original area.
	const widths = await page.$$eval('.balance-bar .balance-part', (els) => Object.fromEntries(els.map((e) => [e.dataset.part, e.getBoundingClientRect().width])));
	const barWidth = await page.$eval('.balance-bar', (e) => e.clientWidth);
	assert.deepEqual(Object.keys(widths).sort(), ['cleared', 'remaining']);
	assert.ok(Math.abs(widths.cleared / barWidth - want.cleared / want.original) < 0.02, `cleared share ${widths.cleared / barWidth}`);
	// The approved release on the map, with the legend of its method.
	await page.locator('.record-map[data-releases="1"]').waitFor();
	await page.locator('.record-map path.mais-land_release').first().waitFor({ state: 'attached' });
	assert.equal(await page.locator('.map-legend li[data-method="cleared"]').count(), 1);
	await page.locator('section.account').scrollIntoViewIfNeeded();
	await shot('r01-hazard-balance');
	await page.locator('.record-grid').screenshot({ path: path.join(OUT, 'r01-hazard-balance-detail.png') });
});

// --- The Reports page ---------------------------------------------------------

test('the Reports page lists every report of the registry', async () => {
	const reg = await json('/api/reports');
	await page.goto(`${base}/#/reports`);
	await page.locator('ul.report-list li').first().waitFor();
	const shown = await page.$$eval('ul.report-list li', (els) => els.map((e) => e.dataset.report));
	assert.deepEqual(shown, reg.reports.map((r) => r.name));
	for (const name of ['land-release', 'bulletin', 'casualties', 'eo', 'eore', 'equipment', 'donors', 'hazard', 'headline']) assert.ok(shown.includes(name), name);
	await shot('r02-reports', { fullPage: true });
});

test('the land release table equals /api/reports/land-release', async () => {
	await page.goto(`${base}/#/reports/land-release`);
	await page.locator('table.report-table tbody tr').first().waitFor();
	const doc = await json('/api/reports/land-release');
	const cols = doc.columns.filter((c) => c.label);
	const heads = await page.$$eval('table.report-table thead th', (els) => els.map((e) => e.textContent));
	assert.deepEqual(heads, cols.map((c) => c.label));
	const cells = await page.$$eval('table.report-table tbody tr, table.report-table tfoot tr', (trs) => trs.map((tr) => Object.fromEntries([...tr.children].map((td) => [td.dataset.key, td.textContent]))));
	const rows = [...doc.rows, doc.total];
	assert.equal(cells.length, rows.length);
	rows.forEach((r, i) => {
		for (const c of cols) {
			const v = r[c.key];
			if (typeof v === 'number') assert.equal(shownNumber(cells[i][c.key]), /_m2$/.test(c.key) ? Math.round(v) : v, `row ${i} ${c.key}`);
		}
	});
	assert.equal(cells.at(-1).group, 'Total');
	await page.locator('.report-chart canvas').waitFor();
	await shot('r03-report-land-release', { fullPage: true });
});

test('an XLSX downloaded from the Reports page opens with a title and the headers a person reads', async () => {
	await page.goto(`${base}/#/reports/land-release?by=year`);
	await page.locator('table.report-table tbody tr').first().waitFor();
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('.report-downloads a[data-format="xlsx"]')]);
	const file = path.join(OUT, 'r04-land-release.xlsx');
	await download.saveAs(file);
	const text = execFileSync('ogrinfo', ['-al', '-q', file], { encoding: 'utf8', env: { ...process.env, OGR_XLSX_HEADERS: 'DISABLE', OGR_XLSX_FIELD_TYPES: 'STRING' } });
	assert.match(text, /Field1 \(String\) = Land release accounting \(m²\)/);
	assert.match(text, /Field1 \(String\) = Grouped by\n\s+Field2 \(String\) = year/);
	assert.match(text, /Field1 \(String\) = Year\n\s+Field2 \(String\) = Hazards/);
	assert.match(text, /= Cancelled \(m²\)/);
	assert.match(text, /= Released by the row's releases \(m²\)/);
	assert.match(text, /Field1 \(String\) = Total/);
	assert.doesNotMatch(text, /_m2|group_uuid|[0-9a-f]{8}-[0-9a-f]{4}-/);
});

test('every report of the registry shows its table', async () => {
	const reg = await json('/api/reports');
	const hz = ids['Vereda La Esperanza'];
	for (const r of reg.reports) {
		const q = r.name === 'hazard' ? `?hazard=${hz.reference}` : '';
		await page.goto(`${base}/#/reports/${r.name}${q}`);
		await page.locator(`section.report-result[data-report="${r.name}"] table.report-table`).waitFor();
		assert.ok(await page.locator('table.report-table tfoot tr').count() === 1, r.name);
		assert.doesNotMatch(await page.locator('section.report-result').innerText(), /undefined|NaN|\bnull\b/, r.name);
		if (['hazard', 'donors', 'bulletin', 'casualties'].includes(r.name)) await shot(`r05-report-${r.name}`, { fullPage: true });
	}
});

// --- The dashboard --------------------------------------------------------------

async function headlineShown() {
	await page.locator('section.headline a.figure').first().waitFor();
	return page.$$eval('section.headline a.figure', (els) => Object.fromEntries(els.map((e) => [e.dataset.figure, e.dataset.value])));
}

// The figures of the reports a headline figure is read off.
async function reportFigures(query) {
	const q = new URLSearchParams(query).toString();
	const lr = await json(`/api/reports/land-release?by=year&${q}`);
	const year = lr.rows.find((r) => r.group === YEAR) || {};
	const bul = (await json(`/api/reports/bulletin?from=${YEAR}-01-01&to=${YEAR}-12-31&${q}`)).total;
	const cas = await json(`/api/reports/casualties?${q}`);
	const don = (await json('/api/reports/donors?currency=EUR')).total;
	return {
		area_remaining_m2: lr.total.remaining_m2,
		released_m2: year.released_m2 ?? 0,
		eo_destroyed: bul.ap_destroyed + bul.at_destroyed + bul.uxo_destroyed + bul.other_destroyed,
		casualties: cas.rows.filter((r) => r.year === YEAR).reduce((a, r) => a + r.victims, 0),
		pledged: don.pledged,
		received: don.received,
	};
}

function sameFigures(shown, want) {
	for (const [k, v] of Object.entries(want)) {
		if (typeof v === 'number') assert.ok(Math.abs(Number(shown[k]) - v) < 1e-6, `${k}: dashboard ${shown[k]}, report ${v}`);
		else assert.equal(shown[k], v, k);
	}
}

test('the dashboard headline figures equal the reports, for all and for one country', async () => {
	await page.goto(`${base}/#/dashboard`);
	const all = await headlineShown();
	const want = await reportFigures({});
	sameFigures(all, want);
	assert.ok(want.released_m2 > 0 && want.eo_destroyed === 6 && want.casualties === 1 && want.pledged === '400000.00', JSON.stringify(want));
	assert.match(await page.locator('a.figure[data-figure="pledged"] .figure-value').innerText(), /^EUR 400,000\.00$/);
	assert.match(await page.locator('a.figure[data-figure="eo_destroyed"] .figure-label').innerText(), new RegExp(YEAR));
	await page.locator('#card-lr-year canvas').waitFor();
	await page.waitForTimeout(300);
	await shot('r06-dashboard', { fullPage: true });
	// Colombia only: Testland's hazard and its 2 UXO are not counted.
	const colombia = await page.$eval('#dash-country', (s) => [...s.options].find((o) => o.textContent === 'Colombia').value);
	assert.deepEqual(await page.$$eval('#dash-country option', (os) => os.map((o) => o.textContent)), ['All countries', 'Colombia', 'Testland']);
	await page.selectOption('#dash-country', colombia);
	await page.waitForURL(/admin_area=/);
	await page.locator('section.headline a.figure').first().waitFor();
	const one = await headlineShown();
	const wantOne = await reportFigures({ admin_area: colombia });
	sameFigures(one, wantOne);
	assert.ok(wantOne.area_remaining_m2 < want.area_remaining_m2 && wantOne.eo_destroyed === 4, JSON.stringify(wantOne));
	await shot('r07-dashboard-colombia', { fullPage: true });
	// A figure links to the report it is read off.
	await page.click('a.figure[data-figure="eo_destroyed"]');
	await page.locator('section.report-result[data-report="bulletin"] table.report-table').waitFor();
	assert.match(page.url(), new RegExp(`#/reports/bulletin\\?.*from=${YEAR}-01-01`));
	assert.equal(await page.locator('#opt-admin_area').inputValue(), colombia);
});

// --- Print ------------------------------------------------------------------------

async function printed(url, name, ready) {
	await page.goto(url);
	await page.locator(ready).first().waitFor();
	await page.waitForTimeout(400);
	await page.emulateMedia({ media: 'print' });
	try {
		const hidden = await page.evaluate(() => [...document.querySelectorAll('.topbar, .mainnav, button, form, .report-downloads, .record-actions')]
			.filter((e) => e.checkVisibility()).map((e) => e.className || e.tagName));
		assert.deepEqual(hidden, [], `${name}: shown in print: ${hidden}`);
		const head = await page.locator('.print-head').innerText();
		assert.match(head, /Printed \d{4}-\d{2}-\d{2}/);
		await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
		await page.pdf({ path: path.join(OUT, `${name}.pdf`), format: 'A4', printBackground: true });
		return head;
	} finally {
		await page.emulateMedia({ media: 'screen' });
	}
}

test('print hides navigation and buttons and shows the title, the day and the filters', async () => {
	const hz = ids['Vereda La Esperanza'];
	const h1 = await printed(`${base}/#/record/hazard/${hz.uuid}`, 'r08-print-hazard', 'section.account[data-loaded]');
	assert.match(h1, new RegExp(hz.reference));
	const h2 = await printed(`${base}/#/reports/bulletin?from=${YEAR}-01-01&to=${YEAR}-12-31&by=organisation`, 'r09-print-bulletin', 'table.report-table');
	assert.match(h2, new RegExp(`Period: ${YEAR}-01-01 to ${YEAR}-12-31`));
	assert.match(h2, /Grouped by: organisation/);
	const h3 = await printed(`${base}/#/dashboard`, 'r10-print-dashboard', 'section.headline a.figure');
	assert.match(h3, /All countries/);
});

// --- Texts and errors -----------------------------------------------------------

test('every text key of the web UI is in web/i18n/en.json', () => {
	const en = JSON.parse(fs.readFileSync(path.join(repo, 'web/i18n/en.json'), 'utf8'));
	const dir = path.join(repo, 'web/js');
	const files = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'));
	const missing = [];
	for (const f of files) {
		const src = fs.readFileSync(path.join(dir, f), 'utf8');
		for (const m of src.matchAll(/\bt\('([a-z_]+\.[a-z0-9_.-]+)'/g)) if (!(m[1] in en)) missing.push(`${f}: ${m[1]}`);
	}
	assert.deepEqual(missing, []);
});

test('no page errors and nothing fetched from outside', () => {
	assert.deepEqual(pageErrors, []);
});
