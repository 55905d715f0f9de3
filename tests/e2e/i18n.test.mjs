// i18n.test.mjs — every text of the web UI is in the message catalogue:
// each key that web/js calls t() (or tMaybe) with, written out, is a key
// of web/i18n/en.json.  Keys built at run time (`numfmt.${code}`) are
// looked up with a fallback and are not checked here.  Needs no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

function sources(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) return sources(p);
		return e.name.endsWith('.js') ? [p] : [];
	});
}

test('every key the web UI asks for is in web/i18n/en.json', () => {
	const en = JSON.parse(fs.readFileSync(path.join(web, 'i18n/en.json'), 'utf8'));
	const missing = [];
	for (const file of sources(path.join(web, 'js'))) {
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g)) {
			if (!(m[1] in en)) missing.push(`${path.relative(web, file)}: ${m[1]}`);
		}
	}
	assert.deepEqual(missing, []);
});
