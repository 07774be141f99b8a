/*
 * queue.js -- the review queue, /queue (moderators and admins). Owns:
 * GET /api/claimtrack/review-queue and the #queue-list, oldest first as the
 * plugin sends it: each claim links to /claims/{id} with its status, text,
 * claimant, when it was recorded, an "orphaned mention" badge and one for a
 * verdict its fact-checker changed (review_requested_at). Also
 * what went wrong on the way out: sources that could not be archived
 * (GET /evidence?status=failed) and webhook deliveries that were given up
 * on (GET /deliveries?status=dead), each dead one with a Redeliver button.
 * For admins, the webhook subscriptions (GET /subscriptions): each one's
 * destination, events, whether it is active or may post to a private
 * address, its pending, delivered and dead deliveries, its last delivery
 * and its last error. Statuses are labelled from GET /vocabulary.
 */
import {
  initPage, request, el, codePoints, setStatus, errorText, timeEl, statusBadge,
  loadVocabulary, vocabularyProblem,
} from '/static/app.js';

const list = document.getElementById('queue-list');
const MAX_TEXT = 280; /* code points of claim text shown per item */

main();

async function main() {
  const [session, words, res] = await Promise.all([
    initPage(), loadVocabulary(), request('/api/claimtrack/review-queue')]);
  list.removeAttribute('aria-busy');
  if (!res.ok) {
    if (res.status === 403 && !session.user) {
      setStatus('The review queue is for moderators.', {
        kind: 'error', link: { href: '/login?next=%2Fqueue', text: 'Sign in' },
      });
    } else if (res.status === 403) {
      setStatus('The review queue is for moderators and admins; you are signed in as '
        + session.user.role + '.', { kind: 'error' });
    } else {
      setStatus('The queue could not be loaded: ' + errorText(res.error), { kind: 'error' });
    }
    return;
  }
  const claims = Array.isArray(res.data) ? res.data : (res.data && res.data.claims) || [];
  list.replaceChildren(...claims.map(item));
  if (!claims.length) list.after(el('p', { class: 'notice-box' }, 'Nothing waits for review.'));
  else setStatus(claims.length === 1 ? '1 claim waits for review.' : claims.length + ' claims wait for review.');
  vocabularyProblem(words);
  await outboundProblems();
  if (session.user && session.user.role === 'admin') await subscriptionsPanel();
  document.body.dataset.ready = 'true';
}

