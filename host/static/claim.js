/*
 * claim.js -- the claim page, /claims/{id}. Owns: loading the claim and its
 * timeline from the plugin; drawing the claim with its responses and
 * mentions, and the whole timeline as #timeline-table (world time, record
 * time, actor, event, details); the "Add response" form (editors and up)
 * and the "Review" form (moderators and admins). A review carries the
 * version the page loaded; a 409 is never retried or overwritten but shown
 * in a .conflict panel with the newer state and a button to load it.
 * Every status, response kind and rating is shown by its label from
 * GET /vocabulary (app.js): the kinds a response may have, the review's
 * status <select> (every status listed, the ones a review may not move the
 * claim to disabled) and its rating <select> (the scale's active ratings in
 * position order, plus the claim's own rating when it is retired or not on
 * the scale, which a review may keep).
 */
import {
  initPage, request, roleAtLeast, userRole, el, pathId, setStatus, errorText,
  formError, timeEl, statusBadge, ratingBadge, loadVocabulary, vocabularyProblem,
  getVocabulary, findStatus, findRating, findEventType, labelOf, statusLabel, kindLabel,
  ratingLabel, allowedStatuses, verdictStatuses, activeRatings,
} from '/static/app.js';

const claimId = pathId('/claims/');
const base = '/api/claimtrack/claims/' + encodeURIComponent(claimId);
const titleEl = document.getElementById('claim-title');
const claimEl = document.getElementById('claim');
const timelineEl = document.getElementById('timeline');
const toolsEl = document.getElementById('editor-tools');

let claim = null;
let responseForm = null;
let reviewForm = null;

main();

async function main() {
  const [session, words] = await Promise.all([initPage(), loadVocabulary()]);
  const role = userRole(session);
  if (roleAtLeast(role, 'editor')) {
    responseForm = mount('response-template', 'response-form', submitResponse);
    fillKindOptions();
  }
  if (roleAtLeast(role, 'moderator')) {
    reviewForm = mount('review-template', 'review-form', submitReview);
    describeVerdicts();
  }
  const ok = await loadClaim();
  vocabularyProblem(words);
  if (ok && reviewForm) fillReviewForm(claim, false);
  else if (!ok) toolsEl.hidden = true;
  if (!ok && !session.user) {
    setStatus('Unpublished claims are for the desk.', {
      kind: 'error', link: { href: '/login?next=' + encodeURIComponent(location.pathname), text: 'Sign in' },
    });
  }
}

function mount(templateId, formId, onSubmit) {
  toolsEl.append(document.getElementById(templateId).content.cloneNode(true));
  const form = document.getElementById(formId);
  form.addEventListener('submit', onSubmit);
  form.addEventListener('input', (e) => e.target.removeAttribute('aria-invalid'));
  return form;
}

/* GET the claim and its timeline and draw both; false when the claim failed. */
async function loadClaim() {
  const [c, t] = await Promise.all([request(base), request(base + '/timeline')]);
  if (!c.ok || !c.data || typeof c.data !== 'object') {
    titleEl.textContent = c.status === 404 ? 'Claim not found' : 'The claim could not be loaded';
    claimEl.removeAttribute('aria-busy');
    claimEl.replaceChildren(el('p', {}, errorText(c.error)));
    timelineEl.replaceChildren();
    return false;
  }
  claim = c.data;
  renderClaim();
  if (t.ok && t.data && Array.isArray(t.data.events)) renderTimeline(t.data.events);
  else timelineEl.replaceChildren(el('p', { class: 'form-error' }, 'The timeline could not be loaded: ' + errorText(t.error)));
  return true;
}

async function reloadTimeline() {
  const t = await request(base + '/timeline');
  if (t.ok && t.data && Array.isArray(t.data.events)) renderTimeline(t.data.events);
}

/* ---- drawing ---------------------------------------------------------------- */

function fact(label, value, id) {
  return [el('dt', {}, label), el('dd', { id: id || null }, value)];
}

