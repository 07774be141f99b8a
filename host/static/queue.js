/*
 * queue.js -- the review queue, /queue (moderators and admins). Owns:
 * GET /api/claimtrack/review-queue and the #queue-list, oldest first as the
 * plugin sends it: each claim links to /claims/{id} with its status, text,
 * claimant, when it was recorded, and an "orphaned mention" badge.
 */
import {
  initPage, request, el, codePoints, setStatus, errorText, timeEl, statusBadge,
} from '/static/app.js';

const list = document.getElementById('queue-list');
const MAX_TEXT = 280; /* code points of claim text shown per item */

main();

async function main() {
  const session = await initPage();
  const res = await request('/api/claimtrack/review-queue');
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
      orphaned ? [' ', el('span', { class: 'badge badge--orphaned' }, 'orphaned mention')] : null),
    el('blockquote', { class: 'queue-item__text', lang: c.language || null },
      text.length > MAX_TEXT ? text.slice(0, MAX_TEXT).join('') + '…' : c.text),
    el('p', { class: 'queue-item__meta' },
      'Claimant: ', el('span', { lang: c.language || null }, claimant.name || '—'),
      claimant.role ? [', ', el('span', { lang: c.language || null }, claimant.role)] : null,
      ' · recorded ', timeEl(c.created_at),
      ' · said ', timeEl(c.said_at)));
}
