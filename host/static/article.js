/*
 * article.js -- the article page, /articles/{id}, for editors: the server
 * renders it for everyone (host/page.c, by the same rules as below), and
 * this script redraws it for editors and up. Owns: loading
 * GET /host/articles/{id}; drawing the title and paragraphs as text (never
 * as HTML); wrapping exactly the span of each anchored passage in
 * <mark class="ct-highlight"> linked to its notice (one <mark> per
 * paragraph a passage touches); putting the plugin's notices_html (escaped
 * by the plugin) into the #notices column, except the notices of claims
 * the article no longer repeats (every mention orphaned), which go to the
 * foot of the article, #article-foot; and, for editors and up only,
 * tagging a selected passage as a disputed claim (POST
 * /api/claimtrack/claims). Offsets are Unicode code points into the whole
 * article text. Editors see the statuses of claims readers do not see yet,
 * labelled from GET /vocabulary (loaded for editors only: readers' notices
 * come written by the plugin), and the passages a scan of the article's
 * text found to repeat a known claim (GET /api/claimtrack/articles/{id}/
 * suggestions; the host scans on every save), each with its passage
 * highlighted in its context and Confirm / Dismiss.
 */
import {
  initPage, request, roleAtLeast, userRole, el, codePoints, cpLength, pathId,
  setStatus, errorText, formError, statusBadge, statusLabel, loadVocabulary, vocabularyProblem,
} from '/static/app.js';

const CONTEXT = 32; /* code points of prefix and suffix sent with a quote */

const articleId = pathId('/articles/');
const titleEl = document.getElementById('article-title');
const bodyEl = document.getElementById('article-body');
const noticesEl = document.getElementById('notices');
const footEl = document.getElementById('article-foot');

let article = null;   /* the host's article */
let textCps = [];     /* its text as code points */
let isEditor = false;
let ui = null;        /* editors' controls, from #editor-template */
let pending = null;   /* the passage being tagged: {para, start, end, exact, prefix, suffix} */
let hideTimer = 0;

main();

async function main() {
  const session = await initPage();
  isEditor = roleAtLeast(userRole(session), 'editor');
  /* The server sent the article, its highlights and notices (host/page.c):
     readers need nothing more. Editors get the page redrawn with the claims
     readers do not see yet, and the tagging tools. */
  if (!isEditor && document.body.dataset.rendered === 'server') {
    document.body.dataset.ready = 'true';
    return;
  }
  if (isEditor) setUpTagging();
  const words = isEditor ? await loadVocabulary() : null;
  await load();
  if (isEditor) await loadSuggestions();
  vocabularyProblem(words);
  document.body.dataset.ready = 'true';   /* the page is as this person sees it */
}

async function load() {
  if (!articleId) {
    titleEl.textContent = 'No article given';
    return;
  }
  const res = await request('/host/articles/' + encodeURIComponent(articleId));
  if (!res.ok || !res.data || typeof res.data !== 'object') {
    titleEl.textContent = res.status === 404 ? 'Article not found' : 'The article could not be loaded';
    setStatus(errorText(res.error), { kind: 'error' });
    return;
  }
  article = res.data;
  render();
}

function render() {
  textCps = codePoints(article.text);
  document.documentElement.lang = article.language || '';
  document.title = article.title + ' — Qazaq Newsroom (claimtrack demo)';
  titleEl.textContent = article.title;

  /* notices first: a passage links to its notice only when there is one */
  noticesEl.innerHTML = article.notices_html || ''; /* the plugin escapes every string */
  const atFoot = placeOrphanedNotices();
  if (!noticesEl.querySelector('.ct-notice')) {
    noticesEl.append(atFoot
      ? el('p', { class: 'notices-empty', lang: 'en' },
        'The fact checks of passages no longer in this article are ',
        el('a', { href: '#article-foot' }, 'at its end'), '.')
      : el('p', { class: 'notices-empty', lang: 'en' },
        'No published fact checks for this article yet.'));
  }

  const anchors = drawnAnchors();
  const paragraphs = article.paragraphs || [{ start: 0, text: article.text || '' }];
  const seen = new Set();
  bodyEl.replaceChildren(...paragraphs.map((p, i) => renderParagraph(p,
    i + 1 < paragraphs.length ? Number(paragraphs[i + 1].start) : textCps.length, anchors, seen)));
  addNoticeLinks(anchors);
  if (isEditor) {
    renderAwaiting();
    hideToolbar();
  }
  if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }
  document.body.dataset.rendered = 'script';
}

