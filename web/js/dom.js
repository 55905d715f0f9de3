// dom.js — small helpers to build the page without a framework.

// h('div.card#id', {attrs}, children...) — tag with optional .classes and
// #id; attrs: properties starting with "on" are listeners, "dataset" an
// object, others attributes (false/null skipped, true = present).
export function h(spec, attrs, ...children) {
	const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(spec);
	const el = document.createElement((m && m[1]) || 'div');
	if (m && m[2]) {
		for (const part of m[2].match(/[.#][\w-]+/g)) {
			if (part[0] === '.') el.classList.add(part.slice(1));
			else el.id = part.slice(1);
		}
	}
	// anything but a plain object is a child, 0 and '' included
	if (attrs !== undefined && attrs !== null && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
		children.unshift(attrs);
		attrs = null;
	}
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === false || v === null || v === undefined) continue;
		if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
		else if (k === 'dataset') Object.assign(el.dataset, v);
		else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
		else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
		else el.setAttribute(k, v === true ? '' : String(v));
	}
	append(el, children);
	return el;
}

export function append(el, children) {
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

export function clear(el) {
	while (el.firstChild) el.removeChild(el.firstChild);
	return el;
}

let uid = 0;
export function newId(prefix = 'f') {
	uid += 1;
	return `${prefix}-${uid}`;
}

// Parses "#/path/a/b?x=1" into {parts: ['path','a','b'], query: URLSearchParams}.
export function parseHash(hash) {
	const s = (hash || '').replace(/^#\/?/, '');
	const [path, qs] = s.split('?');
	return {
		parts: path.split('/').filter(Boolean).map(decodeURIComponent),
		query: new URLSearchParams(qs || ''),
	};
}

export function hashFor(parts, query) {
	const p = '#/' + parts.map(encodeURIComponent).join('/');
	const q = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString() : '';
	return q ? `${p}?${q}` : p;
}

// fn called ms after the last call; .cancel() drops a pending call.
export function debounce(fn, ms) {
	let t;
	const d = (...args) => {
		clearTimeout(t);
		t = setTimeout(() => fn(...args), ms);
	};
	d.cancel = () => clearTimeout(t);
	return d;
}