function person(p, lang) {
  if (!p) return '—';
  return [el('span', { lang }, p.name || '—'), p.role ? [', ', el('span', { lang }, p.role)] : null];
}

function renderClaim() {
  const c = claim;
  const lang = c.language || null;
  document.title = 'Claim #' + c.id + ' — Qazaq Newsroom (claimtrack demo)';
  titleEl.textContent = 'Claim #' + c.id;
  claimEl.removeAttribute('aria-busy');
  claimEl.replaceChildren(
    el('blockquote', { class: 'claim-text', lang }, el('p', { id: 'claim-text' }, c.text)),
    el('dl', { class: 'facts' },
      fact('Claimant', person(c.claimant, lang), 'claim-claimant'),
      fact('Said on', timeEl(c.said_at), 'claim-said-at'),
      fact('Venue', c.venue ? el('span', { lang }, c.venue) : '—', 'claim-venue'),
      fact('Language', c.language || '—'),
      fact('Status', statusBadge(c.status), 'claim-status'),
      fact('Rating', ratingBadge(c.rating), 'claim-rating'),
      fact('Published', c.published ? ['Yes', c.published_at ? [', since ', timeEl(c.published_at)] : null] : 'No', 'claim-published'),
      fact('Version', String(c.version), 'claim-version'),
      fact('Recorded', [timeEl(c.created_at, { seconds: true }), c.created_by ? ' by ' + c.created_by : null]),
      fact('Readers\' last update', timeEl(c.updated_at, { seconds: true })),
      c.source_url ? fact('Source', el('a', { href: c.source_url, rel: 'nofollow noopener' }, c.source_url)) : null),
    el('section', { class: 'claim-part', 'aria-labelledby': 'responses-heading' },
      el('h2', { id: 'responses-heading' }, 'Responses'),
      renderResponses(c.responses || [])),
    el('section', { class: 'claim-part', 'aria-labelledby': 'mentions-heading' },
      el('h2', { id: 'mentions-heading' }, 'Mentions in articles'),
      renderMentions(c.mentions || [])),
    el('section', { class: 'claim-part', 'aria-labelledby': 'evidence-heading' },
      el('h2', { id: 'evidence-heading' }, 'Archived sources'),
      renderEvidence(c.evidence || [])));
}

/* The plugin's snapshots of the claim's and responses' source URLs. */
function renderEvidence(evidence) {
  if (!evidence.length) return el('p', { class: 'muted' }, 'No source URL to archive.');
  return el('ul', { id: 'evidence', class: 'evidence' }, evidence.map((v) => el('li',
    { class: 'evidence__item', 'data-status': v.status },
    el('span', { class: 'badge badge--' + (v.status === 'failed' ? 'orphaned' : 'kind') }, v.status), ' ',
    el('a', { href: v.url, rel: 'nofollow noopener' }, v.title || v.url),
    v.status === 'archived'
      ? el('span', { class: 'muted' }, ' · HTTP ', String(v.http_status), ' · ', String(v.size), ' bytes',
          v.truncated ? ' (cut at the size cap)' : '', ' · fetched ', timeEl(v.fetched_at), ' · ',
          el('a', { href: '/api/claimtrack/evidence/' + v.id }, 'archived copy'),
          el('code', { class: 'evidence__hash', title: 'SHA-256' }, ' ' + (v.sha256 || '').slice(0, 12)))
      : el('span', { class: 'muted' }, ' · attempts ', String(v.attempts),
          v.error ? [' · ', el('span', { class: 'evidence__error' }, v.error)] : null))));
}

function renderResponses(responses) {
  if (!responses.length) return el('p', { class: 'muted' }, 'No response yet.');
  return el('ol', { id: 'responses', class: 'responses' }, responses.map((r) => el('li', { class: 'response', 'data-kind': r.kind },
    el('p', { class: 'response__what' },
      el('span', { class: 'badge badge--kind', 'data-kind': r.kind }, kindLabel(r.kind)), ' ', person(r.by), ', ', timeEl(r.issued_at)),
    r.summary ? el('p', { class: 'response__summary' }, r.summary) : null,
    r.url ? el('p', {}, el('a', { href: r.url, rel: 'nofollow noopener' }, 'Source: ' + r.url)) : null)));
}