/* The host's anchor reply says "orphaned" in status; start and end are null then. */
function isOrphaned(anchor) {
  return anchor.status === 'orphaned' || anchor.orphaned === true
    || !Number.isInteger(anchor.start) || !Number.isInteger(anchor.end);
}

/* The claim id of a plugin notice section, from its heading's id. */
function noticeClaimId(section) {
  const heading = section.querySelector('[id^="ct-notice-"]') || section;
  return (section.id || heading.id || '').replace('ct-notice-', '');
}

/*
 * A claim the article no longer repeats has no passage to stand beside:
 * its notice (the plugin marks it with .ct-notice__orphaned; the anchors
 * agree) moves to the foot of the article, in an <aside> like the
 * plugin's own (same lang and label). Returns how many moved.
 */
function placeOrphanedNotices() {
  footEl.replaceChildren();
  footEl.hidden = true;
  const aside = noticesEl.querySelector('.ct-notices');
  if (!aside) return 0;
  const orphaned = [...aside.querySelectorAll('.ct-notice')].filter((section) => {
    if (section.querySelector('.ct-notice__orphaned')) return true;
    const claimId = noticeClaimId(section);
    const mine = (article.anchors || []).filter((a) => String(a.claim_id) === claimId);
    return mine.length > 0 && mine.every(isOrphaned);
  });
  if (!orphaned.length) return 0;
  const foot = aside.cloneNode(false);
  foot.classList.add('ct-notices--foot');
  foot.append(...orphaned);
  footEl.append(foot);
  footEl.hidden = false;
  if (!aside.querySelector('.ct-notice')) aside.remove();
  return orphaned.length;
}

/*
 * Anchors to draw, in text order: not orphaned, a real range, (for readers)
 * with a published notice to point to, and not overlapping one drawn
 * before it. A range may cross paragraph ends.
 */
function drawnAnchors() {
  const usable = (article.anchors || [])
    .filter((a) => !isOrphaned(a) && a.start >= 0 && a.start < a.end && a.end <= textCps.length
      && (isEditor || document.getElementById('ct-notice-' + a.claim_id)))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const drawn = [];
  let at = 0;
  for (const a of usable) {
    if (a.start < at) continue;
    drawn.push(a);
    at = a.end;
  }
  return drawn;
}

/*
 * A paragraph holds the code points from its start to the next one's
 * (next): its own text, then the blank lines after it, which stay in the
 * DOM but hidden, so that the body's text is the article's text offset for
 * offset. An anchor is cut at the paragraph's edges: each piece is a
 * <mark> of the same mention; the first visible one carries the id
 * mention-N (seen: the mentions that have it already).
 */
function renderParagraph(para, next, anchors, seen) {
  const start = Number(para.start) || 0;
  const shown = Math.min(start + cpLength(para.text), next);
  const node = el('p', { class: 'para', 'data-start': start });
  const here = anchors.filter((a) => a.start < next && a.end > start);
  const cuts = new Set([start, shown, next]);
  for (const a of here) {
    cuts.add(Math.max(a.start, start));
    cuts.add(Math.min(a.end, next));
  }
  const points = [...cuts].sort((x, y) => x - y);
  let open = null;    /* the mark that ends the shown text: it takes the blank lines it covers */
  let hidden = null;  /* the hidden blank lines after the paragraph */
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i], to = points[i + 1];
    if (from >= to) continue;
    const text = textCps.slice(from, to).join('');
    const anchor = here.find((a) => a.start <= from && a.end >= to) || null;
    if (from < shown) {
      if (anchor) {
        const part = highlight(anchor, text, !seen.has(anchor.mention_id));
        seen.add(anchor.mention_id);
        node.append(part.link);
        open = { anchor, mark: part.mark };
      } else {
        node.append(text);
        open = null;
      }
    } else if (anchor && open && open.anchor === anchor && from === shown) {
      open.mark.append(el('span', { class: 'para-break', hidden: true }, text));
    } else {
      if (!hidden) node.append(hidden = el('span', { class: 'para-break', hidden: true }));
      hidden.append(anchor ? mark(anchor, text, false) : text);
    }
  }
  return node;
}

