// api.js — calls of the HTTP API (docs/http-api.md).  The session is the
// HttpOnly cookie; the CSRF token from /api/login is kept in
// sessionStorage and sent on every write.

const CSRF_KEY = 'mais.csrf';
const USER_KEY = 'mais.user';

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || '';
		this.field = e.field || '';
		this.body = body;
	}
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
	onUnauthorized = fn;
}

export function csrfToken() {
	return sessionStorage.getItem(CSRF_KEY) || '';
}

export function currentUser() {
	try {
		return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
	} catch {
		return null;
	}
}

export function setSession(user, csrf) {
	if (user) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
	else sessionStorage.removeItem(USER_KEY);
	if (csrf !== undefined) {
		if (csrf) sessionStorage.setItem(CSRF_KEY, csrf);
		else sessionStorage.removeItem(CSRF_KEY);
	}
}

async function parse(r) {
	if (r.status === 204) return null;
	const type = r.headers.get('Content-Type') || '';
	if (type.includes('json')) return r.json();
	const text = await r.text();
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

// api('GET', '/api/records/hazard', null, {q: 'x'}) → parsed JSON; throws
// ApiError on a non-2xx answer (401 also calls the unauthorized handler).
export async function api(method, path, body, query) {
	let url = path;
	if (query) {
		const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
		if (qs) url += (url.includes('?') ? '&' : '?') + qs;
	}
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin' };
	if (method !== 'GET' && method !== 'HEAD') {
		const token = csrfToken();
		if (token) headers['X-CSRF-Token'] = token;
		if (body !== undefined && body !== null) {
			headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
	}
	let r;
	try {
		r = await fetch(url, init);
	} catch (e) {
		throw new ApiError(0, { error: { message: `network: ${e.message}`, code: 'network' } });
	}
	const data = await parse(r).catch(() => null);
	if (!r.ok) {
		const err = new ApiError(r.status, typeof data === 'object' ? data : null);
		if (r.status === 401 && path !== '/api/login' && path !== '/api/password') onUnauthorized(err);
		throw err;
	}
	return data;
}

// Upload with progress (fetch has none): onProgress(fraction or null when
// the upload is done and the server is working).
export function upload(path, formData, onProgress) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', path);
		xhr.setRequestHeader('Accept', 'application/json');
		const token = csrfToken();
		if (token) xhr.setRequestHeader('X-CSRF-Token', token);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) onProgress(e.loaded / e.total);
		};
		xhr.upload.onload = () => onProgress(null);
		xhr.onerror = () => reject(new ApiError(0, { error: { message: 'network error', code: 'network' } }));
		xhr.onload = () => {
			let data = null;
			try {
				data = JSON.parse(xhr.responseText);
			} catch {
				data = null;
			}
			if (xhr.status >= 200 && xhr.status < 300) resolve(data);
			else {
				const err = new ApiError(xhr.status, data);
				if (xhr.status === 401) onUnauthorized(err);
				reject(err);
			}
		};
		xhr.send(formData);
	});
}