function renderMentions(mentions) {
  if (!mentions.length) return el('p', { class: 'muted' }, 'Not tagged in any article.');
  return el('ul', { id: 'mentions', class: 'mentions' }, mentions.map((m) => {
    const href = '/articles/' + encodeURIComponent(m.article_id);
    const where = m.position ? 'code points ' + m.position.start + '–' + m.position.end : null;
    return el('li', { class: 'mention' },
      el('a', { href }, m.article_id),
      m.orphaned ? [' ', el('span', { class: 'badge badge--orphaned' }, 'orphaned mention')] : null,
      m.quote && m.quote.exact ? el('q', { class: 'mention__quote' }, m.quote.exact) : null,
      el('span', { class: 'mention__meta muted' },
        where, where && !m.orphaned ? ' · ' : null,
        m.orphaned ? null : el('a', { href: href + '#mention-' + m.id }, 'go to the passage')));
  }));
}

const COLUMNS = ['World time', 'Record time', 'Actor', 'Event', 'Details'];

function renderTimeline(events) {
  const cell = (i, content, cls) => el('td', { 'data-label': COLUMNS[i], class: cls || null }, content);
  const rows = events.map((ev) => el('tr', { 'data-type': ev.type },
    cell(0, timeEl(ev.occurred_at)),
    cell(1, timeEl(ev.recorded_at, { seconds: true })),
    cell(2, ev.actor ? (ev.actor.id || '—') + ' (' + (ev.actor.role || '—') + ')' : el('span', { class: 'muted' }, 'not shown')),
    cell(3, eventType(ev.type)),
    cell(4, summarize(ev.type, ev.payload), 'details')));
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 5 }, 'No events.')));
  timelineEl.replaceChildren(el('table', { id: 'timeline-table', class: 'timeline-table' },
    el('caption', { class: 'visually-hidden' }, 'Timeline of claim #' + claim.id + ', in world order'),
    el('thead', {}, el('tr', {}, COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows)));
}

/* The event's type, its meaning from the vocabulary as a tooltip. */
function eventType(type) {
  const known = findEventType(type);
  return el('code', { class: 'event-type', title: known && typeof known.meaning === 'string' ? known.meaning : null }, type);
}

/* How a payload value is shown: statuses, kinds and ratings by their labels. */
const PAYLOAD_WORDS = { status: statusLabel, kind: kindLabel, rating: ratingLabel };
const CHANGE_WORDS = { status_changed: statusLabel, rating_changed: ratingLabel };

/* A payload as lines: "from → to" first, then "key: value". */
function summarize(type, payload) {
  if (!payload || typeof payload !== 'object') return '';
  const lines = [];
  const word = CHANGE_WORDS[type] || String;
  const side = (value) => (value === null || value === undefined ? '(none)'
    : typeof value === 'string' ? word(value) : String(value));
  if ('from' in payload || 'to' in payload) lines.push(side(payload.from) + ' → ' + side(payload.to));
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'from' || key === 'to') continue;
    const shown = value !== null && typeof value === 'object' ? JSON.stringify(value)
      : typeof value === 'string' && PAYLOAD_WORDS[key] ? PAYLOAD_WORDS[key](value) : String(value);
    lines.push(key + ': ' + shown);
  }
  return lines.map((line) => el('span', { class: 'details__line' }, line));
}

/* ---- add a response (editors and up) ------------------------------------------ */

const RESPONSE_FIELDS = {
  kind: 'kind', 'by.name': 'by_name', 'by.role': 'by_role', issued_at: 'issued_at',
  summary: 'summary', url: 'url',
};

/* The kinds a response may have, in the vocabulary's order. */
function fillKindOptions() {
  const select = responseForm.elements.namedItem('kind');
  select.replaceChildren(...getVocabulary().response_kinds.map((k) => el('option', { value: k.key }, labelOf(k))));
}