/* <mark class="ct-highlight" ...>text</mark>, one piece of a mention. */
function mark(anchor, text, withId) {
  return el('mark', {
    class: 'ct-highlight',
    'data-claim-id': anchor.claim_id,
    'data-mention-id': anchor.mention_id,
    'data-status': anchor.status,
    id: withId ? 'mention-' + anchor.mention_id : null,
  }, text);
}

/* <a href="#ct-notice-N"><mark class="ct-highlight" ...>passage</mark></a>: {link, mark} */
function highlight(anchor, text, withId) {
  const noticeId = 'ct-notice-' + anchor.claim_id;
  const piece = mark(anchor, text, withId);
  if (document.getElementById(noticeId)) {
    return { mark: piece,
      link: el('a', { class: 'ct-mention', href: '#' + noticeId, 'aria-describedby': noticeId }, piece) };
  }
  /* editors only (see drawnAnchors): no published notice yet, go to the claim */
  const status = statusLabel(anchor.status);
  return { mark: piece, link: el('a', {
    class: 'ct-mention ct-mention--unpublished',
    href: '/claims/' + encodeURIComponent(anchor.claim_id),
    title: 'Claim #' + anchor.claim_id + ': ' + status + ', not published',
  }, piece) };
}

/* Under each notice: back to its first passage; editors: to the claim's page. */
function addNoticeLinks(anchors) {
  for (const section of [...noticesEl.querySelectorAll('.ct-notice'), ...footEl.querySelectorAll('.ct-notice')]) {
    const claimId = noticeClaimId(section);
    if (!claimId) continue;
    const first = anchors.find((a) => String(a.claim_id) === claimId
      && document.getElementById('mention-' + a.mention_id));
    const links = el('p', { class: 'notice-links', lang: 'en' });
    if (first) links.append(el('a', { href: '#mention-' + first.mention_id }, 'Back to the passage'));
    if (isEditor) {
      if (first) links.append(' · ');
      links.append(el('a', { href: '/claims/' + encodeURIComponent(claimId) }, 'Claim #' + claimId + ': history and review'));
    }
    if (links.childNodes.length) section.append(links);
  }
}

/* Editors: claims tagged in this article that readers do not see yet. */
function renderAwaiting() {
  const seen = new Map();
  for (const a of article.anchors || []) {
    if (document.getElementById('ct-notice-' + a.claim_id)) continue;
    const entry = seen.get(a.claim_id) || { status: a.status, orphaned: false };
    entry.orphaned = entry.orphaned || isOrphaned(a);
    seen.set(a.claim_id, entry);
  }
  if (!seen.size) return;
  const list = el('ul', { class: 'plain-list' });
  for (const [claimId, entry] of seen) {
    list.append(el('li', {},
      el('a', { href: '/claims/' + encodeURIComponent(claimId) }, 'Claim #' + claimId), ' ',
      statusBadge(entry.status),
      entry.orphaned ? [' ', el('span', { class: 'badge badge--orphaned' }, 'orphaned mention')] : null));
  }
  noticesEl.append(el('section', { class: 'panel awaiting', lang: 'en', 'aria-labelledby': 'awaiting-heading' },
    el('h2', { id: 'awaiting-heading' }, 'Tagged here, not published'), list));
}

/* ---- suggested repeats of known claims (editors, moderators, admins) ------- */