/* The webhook subscriptions and what their receivers did (admins only). */
async function subscriptionsPanel() {
  const res = await request('/api/claimtrack/subscriptions');
  const section = el('section', { class: 'claim-part', 'aria-labelledby': 'subscriptions-heading' },
    el('h2', { id: 'subscriptions-heading' }, 'Webhook subscriptions'));
  document.getElementById('main').append(section);
  if (!res.ok) {
    section.append(el('p', { class: 'evidence__error' }, 'Could not load them: ' + errorText(res.error)));
    return;
  }
  const subs = res.data.subscriptions || [];
  if (!subs.length) {
    section.append(el('p', { class: 'muted' }, 'None.'));
    return;
  }
  section.append(el('table', { id: 'subscriptions', class: 'subscriptions' },
    el('thead', {}, el('tr', {}, ['Destination', 'Events', 'State', 'Pending', 'Delivered', 'Dead',
                                  'Last delivery', 'Last error'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, subs.map((s) => el('tr', { 'data-subscription-id': s.id },
      el('td', {}, el('code', {}, s.url), s.description ? [el('br'), s.description] : null),
      el('td', {}, s.events.join(', ')),
      el('td', {}, (s.active ? 'active' : 'inactive') + (s.allow_private ? ', private address allowed' : '')
                   + (s.legacy ? ', from the configuration' : '')),
      el('td', { class: 'subscriptions__pending' }, String(s.deliveries.pending)),
      el('td', { class: 'subscriptions__delivered' }, String(s.deliveries.delivered)),
      el('td', { class: 'subscriptions__dead' }, String(s.deliveries.dead)),
      el('td', {}, s.last_delivery_at ? timeEl(s.last_delivery_at) : '—'),
      el('td', { class: 'subscriptions__error' },
         s.last_error ? [el('span', { class: 'evidence__error' }, s.last_error), ' ', timeEl(s.last_error_at)] : '—'))))));
}

/* Failed archives and dead webhook deliveries, below the queue. */
async function outboundProblems() {
  const [failed, dead] = await Promise.all([
    request('/api/claimtrack/evidence?status=failed'),
    request('/api/claimtrack/deliveries?status=dead'),
  ]);
  const main = document.getElementById('main');
  const evidence = failed.ok ? failed.data.evidence : [];
  const deliveries = dead.ok ? dead.data.deliveries : [];
  main.append(
    el('section', { class: 'claim-part', 'aria-labelledby': 'failed-heading' },
      el('h2', { id: 'failed-heading' }, 'Sources that could not be archived'),
      evidence.length
        ? el('ul', { id: 'failed-evidence' }, evidence.map((v) => el('li', {},
            el('a', { href: '/claims/' + v.claim_id }, 'Claim #' + v.claim_id), ': ',
            el('a', { href: v.url, rel: 'nofollow noopener' }, v.url), ' · ',
            el('span', { class: 'evidence__error' }, v.error || 'failed'))))
        : el('p', { class: 'muted' }, 'None.')),
    el('section', { class: 'claim-part', 'aria-labelledby': 'dead-heading' },
      el('h2', { id: 'dead-heading' }, 'Webhook deliveries given up on'),
      deliveries.length
        ? el('ul', { id: 'dead-deliveries' }, deliveries.map(deadItem))
        : el('p', { class: 'muted' }, 'None.')));
}

function deadItem(d) {
  const button = el('button', { class: 'button button--quiet', type: 'button' }, 'Redeliver');
  const li = el('li', { 'data-delivery-id': d.id },
    d.type, ' (', d.event_id, ') for ', el('a', { href: '/claims/' + d.claim_id }, 'claim #' + d.claim_id),
    ' to ', el('code', {}, d.url), ' · ', String(d.attempts), ' attempts · ',
    el('span', { class: 'evidence__error' }, d.last_error || ''), ' ', button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const res = await request('/api/claimtrack/deliveries/' + d.id + '/redeliver', { method: 'POST', body: {} });
    if (res.ok) {
      li.replaceChildren(d.type + ' (' + d.event_id + ') queued again.');
      setStatus('Delivery ' + d.event_id + ' queued again.');
    } else {
      button.disabled = false;
      setStatus('Could not redeliver: ' + errorText(res.error), { kind: 'error' });
    }
  });
  return li;
}

function item(c) {
  const text = codePoints(c.text);
  const orphaned = (c.mentions || []).some((m) => m.orphaned);
  const claimant = c.claimant || {};
  return el('li', { class: 'queue-item', 'data-claim-id': c.id },
    el('h2', { class: 'queue-item__title' },
      el('a', { href: '/claims/' + encodeURIComponent(c.id) }, 'Claim #' + c.id)),
    el('p', { class: 'queue-item__badges' },
      statusBadge(c.status),
      orphaned ? [' ', el('span', { class: 'badge badge--orphaned' }, 'orphaned mention')] : null,
      c.review_requested_at
        ? [' ', el('span', { class: 'badge badge--orphaned' }, 'verdict changed by the fact-checker')] : null),
    el('blockquote', { class: 'queue-item__text', lang: c.language || null },
      text.length > MAX_TEXT ? text.slice(0, MAX_TEXT).join('') + '…' : c.text),
    el('p', { class: 'queue-item__meta' },
      'Claimant: ', el('span', { lang: c.language || null }, claimant.name || '—'),
      claimant.role ? [', ', el('span', { lang: c.language || null }, claimant.role)] : null,
      ' · recorded ', timeEl(c.created_at),
      ' · said ', timeEl(c.said_at)));
}
