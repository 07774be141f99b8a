/*
 * app.js -- what every page of the reference host shares: the JSON fetch
 * wrapper (CSRF header on writes, the plugin's error envelope), the session
 * (user, role, CSRF token), the page header (user, role, Sign in / Sign out,
 * the moderators' link), the #status live region, a small DOM builder, code
 * point helpers, date formatting, and the desk's words (statuses, response
 * kinds, ratings) from GET /vocabulary. Page scripts import from here;
 * nothing here writes article text as HTML.
 */

export const ROLES = ['reader', 'editor', 'moderator', 'admin'];

/* May <role> do what <min> may (reader < editor < moderator < admin)? */
export function roleAtLeast(role, min) {
  return ROLES.indexOf(role || 'reader') >= ROLES.indexOf(min);
}

let sessionPromise = null;

/* GET /host/session once per page: {user: {name, role} | null, csrf, time_zone}. */
export function getSession() {
  if (!sessionPromise) {
    sessionPromise = request('/host/session').then((r) =>
      r.ok && r.data && typeof r.data === 'object'
        ? { user: r.data.user || null, csrf: r.data.csrf || null, time_zone: r.data.time_zone || null }
        : { user: null, csrf: null, time_zone: null });
  }
  return sessionPromise;
}

export function userRole(session) {
  return (session && session.user && session.user.role) || 'reader';
}

/*
 * fetch() with JSON in and out. Writes carry X-CSRF-Token. Resolves (never
 * rejects) to {status, ok, data, error}; error is the plugin's
 * {code, message, field} or one made up for network and HTTP failures.
 */
export async function request(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const session = await getSession();
    if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    return { status: 0, ok: false, data: null,
      error: { code: 'network', message: 'The server could not be reached. Check your connection and try again.' } };
  }
  const text = await res.text();
  let data = text;
  if ((res.headers.get('Content-Type') || '').includes('json') && text !== '') {
    try { data = JSON.parse(text); } catch (e) { data = text; }
  }
  let error = null;
  if (!res.ok) {
    error = (data && typeof data === 'object' && data.error) || {};
    error = { code: error.code || 'http_' + res.status, message: error.message || '', field: error.field || null };
    if (!error.message) error.message = defaultMessage(res.status, error.code);
  }
  return { status: res.status, ok: res.ok, data, error };
}

function defaultMessage(status, code) {
  if (code === 'csrf') return 'Your session token is missing or out of date. Reload the page and try again.';
  if (status === 401) return 'Please sign in first.';
  if (status === 403) return 'Your role may not do this.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'The request is too large.';
  if (status >= 500) return 'The server had a problem (' + status + '). Try again later.';
  return 'The request failed (' + status + ').';
}

/* "message (field: said_at)" for the status region and form errors. */
export function errorText(error) {
  if (!error) return '';
  return error.message + (error.field ? ' (field: ' + error.field + ')' : '');
}

/*
 * el('a', {href: '/', class: 'x'}, 'text', child) builds an element; strings
 * become text nodes, null/false children are skipped. Attributes are set
 * with setAttribute, never as HTML.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

/* Code points (what the plugin counts), not UTF-16 units. */
export function codePoints(text) { return Array.from(text || ''); }
export function cpLength(text) { return codePoints(text).length; }

/* The {id} of a page path such as /claims/{id}, percent-decoded. */
export function pathId(prefix) {
  const rest = location.pathname.startsWith(prefix) ? location.pathname.slice(prefix.length) : '';
  try { return decodeURIComponent(rest.replace(/\/+$/, '')); } catch (e) { return rest; }
}

/* Show a message in #status (aria-live); link is {href, text} or null. */
export function setStatus(message, { link = null, kind = 'info' } = {}) {
  const box = document.getElementById('status');
  if (!box) return;
  box.className = 'status status--' + kind;
  box.replaceChildren();
  if (!message && !link) return;
  box.append(message);
  if (link) box.append(' ', el('a', { href: link.href, id: link.id || null }, link.text));
}

export function clearStatus() { setStatus(''); }