async function loadSuggestions() {
  document.getElementById('suggestions')?.remove();
  const res = await request('/api/claimtrack/articles/' + encodeURIComponent(articleId) + '/suggestions');
  if (!res.ok) {
    setStatus('The suggested repeats could not be loaded: ' + errorText(res.error), { kind: 'error' });
    return;
  }
  const list = (res.data && res.data.suggestions) || [];
  if (!list.length) return;
  const items = el('ul', { class: 'plain-list suggestion-list' });
  for (const s of list) {
    const confirm = el('button', { class: 'button button--primary', type: 'button' }, 'Confirm');
    const dismiss = el('button', { class: 'button', type: 'button' }, 'Dismiss');
    confirm.addEventListener('click', () => decide(s.id, 'confirm', confirm));
    dismiss.addEventListener('click', () => decide(s.id, 'dismiss', dismiss));
    items.append(el('li', { class: 'suggestion', 'data-suggestion-id': String(s.id) },
      el('blockquote', { class: 'suggestion__passage', lang: article.language || '' },
        s.prefix ? '…' + s.prefix : '', el('mark', { class: 'ct-suggestion' }, s.quote),
        s.suffix ? s.suffix + '…' : ''),
      el('p', { class: 'suggestion__claim' }, 'Repeats ',
        el('a', { href: '/claims/' + encodeURIComponent(s.claim_id) }, 'claim #' + s.claim_id), ': ',
        el('q', { lang: article.language || '' }, s.claim_text || '')),
      el('p', { class: 'hint' }, (s.method === 'verbatim' ? 'Word for word' : 'Most of its words')
        + ', score ' + Number(s.score).toFixed(2)),
      el('div', { class: 'actions' }, confirm, dismiss)));
  }
  noticesEl.append(el('section', { id: 'suggestions', class: 'panel suggestions', lang: 'en',
    'aria-labelledby': 'suggestions-heading' },
  el('h2', { id: 'suggestions-heading' }, 'Suggested repeats of known claims'), items));
}

/* Confirm (a mention of the claim here) or dismiss (never suggested again here). */
async function decide(id, action, button) {
  button.disabled = true;
  const res = await request('/api/claimtrack/suggestions/' + encodeURIComponent(id) + '/' + action,
    { method: 'POST', body: {} });
  if (!res.ok) {
    button.disabled = false;
    setStatus(errorText(res.error), { kind: 'error' });
    return;
  }
  setStatus(action === 'confirm' ? 'Confirmed: the passage is now a mention of the claim.'
    : 'Dismissed: the claim will not be suggested again for this article.');
  await load();
  await loadSuggestions();
}

/* ---- tagging a passage (editors, moderators, admins) ---------------------- */

function setUpTagging() {
  const template = document.getElementById('editor-template');
  document.body.append(template.content.cloneNode(true));
  ui = {
    toolbar: document.getElementById('tag-toolbar'),
    button: document.getElementById('tag-button'),
    hint: document.getElementById('tag-hint'),
    dialog: document.getElementById('tag-dialog'),
    form: document.getElementById('tag-form'),
    submit: document.getElementById('tag-submit'),
    error: document.getElementById('tag-error'),
  };
  const intro = el('p', { class: 'hint editor-hint', lang: 'en' },
    'Editors: select a passage within one paragraph, then use "Tag disputed claim" (it follows the paragraph, so Tab reaches it).');
  bodyEl.before(intro);

  /* a mouse press on the button must not clear the selection first */
  ui.button.addEventListener('mousedown', (e) => e.preventDefault());
  ui.button.addEventListener('click', openTagForm);
  document.getElementById('tag-cancel').addEventListener('click', () => ui.dialog.close());
  ui.form.addEventListener('submit', submitTag);
  ui.form.addEventListener('input', (e) => e.target.removeAttribute('aria-invalid'));
  document.addEventListener('selectionchange', onSelectionChange);
}

function onSelectionChange() {
  if (!article || ui.dialog.open) return;
  const passage = selectedPassage();
  if (passage) {
    clearTimeout(hideTimer);
    pending = passage;
    const preview = codePoints(passage.exact);
    ui.hint.textContent = 'Selected: “' + (preview.length > 60 ? preview.slice(0, 60).join('') + '…' : passage.exact) + '”';
    ui.hint.lang = article.language || '';
    passage.para.after(ui.toolbar);
    ui.toolbar.hidden = false;
  } else {
    /* not at once: a tap on the button (phones) may clear the selection
       just before its click arrives */
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (!ui.dialog.open && !ui.toolbar.contains(document.activeElement) && !selectedPassage()) hideToolbar();
    }, 250);
  }
}