async function submitResponse(event) {
  event.preventDefault();
  const form = responseForm;
  const value = (name) => form.elements.namedItem(name).value.trim();
  const body = {
    kind: value('kind'),
    by: { name: value('by_name') },
    issued_at: value('issued_at'),
    summary: value('summary'),
  };
  if (value('by_role')) body.by.role = value('by_role');
  if (value('url')) body.url = value('url');

  const res = await busy(form, 'response-submit', () => request(base + '/responses', { method: 'POST', body }));
  const errorBox = document.getElementById('response-error');
  if (!res.ok) {
    formError(form, errorBox, res.error, RESPONSE_FIELDS);
    setStatus('The response was not added: ' + errorText(res.error), { kind: 'error' });
    return;
  }
  formError(form, errorBox, null, RESPONSE_FIELDS);
  form.reset();
  /* the version went up by our own response only: a review being prepared
     here may go on; any other change is left for the review to catch (409) */
  const expected = reviewForm && reviewForm.elements.namedItem('expected_version');
  if (expected && Number(expected.value) + 1 === res.data.version) expected.value = res.data.version;
  claim = res.data;
  renderClaim();
  await reloadTimeline();
  setStatus('Response added; the claim is now at version ' + claim.version + '.', { kind: 'success' });
}

/* ---- review (moderators and admins) ------------------------------------------- */

const REVIEW_FIELDS = {
  status: 'status', rating: 'rating', note: 'note', publish: 'publish', expected_version: 'status',
};

function fillReviewForm(c, keepNote) {
  const f = reviewForm.elements;
  fillStatusOptions(f.namedItem('status'), c.status);
  fillRatingOptions(f.namedItem('rating'), c.rating);
  f.namedItem('publish').checked = Boolean(c.published);
  f.namedItem('expected_version').value = c.version;
  if (!keepNote) f.namedItem('note').value = '';
}

/*
 * Every status of the vocabulary, in its order; the ones a review may not
 * move the claim to from <current> are listed but disabled. A status the
 * vocabulary does not know (it could not be loaded) is added as its key.
 */
function fillStatusOptions(select, current) {
  const allowed = new Set(allowedStatuses(current));
  const statuses = getVocabulary().statuses.map((s) => s.key);
  if (current && !statuses.includes(current)) statuses.unshift(current);
  select.replaceChildren(...statuses.map((key) => el('option',
    { value: key, disabled: !allowed.has(key) }, statusLabel(key))));
  select.value = current;
  select.dataset.current = current;
  describeStatus();
}

/* "From <current>, a review may move the claim to: <its next statuses>." */
function describeStatus() {
  const current = reviewForm.elements.namedItem('status').dataset.current;
  const next = allowedStatuses(current).filter((key) => key !== current).map(statusLabel);
  const hint = document.getElementById('review-status-hint');
  if (!findStatus(current)) hint.textContent = '';
  else if (!next.length) hint.textContent = 'A review cannot move the claim from ' + statusLabel(current) + ' to another status.';
  else {
    hint.textContent = 'From ' + statusLabel(current) + ', a review may move the claim to: ' + next.join(', ')
      + '. The other statuses are listed but cannot be chosen.';
  }
}

/* The verdict statuses, from the vocabulary's verdict flags. */
function describeVerdicts() {
  const verdicts = verdictStatuses().map(labelOf);
  document.getElementById('review-publish-hint').textContent = 'Only a verdict'
    + (verdicts.length ? ' (' + verdicts.join(', ') + ')' : '')
    + ' with a rating can be published. Unticking withdraws a published verdict.';
}

/*
 * The scale's active ratings in position order. The claim's own rating is
 * kept selectable, first, when it is retired or not on the scale (another
 * fact-checker's word); without a rating, a first empty choice sends none.
 */