/*
 * Show a plugin error in a form: the message in <box> (role=alert), the
 * control named by fieldMap[error.field] (or fallback) marked aria-invalid
 * and focused. error null clears the marks.
 */
export function formError(form, box, error, fieldMap, fallback = null) {
  for (const control of form.elements) control.removeAttribute('aria-invalid');
  box.textContent = error ? errorText(error) : '';
  if (!error || !error.field) return;
  const name = fieldMap[error.field] || fallback;
  const control = name && form.elements.namedItem(name);
  if (control && typeof control.focus === 'function') {
    if (control.type !== 'hidden') control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

const pad = (n) => String(n).padStart(2, '0');

/*
 * A <time> for an RFC 3339 string, shown in the newsroom's time zone (the
 * plugin's time_zone, from GET /host/session; UTC until it is known): "2025-12-03"
 * when it is local midnight (a date the desk entered: the plugin stores a
 * date as the newsroom's midnight, 19:00 UTC the day before in Almaty) or
 * "2025-12-01 10:30 GMT+5" (add seconds with {seconds: true}). The browser's
 * time zone database (Intl) does the conversion.
 */
let newsroomZone = 'UTC';
export function setTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    newsroomZone = zone;
  } catch { /* an unknown zone: keep UTC */ }
}

export function timeEl(iso, { seconds = false } = {}) {
  if (!iso) return el('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return el('time', { datetime: iso }, iso);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en', {
    timeZone: newsroomZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  const date = parts.year + '-' + parts.month + '-' + parts.day;
  const midnight = parts.hour === '00' && parts.minute === '00' && parts.second === '00';
  const zone = parts.timeZoneName === 'GMT' ? 'UTC' : parts.timeZoneName;
  const text = midnight && !seconds ? date
    : date + ' ' + parts.hour + ':' + parts.minute + (seconds ? ':' + parts.second : '') + ' ' + zone;
  return el('time', { datetime: d.toISOString(), title: iso }, text);
}

/* ---- the desk's words: GET /api/claimtrack/vocabulary ---------------------------

   Every label of a status, a response kind and a rating, the statuses a
   review may move a claim to, the verdict flags and the rating colours come
   from the plugin's GET /vocabulary, fetched once per page load (the page
   awaits loadVocabulary() before it draws). Nothing here spells a label: when
   the vocabulary could not be loaded, or does not know a word (an imported
   rating), the key itself is shown. The host's pages are English. */

export const PAGE_LANGUAGE = 'en';

const NO_VOCABULARY = Object.freeze({
  statuses: [], response_kinds: [], event_types: [], roles: [], ratings: [],
});
let vocabulary = NO_VOCABULARY;
let vocabularyPromise = null;

const list = (value) => (Array.isArray(value)
  ? value.filter((item) => item && typeof item === 'object' && typeof item.key === 'string') : []);

/* Resolves to {ok, error}; afterwards the helpers below answer from it. */
export function loadVocabulary() {
  if (!vocabularyPromise) {
    vocabularyPromise = request('/api/claimtrack/vocabulary').then((r) => {
      if (!r.ok || !r.data || typeof r.data !== 'object') {
        return { ok: false, error: r.error || { code: 'invalid_reply', message: 'The reply was not JSON.' } };
      }
      vocabulary = {
        statuses: list(r.data.statuses),
        response_kinds: list(r.data.response_kinds),
        event_types: list(r.data.event_types),
        roles: list(r.data.roles),
        ratings: list(r.data.ratings),
      };
      return { ok: true, error: null };
    });
  }
  return vocabularyPromise;
}

/* Tell the person when the words could not be loaded (keys are shown instead). */
export function vocabularyProblem(result) {
  if (result && !result.ok) {
    setStatus('The desk\'s vocabulary could not be loaded, so statuses, responses and ratings are shown by their keys: '
      + errorText(result.error), { kind: 'error' });
  }
}

export function getVocabulary() { return vocabulary; }

const find = (section, key) => vocabulary[section].find((item) => item.key === key) || null;
export const findStatus = (key) => find('statuses', key);
export const findKind = (key) => find('response_kinds', key);
export const findRating = (key) => find('ratings', key);
export const findEventType = (key) => find('event_types', key);

/* An entry's label in the page's language; its key when it has none. */
export function labelOf(entry) {
  const labels = entry && entry.labels && typeof entry.labels === 'object' ? entry.labels : {};
  const text = labels[PAGE_LANGUAGE];
  return typeof text === 'string' && text !== '' ? text : String(entry ? entry.key : '');
}

export const statusLabel = (key) => (findStatus(key) ? labelOf(findStatus(key)) : String(key ?? ''));
export const kindLabel = (key) => (findKind(key) ? labelOf(findKind(key)) : String(key ?? ''));
export const ratingLabel = (key) => (findRating(key) ? labelOf(findRating(key)) : String(key ?? ''));

/* The statuses a review may move a claim in <key> to, itself first. */
export function allowedStatuses(key) {
  const status = findStatus(key);
  const next = status && Array.isArray(status.next) ? status.next : [];
  return [key, ...next.filter((k) => k !== key)];
}

export const verdictStatuses = () => vocabulary.statuses.filter((s) => s.verdict === true);

/* The scale's active ratings in position order. */
export function activeRatings() {
  return vocabulary.ratings
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.retired !== true)
    .sort((a, b) => (Number(a.r.position) - Number(b.r.position)) || (a.i - b.i))
    .map(({ r }) => r);
}

/* A rating's colour, only when it is a plain #rgb / #rrggbb value. */
export function ratingColour(key) {
  const rating = findRating(key);
  const colour = rating && typeof rating.colour === 'string' ? rating.colour : '';
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour) ? colour : null;
}