function hideToolbar() {
  if (!ui) return;
  ui.toolbar.hidden = true;
  pending = null;
}

/*
 * The selected passage when it lies within one paragraph (a triple click
 * that runs on to the start of the next one still counts), with leading
 * and trailing white space left out; else null.
 */
function selectedPassage() {
  const sel = document.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  let found = null;
  for (const para of bodyEl.querySelectorAll('p.para')) {
    if (!range.intersectsNode(para)) continue;
    const part = document.createRange();
    part.selectNodeContents(para);
    if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) part.setStart(range.startContainer, range.startOffset);
    if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) part.setEnd(range.endContainer, range.endOffset);
    if (part.toString().trim() === '') continue;
    if (found) return null; /* more than one paragraph */
    found = { para, part };
  }
  if (!found) return null;
  const before = document.createRange();
  before.setStart(found.para, 0);
  before.setEnd(found.part.startContainer, found.part.startOffset);
  let start = Number(found.para.dataset.start) + cpLength(before.toString());
  let end = start + cpLength(found.part.toString());
  while (start < end && /\s/u.test(textCps[start])) start++;
  while (end > start && /\s/u.test(textCps[end - 1])) end--;
  if (start >= end) return null;
  return {
    para: found.para,
    start,
    end,
    exact: textCps.slice(start, end).join(''),
    prefix: textCps.slice(Math.max(0, start - CONTEXT), start).join(''),
    suffix: textCps.slice(end, end + CONTEXT).join(''),
  };
}

const field = (name) => ui.form.elements.namedItem(name);

function openTagForm() {
  if (!pending) return;
  ui.form.reset();
  showTagError(null);
  field('quote').value = pending.exact;
  field('quote').lang = article.language || '';
  field('text').value = pending.exact;
  field('language').value = article.language || '';
  ui.dialog.showModal();
  field('text').focus();
}

function articleUrl() {
  if (!article.url) return null;
  try {
    const url = new URL(article.url, location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

async function submitTag(event) {
  event.preventDefault();
  if (!pending) return;
  const value = (name) => field(name).value.trim();
  const body = {
    text: value('text'),
    claimant: { name: value('claimant_name') },
    said_at: value('said_at'),
    language: value('language'),
    article: {
      id: String(article.id ?? articleId),
      quote: { exact: pending.exact, prefix: pending.prefix, suffix: pending.suffix },
      position: { start: pending.start, end: pending.end },
    },
  };
  if (value('claimant_role')) body.claimant.role = value('claimant_role');
  if (value('venue')) body.venue = value('venue');
  const url = articleUrl();
  if (url) body.article.url = url;

  ui.submit.disabled = true;
  ui.form.setAttribute('aria-busy', 'true');
  const res = await request('/api/claimtrack/claims', { method: 'POST', body });
  ui.submit.disabled = false;
  ui.form.removeAttribute('aria-busy');
  if (!res.ok) {
    showTagError(res.error);
    return;
  }
  const id = res.data && res.data.id;
  ui.dialog.close();
  document.getSelection().removeAllRanges();
  hideToolbar();
  const status = res.data && res.data.status;
  setStatus('Claim #' + id + ' recorded' + (status ? ' as ' + statusLabel(status) : '') + '.', {
    kind: 'success',
    link: { href: '/claims/' + encodeURIComponent(id), text: 'Open claim #' + id, id: 'status-link' },
  });
  await load();
  const link = document.getElementById('status-link');
  if (link) link.focus();
}

/* The plugin's field path -> the form control that holds it. */
const TAG_FIELDS = {
  text: 'text', 'claimant.name': 'claimant_name', 'claimant.role': 'claimant_role',
  said_at: 'said_at', venue: 'venue', language: 'language',
};

function showTagError(error) {
  const fallback = String((error && error.field) || '').startsWith('article') ? 'quote' : null;
  formError(ui.form, ui.error, error, TAG_FIELDS, fallback);
  if (error) setStatus('Could not record the claim: ' + errorText(error), { kind: 'error' });
}
