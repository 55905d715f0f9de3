// money.test.mjs — amounts, search and small defects in a real browser
// (issue 10, items 1, 7 and 14): a fresh database made with build/mais
// (two districts of Azerbaijan drawn for the test, a donor, the press
// report's exchange rates of 2022-07-15), `mais serve`, and Debian's
// Chromium driven by playwright-core.
//
// France's pledge of EUR 400,000 typed as 400000 by an officer who writes
// numbers the English way, and as 400 000,00 by one who writes them the
// Russian way: each is shown as EUR 400,000.00 (400 000,00 EUR), with its
// conversions at the pledge date's rates (AZN 803,272.00, USD 472,752.00),
// stored as 40,000,000 cents, and counted so in the donor report; an
// ambiguous amount refused with both readings; a rate typed with a decimal
// comma; the search finding Füzuli by "fuzuli" and Tərtər by "terter"; the
// EORE delivery method's label; help texts for people; no error when the
// map is left during a zoom.  Screenshots go to tests/e2e/out/money-*.png.
//
// The server start/stop and login helpers are those of browser.test.mjs.
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
const NB = '\u00a0';

let tmp;
let db;
let server;
let serverLog = '';
let base;
let browser;
let page;
const passwords = {};
const pageErrors = [];

function mais(...args) {
	try {
		return execFileSync(MAIS, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
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

async function quiet() {
	await page.evaluate(() => document.getElementById('toast')?.classList.remove('show'));
	await page.waitForTimeout(250);
}

async function shot(name) {
	await quiet();
	await page.screenshot({ path: path.join(OUT, `money-${name}.png`) });
}

async function startServer(port) {
	server = spawn(MAIS, ['serve', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout.on('data', (d) => { serverLog += d; });
	server.stderr.on('data', (d) => { serverLog += d; });
	await waitForServer(`${base}/`, 15000);
}

function oneTime(out, user) {
	const m = new RegExp(`one-time password for ${user}: (\\S+)`).exec(out);
	assert.ok(m, `no one-time password in: ${out}`);
	return m[1];
}

// Two districts drawn for the test (not their real outlines), named as
// the gazetteer writes them, with a hazard in Füzuli.
function seed() {
	const sq = (x, y, d) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
	const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
	const areas = path.join(tmp, 'areas.geojson');
	fs.writeFileSync(areas, fc([
		{ type: 'Feature', properties: { name: 'Füzuli', level: 1 }, geometry: { type: 'Polygon', coordinates: sq(47.0, 39.4, 0.4) } },
		{ type: 'Feature', properties: { name: 'Tərtər', level: 1 }, geometry: { type: 'Polygon', coordinates: sq(46.8, 40.2, 0.4) } },
	]));
	mais('import', db, areas, '--as', 'admin-area', '--map', 'name=name', '--map', 'level=level');
	const hz = path.join(tmp, 'hazards.geojson');
	fs.writeFileSync(hz, fc([
		{ type: 'Feature', properties: { n: 'Orchard east of the road' }, geometry: { type: 'Polygon', coordinates: sq(47.1, 39.5, 0.01) } },
	]));
	mais('import', db, hz, '--as', 'hazard', '--map', 'name=n', '--set', 'hazard_class=sha', '--set', 'hazard_status=active');
	const orgs = path.join(tmp, 'orgs.csv');
	fs.writeFileSync(orgs, 'org_type,name\nauthority,National Agency\ndonor,France\n');
	mais('import', db, orgs, '--as', 'organisation', '--map', 'org_type=org_type', '--map', 'name=name');
	// The press report's rates of the pledge's date (CLI imports are
	// approved).
	const rates = path.join(tmp, 'rates.csv');
	fs.writeFileSync(rates, 'from,to,rate,date,source\nEUR,AZN,2.00818,2022-07-15,press report\nEUR,USD,1.18188,2022-07-15,press report\n');
	mais('import', db, rates, '--as', 'exchange_rate', '--map', 'from_currency=from', '--map', 'to_currency=to',
		'--map', 'rate=rate', '--map', 'rate_date=date', '--map', 'source=source');
	passwords.admin = oneTime(mais('user', 'add', db, 'admin', '--role', 'sys_admin', '--name', 'IM Officer'), 'admin');
	passwords.leyla = oneTime(mais('user', 'add', db, 'leyla', '--org', 'MON-ORG-000001', '--role', 'im_admin', '--name', 'Leyla (ru)'), 'leyla');
}

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mais-e2e-money-'));
	db = path.join(tmp, 'money.gpkg');
	mais('init', db, '--prefix', 'MON', '--time-zone', 'Asia/Baku');
	seed();
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await startServer(port);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
	await context.route((url) => !url.href.startsWith(base) && !url.protocol.startsWith('data'), (route) => {
		pageErrors.push(`external request: ${route.request().url()}`);
		route.abort();
	});
	page = await context.newPage();
	page.setDefaultTimeout(15000);
	page.on('pageerror', (e) => pageErrors.push(`pageerror at ${page.url().replace(base, '')}: ${e.message}`));
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
		fs.writeFileSync(path.join(OUT, 'money-server.log'), serverLog);
		if (process.env.MAIS_E2E_KEEP === '1') console.log(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
});

// Logs in with the one-time password and sets a new one.
async function login(user) {
	await page.goto(`${base}/`);
	await page.locator('#topbar .brand').waitFor();
	if (await page.locator('.usermenu button').count()) await page.click('.usermenu button');
	await page.locator('#login-username').waitFor();
	await page.fill('#login-username', user);
	await page.fill('#login-password', passwords[user]);
	await page.click('form button[type=submit]');
	await page.locator('#pw-old').waitFor();
	await page.fill('#pw-old', passwords[user]);
	await page.fill('#pw-new', NEW_PASSWORD);
	await page.fill('#pw-again', NEW_PASSWORD);
	await page.click('form button[type=submit]');
	await page.waitForURL(/#\/map/);
}

// The value of a record's field on its page, as a person reads it.
async function fieldText(label) {
	return page.locator('dl.fields dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]').innerText();
}

// Fills the pledge form: France, 2022-07-15, the amount as typed.
async function fillPledge(amount) {
	await page.goto(`${base}/#/new/pledge`);
	await page.locator('#fld-amount').waitFor();
	await page.fill('#fld-donor_uuid', 'France');
	await page.locator('#fld-donor_uuid + datalist option, [data-field="donor_uuid"] datalist option').first().waitFor({ state: 'attached' });
	const option = await page.locator('[data-field="donor_uuid"] datalist option').first().getAttribute('value');
	await page.fill('#fld-donor_uuid', option);
	await page.selectOption('#fld-funding_type', 'pledge');
	await page.selectOption('#fld-currency', 'EUR');
	await page.fill('#fld-pledge_date', '2022-07-15');
	await page.fill('#fld-purpose', 'Clearance, victim assistance and risk education');
	await page.fill('#fld-amount', amount);
}

// The preview of what is in the amount field now, once the server read it.
async function preview() {
	await page.waitForFunction(() => {
		const p = document.querySelector('#fld-amount-preview');
		return p && ['ok', 'error'].includes(p.dataset.state) && p.dataset.text === document.querySelector('#fld-amount').value.trim();
	});
	return page.locator('#fld-amount-preview').innerText();
}

async function save() {
	await page.click('form.record-form button[type=submit]');
	await page.waitForURL(/#\/record\/pledge\/[0-9a-f-]{36}$/);
	await page.locator('.record-head .version').waitFor();
	return /[0-9a-f-]{36}$/.exec(page.url())[0];
}

async function approve() {
	await page.click('.record-actions button[data-action="submit"]');
	await page.locator('.record-head .badge.status-submitted').waitFor();
	await page.click('.record-actions button[data-action="approve"]');
	await page.locator('.record-head .badge.status-approved').waitFor();
}

const stored = async (uuid) => (await page.evaluate(async (u) => (await fetch(`/api/records/pledge/${u}`)).json(), uuid)).fields.amount;

test('an officer who writes numbers the English way types 400000: EUR 400,000.00', async () => {
	await login('admin');
	await fillPledge('400000');
	const p = await preview();
	assert.match(p, /= EUR.400,000\.00/);
	assert.match(p, /At the approved rates of 2022-07-15:/);
	assert.match(p, /AZN.803,272\.00/);
	assert.match(p, /USD.472,752\.00/);
	assert.match(await page.locator('[data-field="amount"] .field-help').innerText(), /e\.g\. 1,234,567\.89 \(English/);
	await page.locator('[data-field="amount"]').scrollIntoViewIfNeeded();
	await shot('01-pledge-400000');
	const uuid = await save();
	await page.locator('dd .money-conversion[data-currency="USD"]').waitFor();
	assert.equal(await fieldText('Amount'), `EUR${NB}400,000.00\nAt the approved rates of 2022-07-15: AZN${NB}803,272.00 · USD${NB}472,752.00`);
	assert.equal(await stored(uuid), 40000000);
	await approve();
	await shot('02-pledge-record');
});

test('an amount the other way of writing reads otherwise is refused, with both readings', async () => {
	await fillPledge('400.000');
	assert.equal(await preview(), `This could be EUR${NB}400.00 or EUR${NB}400,000.00. Type 400.00 for the first, 400,000.00 for the second.`);
	await page.click('form.record-form button[type=submit]');
	await page.locator('[data-field="amount"].has-error').waitFor();
	assert.match(await page.locator('[data-field="amount"] .field-error').innerText(), /could be EUR.400\.00 or EUR.400,000\.00/);
	await page.locator('[data-field="amount"]').scrollIntoViewIfNeeded();
	await shot('03-ambiguous-refused');
	// 400000.00, which the old form refused, is an amount.
	await page.fill('#fld-amount', '400000.00');
	assert.match(await preview(), /= EUR.400,000\.00/);
	// More decimals than the currency has: the hint reads it the other way.
	await page.selectOption('#fld-currency', 'JPY');
	await page.fill('#fld-amount', '1.234');
	assert.equal(await preview(), 'JPY has 0 decimals. Did you mean JPY\u00a01,234? Type 1,234.');
});

test('an officer who writes numbers the Russian way types 400 000,00: 400 000,00 EUR', async () => {
	await login('leyla');
	await page.click('a.username');
	await page.locator('.settings input[value="ru"]').waitFor();
	assert.match(await page.locator('.numfmt[data-format="ru"]').innerText(), /400.000,00.EUR/);
	await page.check('.settings input[value="ru"]');
	await shot('04-settings-ru');
	await page.click('.settings button[type=submit]');
	await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('mais.user') || '{}').number_format === 'ru');
	await fillPledge('400 000,00');
	const p = await preview();
	assert.match(p, /= 400.000,00.EUR/);
	assert.match(p, /803.272,00.AZN/);
	assert.match(p, /472.752,00.USD/);
	await page.locator('[data-field="amount"]').scrollIntoViewIfNeeded();
	await shot('05-pledge-ru');
	// 1,234 of KWD: 1.234 dinars in her format, or 1 234?  Refused.
	await page.selectOption('#fld-currency', 'KWD');
	await page.fill('#fld-amount', '1,234');
	assert.equal(await preview(), `This could be 1,234${NB}KWD or 1${NB}234,000${NB}KWD. Type 1,2340 for the first, 1${NB}234,000 for the second.`);
	await page.locator('[data-field="amount"]').scrollIntoViewIfNeeded();
	await shot('06-ambiguous-ru');
	await page.selectOption('#fld-currency', 'EUR');
	await page.fill('#fld-amount', '400 000,00');
	assert.match(await preview(), /= 400.000,00.EUR/);
	const uuid = await save();
	assert.equal(await stored(uuid), 40000000);
	assert.match(await fieldText('Amount'), /^400.000,00.EUR/);
	await approve();
	// Editing shows the amount as she types it.
	await page.click('.record-actions a[href^="#/edit/"]');
	await page.waitForFunction(() => document.querySelector('#fld-amount')?.value === '400\u00a0000,00');
	await shot('07-pledge-ru-record');
});

test('the list of pledges and the donor report count EUR 400,000 twice: AZN 1,606,544.00', async () => {
	await page.goto(`${base}/#/records/pledge`);
	await page.locator('table.records tbody tr').first().waitFor();
	const amounts = await page.locator('table.records tbody tr').evaluateAll((rows) => rows.map((r) => r.innerText));
	assert.equal(amounts.length, 2);
	for (const r of amounts) assert.match(r, /400.000,00.EUR/);
	await shot('08-pledge-list-ru');
	// The donor report the Reports page shows, as its CSV: France pledged
	// 2 × AZN 803,272.00.
	const csv = await page.evaluate(async () => (await fetch('/api/reports/donors?currency=AZN&format=csv')).text());
	const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
	const france = rows.find((r) => r.includes('France'));
	assert.ok(france, csv);
	assert.equal(france[head.indexOf('pledged')], '1606544.00');
	assert.match(france[head.indexOf('pledged_original')] || '', /800000\.00 EUR/);
});

// Fills and sends the exchange rate form: rate as typed, of 2022-07-15.
async function sendRate(from, to, rate, source) {
	await page.goto(`${base}/#/new/exchange_rate`);
	await page.locator('#fld-rate').waitFor();
	await page.selectOption('#fld-from_currency', from);
	await page.selectOption('#fld-to_currency', to);
	await page.fill('#fld-rate', rate);
	await page.fill('#fld-rate_date', '2022-07-15');
	await page.fill('#fld-source', source);
	await page.click('form.record-form button[type=submit]');
}

test('an exchange rate typed with a decimal comma', async () => {
	await sendRate('EUR', 'GBP', '0,85', 'ECB');
	await page.waitForURL(/#\/record\/exchange_rate\/[0-9a-f-]{36}$/);
	assert.equal(await fieldText('Rate'), '0.85');
	// A comma that may group thousands is refused, saying why.
	await sendRate('USD', 'AZN', '1,700', 'CBAR');
	await page.locator('[data-field="rate"].has-error').waitFor();
	assert.match(await page.locator('[data-field="rate"] .field-error').innerText(),
		/^'1,700' is ambiguous: a decimal comma, or thousands\? +Write it with a decimal point \(1\.700\) or without the comma$/);
	await shot('09-rate-comma');
});

test('the search finds Füzuli by "fuzuli", and the records in it', async () => {
	await page.fill('#top-q', 'fuzuli');
	await page.press('#top-q', 'Enter');
	await page.waitForURL(/#\/search\?q=fuzuli/);
	await page.locator('.search-group').first().waitFor();
	const areas = page.locator('.search-group[data-entity="admin_area"] tbody tr');
	assert.equal(await areas.count(), 1);
	assert.match(await areas.innerText(), /Füzuli/);
	const hazards = page.locator('.search-group[data-entity="hazard"] tbody tr');
	assert.equal(await hazards.count(), 1);
	assert.match(await hazards.innerText(), /Orchard east of the road/);
	await page.waitForFunction(() => /Füzuli/.test(document.querySelector('.search-group[data-entity="hazard"] tbody tr td:last-child')?.textContent || ''));
	await shot('10-search-fuzuli');
	await page.fill('#search-q', 'TERTER');
	await page.click('.search-form button[type=submit]');
	await page.waitForURL(/q=TERTER/);
	await page.locator('.search-group[data-entity="admin_area"] tbody tr', { hasText: 'Tərtər' }).waitFor();
	assert.equal(await page.locator('.search-group').count(), 1);
	// The list of one kind searches the same way.
	await page.goto(`${base}/#/records/hazard?q=F%C3%BCZULI`);
	await page.locator('table.records tbody tr', { hasText: 'Orchard' }).waitFor();
});

test('labels and help texts are written for a person', async () => {
	await page.goto(`${base}/#/new/eore_session`);
	await page.locator('#fld-method').waitFor();
	assert.equal(await page.locator('label[for="fld-method"]').innerText(), 'Delivery method');
	const helps = [];
	for (const e of ['hazard', 'land_release', 'donation', 'equipment', 'equipment_test', 'accreditation', 'organisation', 'eo_item', 'pledge', 'allocation', 'expenditure']) {
		await page.goto(`${base}/#/new/${e}`);
		await page.locator('form.record-form').waitFor();
		helps.push(...await page.locator('.field-help').allInnerTexts());
	}
	const internal = helps.filter((s) => /\b1 if\b|\bnull\b|_uuid|estimated_value|minor units|\b[a-z]+_[a-z_]+\b/.test(s));
	assert.deepEqual(internal, []);
	await page.goto(`${base}/#/new/donation`);
	await page.locator('[data-field="currency"]').scrollIntoViewIfNeeded();
	await shot('11-donation-help');
});

test('leaving the map during a zoom raises no error', async () => {
	for (let i = 0; i < 3; i++) {
		await page.goto(`${base}/#/map`);
		await page.locator('#map[data-loaded]').waitFor();
		await page.mouse.move(800, 450);
		await page.mouse.wheel(0, -300);
		await page.waitForTimeout(30 + i * 60);
		await page.click('nav.mainnav a[href="#/records"]');
		await page.locator('.entity-groups').waitFor();
		await page.waitForTimeout(400);
	}
	// ... and before it has finished loading.
	await page.goto(`${base}/#/map`);
	await page.click('nav.mainnav a[href="#/records"]');
	await page.waitForTimeout(800);
});

test('no page errors and nothing fetched from outside', () => {
	assert.deepEqual(pageErrors, []);
});