function fillRatingOptions(select, current) {
  const active = activeRatings();
  const options = [];
  if (!current) {
    options.push(el('option', { value: '' }, 'No rating yet'));
  } else if (!active.some((r) => r.key === current)) {
    const known = findRating(current);
    options.push(el('option', { value: current, 'data-kept': 'yes' }, ratingLabel(current)
      + (known ? ' (retired, kept)' : ' (off the scale, kept)')));
  }
  options.push(...active.map((r) => el('option', { value: r.key }, labelOf(r))));
  select.replaceChildren(...options);
  select.value = current || '';
}

async function submitReview(event) {
  event.preventDefault();
  const f = reviewForm.elements;
  const value = (name) => f.namedItem(name).value.trim();
  const body = {
    expected_version: Number(value('expected_version')),
    status: value('status'),
    publish: f.namedItem('publish').checked,
  };
  if (value('rating')) body.rating = value('rating');
  if (value('note')) body.note = value('note');

  const res = await busy(reviewForm, 'review-submit', () => request(base + '/review', { method: 'POST', body }));
  const errorBox = document.getElementById('review-error');
  if (res.status === 409) {
    formError(reviewForm, errorBox, null, REVIEW_FIELDS);
    setStatus('The review was not saved: the claim changed since this page loaded it.', { kind: 'error' });
    await showConflict(body.expected_version, res.error);
    return;
  }
  if (!res.ok) {
    formError(reviewForm, errorBox, res.error, REVIEW_FIELDS);
    setStatus('The review was not saved: ' + errorText(res.error), { kind: 'error' });
    return;
  }
  formError(reviewForm, errorBox, null, REVIEW_FIELDS);
  document.getElementById('review-conflict-slot').replaceChildren();
  claim = res.data;
  renderClaim();
  fillReviewForm(claim, false);
  await reloadTimeline();
  setStatus('Review saved: ' + statusLabel(claim.status) + (claim.rating ? ', rated ' + ratingLabel(claim.rating) : '')
    + (claim.published ? ', published' : ', not published') + ' (version ' + claim.version + ').', { kind: 'success' });
}

/* Someone else changed the claim: show its newer state, change nothing. */
async function showConflict(sentVersion, error) {
  const fresh = await request(base);
  const newer = fresh.ok && fresh.data && typeof fresh.data === 'object' ? fresh.data : null;
  const panel = el('div', { id: 'review-conflict', class: 'conflict', role: 'alert' },
    el('h3', {}, 'Someone else changed this claim'),
    el('p', {}, 'Your review was not saved. You prepared it on version ' + sentVersion
      + ', and the claim has changed since then. Nothing was overwritten.'),
    error && error.message ? el('p', { class: 'muted' }, error.message) : null,
    newer
      ? [el('p', {}, 'The claim now stands at:'),
        el('dl', { class: 'facts facts--compact' },
          fact('Status', statusBadge(newer.status), 'conflict-status'),
          fact('Rating', ratingBadge(newer.rating), 'conflict-rating'),
          fact('Published', newer.published ? 'Yes' : 'No', 'conflict-published'),
          fact('Version', String(newer.version), 'conflict-version')),
        el('p', {}, 'Load it to see what changed (responses and timeline), then review again. Your note stays in the form.')]
      : el('p', {}, 'The newer version could not be loaded: ' + errorText(fresh.error)));
  const button = el('button', { id: 'conflict-load', class: 'button button--primary', type: 'button' },
    'Load the newer version into the form');
  button.addEventListener('click', loadNewer);
  panel.append(el('div', { class: 'actions' }, button));
  document.getElementById('review-conflict-slot').replaceChildren(panel);
  button.focus();
}

async function loadNewer() {
  const ok = await loadClaim();
  if (!ok) {
    setStatus('The newer version could not be loaded; try again.', { kind: 'error' });
    return;
  }
  fillReviewForm(claim, true);
  document.getElementById('review-conflict-slot').replaceChildren();
  setStatus('Loaded version ' + claim.version + ' into the review form. Check it, then save your review again.');
  reviewForm.elements.namedItem('status').focus();
}

/* Run a request with the form's submit button disabled and aria-busy set. */
async function busy(form, submitId, run) {
  const submit = document.getElementById(submitId);
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await run();
  } finally {
    submit.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