export function statusBadge(status) {
  return el('span', { class: 'badge badge--status', 'data-status': status || '' },
    status ? statusLabel(status) : 'unknown');
}

/* The rating's label with a swatch of its colour; "none yet" without one. */
export function ratingBadge(key) {
  if (!key) return el('span', { class: 'muted' }, 'none yet');
  const swatch = el('span', { class: 'rating-swatch', 'aria-hidden': 'true' });
  const colour = ratingColour(key);
  if (colour) swatch.style.setProperty('--rating-colour', colour);
  const rating = findRating(key);
  return el('span', { class: 'rating', 'data-rating': key },
    swatch, ratingLabel(key),
    !rating ? el('span', { class: 'muted' }, ' (not on the desk\'s scale)')
      : rating.retired === true ? el('span', { class: 'muted' }, ' (retired)') : null);
}

/*
 * Fill the header: #user (name and role), #signout or #signin, and the
 * review queue link for moderators and admins. Resolves to the session.
 */
export async function initPage() {
  const session = await getSession();
  if (session.time_zone) setTimeZone(session.time_zone);
  const user = session.user;
  const userBox = document.getElementById('user');
  const signout = document.getElementById('signout');
  const signin = document.getElementById('signin');
  const queueLink = document.getElementById('nav-queue');

  if (user) {
    userBox.replaceChildren(
      el('span', { class: 'visually-hidden' }, 'Signed in as '),
      el('span', { class: 'user-name' }, user.name),
      ' ',
      el('span', { class: 'badge badge--role', 'data-role': user.role }, user.role));
    userBox.hidden = false;
    signout.hidden = false;
    signin.hidden = true;
    signout.addEventListener('click', signOut);
  } else {
    userBox.replaceChildren();
    userBox.hidden = true;
    signout.hidden = true;
    signin.hidden = false;
    if (location.pathname !== '/login') {
      signin.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    }
  }
  if (queueLink) queueLink.hidden = !roleAtLeast(userRole(session), 'moderator');
  return session;
}

async function signOut(event) {
  const button = event.currentTarget;
  button.disabled = true;
  const res = await request('/logout', { method: 'POST' });
  if (res.ok) {
    location.reload();
    return;
  }
  button.disabled = false;
  setStatus('Could not sign out: ' + errorText(res.error), { kind: 'error' });
}
