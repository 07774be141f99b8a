// run.mjs -- browser tests of the reference host, in Debian's chromium
// driven by playwright-core (which never downloads a browser of its own).
// BASE_URL is a running host with the seed story loaded; each scenario
// saves a screenshot under SCREENSHOTS. Run by scripts/browser-tests.sh.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';

const BASE = process.env.BASE_URL;
// An HTTP-date as RFC 9110 section 5.6.7 writes it (IMF-fixdate).
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;
const SHOTS = process.env.SCREENSHOTS;
const RU_ID = 'qazaq24-2025-12-22-kasymbek';
const EN_ID = 'astana-like-caracas-en';
const RU_ARTICLE = `/articles/${RU_ID}`;
const EN_ARTICLE = `/articles/${EN_ID}`;
const PASSWORDS = { reader: 'read-the-news', editor: 'tag-the-claims',
                    moderator: 'check-the-facts', moderator2: 'check-again', admin: 'run-the-desk' };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'ru-RU' });
  const page = await context.newPage();
  watch(page);
  return page;
}

// Every page's uncaught errors, for the scenario in progress: it fails
// when any happened, even if all its assertions held.
let pageErrors = [];
function watch(page) {
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
}

async function signIn(page, name) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel(/name|имя/i).first().fill(name);
  await page.getByLabel(/password|пароль/i).first().fill(PASSWORDS[name]);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')),
                     page.locator('form button[type=submit], form input[type=submit]').first().click()]);
  await page.locator('#user').filter({ hasText: name }).waitFor();
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Select the text `exact` inside the article body, as a person would with the mouse.
/* Select exact in the article body, once article.js is done with the page
   (it redraws the server's page for editors; body[data-ready] then). */
async function selectPassage(page, exact) {
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.evaluate((wanted) => {
    const body = document.querySelector('#article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      document.dispatchEvent(new Event('selectionchange'));
      return;
    }
    throw new Error(`passage not found: ${wanted}`);
  }, exact);
}

async function api(page, method, url, body, withCsrf = true) {
  return page.evaluate(async ({ method, url, body, withCsrf }) => {
    const session = await (await fetch('/host/session')).json();
    const headers = { 'Content-Type': 'application/json' };
    if (withCsrf && session.csrf) headers['X-CSRF-Token'] = session.csrf;
    const res = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, { method, url, body, withCsrf });
}

const results = [];
async function scenario(name, fn) {
  const started = Date.now();
  pageErrors = [];
  try {
    await fn();
    assert.deepEqual(pageErrors, [], 'errors on the pages of this scenario');
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n      ${err.stack.split('\n').slice(0, 4).join('\n      ')}`);
  }
}

let taggedClaimId = null;
const EN_PASSAGE = 'Astana is like Caracas';

await scenario('a reader sees the Russian notice next to the highlighted passage', async () => {
  const page = await newPage();
  await page.goto(`${BASE}${RU_ARTICLE}`);
  const mark = page.locator('mark.ct-highlight').first();
  await mark.waitFor();
  assert.match(await mark.innerText(), /сравнив ситуацию в столице Казахстана/);
  const notice = page.locator('#notices section[role=note]').first();
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /Проверка фактов/);
  assert.match(text, /Ложь/);
  assert.match(text, /Департамент полиции Астаны/);
  assert.match(text, /извинился/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('#tag-button').isVisible().catch(() => false), false);
  await shot(page, 'reader-russian-notice');
  await page.setViewportSize({ width: 360, height: 780 });
  await shot(page, 'reader-phone-width');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'the page scrolls sideways at phone width');
  await page.context().close();
});

await scenario('a reader without JavaScript gets the notice, the highlight and the JSON-LD from the server', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
  const page = await context.newPage();
  watch(page);
  await page.goto(`${BASE}${RU_ARTICLE}`);
  // the page's chrome in the article's language
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.locator('.site-nav a[href="/"]').innerText(), 'Статьи');
  assert.equal(await page.locator('.skip-link').textContent(), 'Перейти к тексту');
  // the passage highlighted and linked to its notice, which links back
  const mark = page.locator('mark.ct-highlight').first();
  assert.match(await mark.innerText(), /сравнив ситуацию в столице Казахстана/);
  const claimId = await mark.getAttribute('data-claim-id');
  assert.equal(await page.locator(`a.ct-mention[href="#ct-notice-${claimId}"]`).count(), 1);
  const notice = page.locator(`#notices section[role=note]:has(#ct-notice-${claimId})`);
  const text = await notice.innerText();
  assert.match(text, /Проверка фактов: Ложь/);
  assert.match(text, /Департамент полиции Астаны/);
  assert.equal(await notice.locator('.notice-links a').getAttribute('href'), `#${await mark.getAttribute('id')}`);
  assert.equal(await notice.locator('.notice-links a').innerText(), 'К фрагменту в тексте');
  // the body is the article's text, offset for offset
  const host = await (await page.request.get(`${BASE}/host/articles/${RU_ID}`)).json();
  assert.equal(await page.locator('#article-body').textContent(), host.text);
  // ClaimReview JSON-LD in the head, in Russian
  const scripts = await page.locator('head script[type="application/ld+json"]').allTextContents();
  assert.equal(scripts.length, 1);
  const nodes = JSON.parse(scripts[0]);
  const review = nodes.find((n) => n['@type'] === 'ClaimReview');
  assert.ok(review, 'a ClaimReview node');
  assert.equal(review.reviewRating.alternateName, 'Ложь');
  assert.equal(review.inLanguage, 'ru');
  assert.equal(await page.locator('#tag-button').count(), 0);
  await shot(page, 'reader-without-javascript');
  // an English article speaks English
  await page.goto(`${BASE}${EN_ARTICLE}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('.site-nav a[href="/"]').innerText(), 'Articles');
  await context.close();
});

await scenario('an editor signs in, selects a passage and tags it', async () => {
  const page = await newPage();
  await signIn(page, 'editor');
  await page.goto(`${BASE}${EN_ARTICLE}`);
  await page.locator('#article-body').waitFor();
  await selectPassage(page, EN_PASSAGE);
  await page.locator('#tag-button').click();
  const form = page.locator('#tag-form');
  await form.waitFor();
  await form.locator('[name=claimant_name]').fill('Social media accounts');
  await form.locator('[name=said_at]').fill('2025-12-20');
  await form.locator('[name=venue]').fill('social media');
  await shot(page, 'editor-tag-form');
  await page.locator('#tag-submit').click();
  const link = page.locator('#status a[href^="/claims/"]');
  await link.waitFor();
  taggedClaimId = (await link.getAttribute('href')).split('/').pop();
  const claim = await api(page, 'GET', `/api/claimtrack/claims/${taggedClaimId}`);
  assert.equal(claim.status, 200);
  const mention = claim.body.mentions[0];
  assert.equal(mention.article_id, 'astana-like-caracas-en');
  assert.equal(mention.quote.exact, EN_PASSAGE);
  const article = await (await page.request.get(`${BASE}/host/articles/astana-like-caracas-en`)).json();
  const codePoints = Array.from(article.text);
  assert.equal(codePoints.slice(mention.position.start, mention.position.end).join(''), EN_PASSAGE);
  await shot(page, 'editor-tagged');
  await page.context().close();
});

await scenario('a moderator publishes and the reader\'s page shows it', async () => {
  assert.ok(taggedClaimId, 'needs the claim tagged by the editor');
  const page = await newPage();
  await signIn(page, 'moderator');
  await page.goto(`${BASE}/queue`);
  await page.locator(`#queue-list a[href="/claims/${taggedClaimId}"]`).waitFor();
  // what went wrong on the way out is shown to moderators too
  await page.locator('#failed-heading').waitFor();
  await page.locator('#dead-heading').waitFor();
  await page.goto(`${BASE}/claims/${taggedClaimId}`);
  const review = page.locator('#review-form');
  await review.waitFor();
  await page.locator('#timeline-table').waitFor();
  await page.locator('#evidence-heading').waitFor();
  await review.locator('[name=status]').selectOption('rebutted');
  await review.locator('[name=rating]').selectOption('Misleading');
  await review.locator('[name=publish]').check();
  await page.locator('#review-submit').click();
  await page.locator('#status').filter({ hasText: /./ }).waitFor();
  const claim = await api(page, 'GET', `/api/claimtrack/claims/${taggedClaimId}`);
  assert.equal(claim.body.published, true);
  assert.equal(claim.body.status, 'rebutted');
  await shot(page, 'moderator-published');
  await page.context().close();

  const reader = await newPage();
  await reader.goto(`${BASE}${EN_ARTICLE}`);
  const notice = reader.locator(`#ct-notice-${taggedClaimId}`);
  await notice.waitFor();
  assert.match(await reader.locator('#notices').innerText(), /Misleading/);
  assert.match(await reader.locator('mark.ct-highlight').allInnerTexts().then((t) => t.join('|')),
               /Astana is like Caracas/);
  assert.equal(await reader.locator('html').getAttribute('lang'), 'en');
  await shot(reader, 'reader-sees-published');
  await reader.context().close();
});

await scenario('two moderators edit one claim and the second sees the conflict', async () => {
  assert.ok(taggedClaimId, 'needs the claim tagged by the editor');
  const first = await newPage(), second = await newPage();
  await signIn(first, 'moderator');
  await signIn(second, 'moderator2');
  await first.goto(`${BASE}/claims/${taggedClaimId}`);
  await second.goto(`${BASE}/claims/${taggedClaimId}`);
  await first.locator('#review-form').waitFor();
  await second.locator('#review-form').waitFor();
  await first.locator('#review-form [name=status]').selectOption('corrected');
  await first.locator('#review-form [name=publish]').check();
  await first.locator('#review-submit').click();
  await first.locator('#status').filter({ hasText: /./ }).waitFor();
  await second.locator('#review-form [name=status]').selectOption('retracted');
  await second.locator('#review-form [name=rating]').selectOption('Retracted');
  await second.locator('#review-submit').click();
  const conflict = second.locator('.conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /corrected/i);
  const claim = await api(second, 'GET', `/api/claimtrack/claims/${taggedClaimId}`);
  assert.equal(claim.body.status, 'corrected', 'the second edit must not overwrite the first');
  await shot(second, 'moderator-conflict');
  await first.context().close();
  await second.context().close();
});

// The options of a <select>: [{value, text, disabled, selected}] in order.
async function optionsOf(select) {
  return select.locator('option').evaluateAll((options) => options.map((o) => ({
    value: o.value, text: o.textContent, disabled: o.disabled, selected: o.selected })));
}

await scenario('a moderator reviews with the desk\'s words from /vocabulary', async () => {
  const errors = [];
  const editor = await newPage();
  await signIn(editor, 'editor');
  const created = await api(editor, 'POST', '/api/claimtrack/claims', {
    text: 'Crime in the capital doubled in one year.',
    claimant: { name: 'A blogger' }, said_at: '2025-12-19', language: 'en',
  });
  assert.equal(created.status, 201);
  const claimId = created.body.id;
  // another desk's review, with a verdict that is not on this desk's scale
  const imported = await api(editor, 'POST', '/api/claimtrack/import/claimreview', {
    '@context': 'https://schema.org', '@type': 'ClaimReview',
    url: 'http://127.0.0.1:9/reviews/steppe-flat',
    claimReviewed: 'The steppe is flat everywhere.',
    author: { '@type': 'Organization', name: 'Steppe Check' },
    datePublished: '2025-12-10', inLanguage: 'en',
    reviewRating: { '@type': 'Rating', alternateName: 'Pants on Fire' },
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const importedId = imported.body.imported[0].claim_id;
  await editor.context().close();

  const page = await newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await signIn(page, 'moderator');
  const words = await api(page, 'GET', '/api/claimtrack/vocabulary');
  assert.equal(words.status, 200);
  const vocab = words.body;
  const en = (entry) => entry.labels.en;
  const active = vocab.ratings.filter((r) => !r.retired).sort((a, b) => a.position - b.position);
  assert.ok(active.length >= 2, 'the scale has fewer than two active ratings');
  const rebutted = vocab.statuses.find((st) => st.key === 'rebutted');
  assert.equal(en(rebutted), 'Refuted');

  await page.goto(`${BASE}/claims/${claimId}`);
  const review = page.locator('#review-form');
  await review.waitFor();
  await page.locator('#timeline-table').waitFor();
  await page.locator('#review-status option').first().waitFor({ state: 'attached' });
  // every status, labelled as the vocabulary says; only the claim's own and its next ones enabled
  const statuses = await optionsOf(page.locator('#review-status'));
  assert.deepEqual(statuses.map((o) => o.value), vocab.statuses.map((st) => st.key));
  assert.deepEqual(statuses.map((o) => o.text), vocab.statuses.map(en));
  assert.equal(statuses.find((o) => o.value === 'rebutted').text, 'Refuted');
  assert.ok(!statuses.some((o) => /Rebutted/.test(o.text)), 'a status is still called "Rebutted"');
  const disputed = vocab.statuses.find((st) => st.key === 'disputed');
  assert.deepEqual(statuses.filter((o) => !o.disabled).map((o) => o.value).sort(),
                   ['disputed', ...disputed.next].sort());
  assert.equal(statuses.find((o) => o.selected).value, 'disputed');
  // the scale's active ratings, in position order, after the "no rating yet" choice
  const ratings = await optionsOf(page.locator('#review-rating'));
  assert.equal(ratings[0].value, '');
  assert.deepEqual(ratings.slice(1).map((o) => o.value), active.map((r) => r.key));
  assert.deepEqual(ratings.slice(1).map((o) => o.text), active.map(en));
  // response kinds too
  const kinds = await optionsOf(page.locator('#response-kind'));
  assert.deepEqual(kinds.map((o) => o.text), vocab.response_kinds.map(en));
  assert.doesNotMatch(await page.locator('body').innerText(), /Rebutted/);
  await shot(page, 'moderator-review-vocabulary');

  // a page loaded before the desk changed its scale: a rating no longer on it is refused
  await page.locator('#review-rating').evaluate((select) => {
    const option = document.createElement('option');
    option.value = 'Pants on Fire';
    option.textContent = 'Pants on Fire';
    select.append(option);
  });
  await review.locator('[name=status]').selectOption('rebutted');
  await review.locator('[name=rating]').selectOption('Pants on Fire');
  await page.locator('#review-submit').click();
  await page.locator('#review-error').filter({ hasText: /./ }).waitFor();
  assert.equal(await page.locator('#review-rating').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#status').innerText(), /not saved/);
  const refused = await api(page, 'POST', `/api/claimtrack/claims/${claimId}/review`,
                            { expected_version: created.body.version, status: 'rebutted', rating: 'Pants on Fire' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'unknown_rating');
  assert.equal(await page.locator('#review-error').innerText(), refused.body.error.message
    + (refused.body.error.field ? ` (field: ${refused.body.error.field})` : ''));
  await shot(page, 'moderator-unknown-rating');

  // a rating from the select is saved, and shown by its label
  const chosen = active[1];
  await review.locator('[name=status]').selectOption('rebutted');
  await review.locator('[name=rating]').selectOption({ label: en(chosen) });
  await page.locator('#review-submit').click();
  await page.locator('#status.status--success').waitFor();
  assert.equal(await page.locator('#review-error').innerText(), '');
  const saved = await api(page, 'GET', `/api/claimtrack/claims/${claimId}`);
  assert.equal(saved.body.status, 'rebutted');
  assert.equal(saved.body.rating, chosen.key);
  assert.match(await page.locator('#claim-status').innerText(), /^Refuted$/);
  assert.equal(await page.locator('#claim-rating').innerText(), en(chosen));
  const swatch = await page.locator('#claim-rating .rating-swatch').evaluate(
    (node) => getComputedStyle(node).getPropertyValue('--rating-colour').trim());
  assert.equal(swatch.toLowerCase(), chosen.colour.toLowerCase());
  assert.match(await page.locator('#status').innerText(), new RegExp(`Refuted, rated ${en(chosen)}`));
  // the form now stands on the saved claim: exactly the active ratings, the saved one chosen
  const after = await optionsOf(page.locator('#review-rating'));
  assert.deepEqual(after.map((o) => o.value), active.map((r) => r.key));
  assert.equal(after.find((o) => o.selected).value, chosen.key);
  const nowAllowed = (await optionsOf(page.locator('#review-status'))).filter((o) => !o.disabled);
  assert.deepEqual(nowAllowed.map((o) => o.value).sort(), ['rebutted', ...rebutted.next].sort());
  await shot(page, 'moderator-review-saved');

  // an imported claim keeps its own rating selectable, though it is not on the scale
  await page.goto(`${BASE}/claims/${importedId}`);
  await page.locator('#review-form').waitFor();
  await page.locator('#review-rating option').first().waitFor({ state: 'attached' });
  const kept = await optionsOf(page.locator('#review-rating'));
  assert.equal(kept[0].value, 'Pants on Fire');
  assert.ok(kept[0].selected);
  assert.deepEqual(kept.slice(1).map((o) => o.value), active.map((r) => r.key));
  await page.locator('#review-form [name=status]').selectOption('under_review');
  await page.locator('#review-submit').click();
  await page.locator('#status.status--success').waitFor();
  const keptClaim = await api(page, 'GET', `/api/claimtrack/claims/${importedId}`);
  assert.equal(keptClaim.body.status, 'under_review');
  assert.equal(keptClaim.body.rating, 'Pants on Fire');
  await shot(page, 'moderator-review-kept-rating');
  await page.context().close();
  assert.deepEqual(errors, []);
});

await scenario('a reader cannot reach editors\' actions, and writes need the CSRF token', async () => {
  const page = await newPage();
  await signIn(page, 'reader');
  await page.goto(`${BASE}${EN_ARTICLE}`);
  await page.locator('#article-body').waitFor();
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await selectPassage(page, 'the safest capitals');
  // the page is drawn as a reader sees it: editors' controls are never made
  assert.equal(await page.locator('#tag-toolbar').count(), 0);
  assert.equal(await page.locator('#tag-button').count(), 0);
  await page.goto(`${BASE}/claims/${taggedClaimId || 1}`);
  assert.equal(await page.locator('#review-form').count(), 0);
  assert.equal(await page.locator('#response-form').count(), 0);
  const denied = await api(page, 'POST', '/api/claimtrack/claims',
                           { text: 'x', claimant: { name: 'x' }, said_at: '2025-12-01', language: 'en' });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
  await shot(page, 'reader-no-editor-actions');
  await page.context().close();

  const editor = await newPage();
  await signIn(editor, 'editor');
  const noToken = await api(editor, 'POST', '/api/claimtrack/claims',
                            { text: 'x', claimant: { name: 'x' }, said_at: '2025-12-01', language: 'en' },
                            false);
  assert.equal(noToken.status, 403);
  assert.equal(noToken.body.error.code, 'csrf');
  await editor.goto(`${BASE}/`);
  await shot(editor, 'editor-csrf-refused');
  await editor.context().close();
});

// The seed claim's quote in the Russian article, its paragraph, and what
// an editor writes instead (nothing close to the quote is left).
const SEED_QUOTE = 'сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Венесуэле';
const SEED_PARAGRAPH = 'Напомним, ранее на заседании маслихата Астаны депутат Талгат Ергалиев сообщил, '
  + 'что район Сарыарка является наиболее проблемным с точки зрения преступности, ' + SEED_QUOTE + '.';
const REWRITTEN_PARAGRAPH = 'Напомним, ранее на заседании маслихата депутат высказался о районе Сарыарка.';
const RU_ORPHANED = 'Цитируемый фрагмент больше не содержится в статье.';

await scenario('an edit that removes the quoted passage leaves the notice at the foot, in Russian', async () => {
  const editor = await newPage();
  await signIn(editor, 'editor');
  const before = await (await editor.request.get(`${BASE}/host/articles/${RU_ID}`)).json();
  assert.ok(before.text.includes(SEED_PARAGRAPH), 'the seed article changed');
  const seedClaimId = before.anchors.find((a) => a.status !== 'orphaned').claim_id;
  const edited = before.text.replace(SEED_PARAGRAPH, REWRITTEN_PARAGRAPH);

  // the host's edit API: CSRF token and an editor's role required
  const noToken = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: edited }, false);
  assert.equal(noToken.status, 403);
  assert.equal(noToken.body.error.code, 'csrf');
  const reader = await newPage();
  await signIn(reader, 'reader');
  const denied = await api(reader, 'PUT', `/host/articles/${RU_ID}`, { text: edited });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
  const unknown = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: edited, title: 'x' });
  assert.equal(unknown.status, 400);
  assert.equal((await (await editor.request.get(`${BASE}/host/articles/${RU_ID}`)).json()).text, before.text);

  const put = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: edited });
  assert.equal(put.status, 200);
  assert.equal(put.body.id, RU_ID);
  const seedAnchor = put.body.anchors.find((a) => a.claim_id === seedClaimId);
  assert.equal(seedAnchor.status, 'orphaned');
  try {
    await reader.goto(`${BASE}${RU_ARTICLE}`);
    const foot = reader.locator('#article-foot');
    const notice = foot.locator(`section[role=note]:has(#ct-notice-${seedClaimId})`);
    await notice.waitFor();
    assert.equal(await notice.getAttribute('lang'), 'ru');
    assert.equal(await notice.locator('.ct-notice__orphaned').innerText(), RU_ORPHANED);
    assert.match(await notice.innerText(), /Ложь/);
    // right after the quoted claim
    assert.equal(await notice.locator('.ct-notice__claim + .ct-notice__orphaned').count(), 1);
    // at the foot of the article, not beside a passage
    assert.equal(await reader.locator(`#notices #ct-notice-${seedClaimId}`).count(), 0);
    assert.equal(await reader.locator(`#article #ct-notice-${seedClaimId}`).count(), 1);
    assert.equal(await reader.locator(`mark[data-claim-id="${seedClaimId}"]`).count(), 0);
    assert.equal(await reader.locator('mark.ct-highlight').count(), 0);
    assert.ok(!(await reader.locator('#article-body').innerText()).includes(SEED_QUOTE));
    const box = await notice.boundingBox(), body = await reader.locator('#article-body').boundingBox();
    assert.ok(box.y >= body.y + body.height, 'the notice is not below the article text');
    await shot(reader, 'reader-orphaned-notice-at-foot');
  } finally {
    const restored = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: before.text });
    assert.equal(restored.status, 200);
    assert.ok(restored.body.anchors.every((a) => a.status !== 'orphaned'));
  }
  // the passage is back: highlighted again, its notice beside it
  await reader.goto(`${BASE}${RU_ARTICLE}`);
  await reader.locator(`mark[data-claim-id="${seedClaimId}"]`).first().waitFor();
  assert.equal(await reader.locator(`#notices #ct-notice-${seedClaimId}`).count(), 1);
  assert.equal(await reader.locator('#article-foot').isVisible(), false);
  await editor.context().close();
  await reader.context().close();
});

const SPANNING_QUOTE = 'The deputy later apologised publicly for his words.\n\nOn 22 December the mayor';

await scenario('a quote across two paragraphs is highlighted in both, exactly', async () => {
  const editor = await newPage();
  await signIn(editor, 'editor');
  const article = await (await editor.request.get(`${BASE}/host/articles/${EN_ID}`)).json();
  assert.ok(article.text.includes(SPANNING_QUOTE), 'the English article changed');
  const created = await api(editor, 'POST', '/api/claimtrack/claims', {
    text: 'The deputy apologised, and the mayor called the claim unfounded.',
    claimant: { name: 'Talgat Yergaliyev' }, said_at: '2025-12-22', language: 'en',
    article: { id: EN_ID, quote: { exact: SPANNING_QUOTE } },
  });
  assert.equal(created.status, 201);
  const claimId = created.body.id;
  const moderator = await newPage();
  await signIn(moderator, 'moderator');
  const reviewed = await api(moderator, 'POST', `/api/claimtrack/claims/${claimId}/review`,
                             { expected_version: 1, status: 'rebutted', rating: 'Misleading', publish: true });
  assert.equal(reviewed.status, 200);
  await editor.context().close();
  await moderator.context().close();

  const reader = await newPage();
  await reader.goto(`${BASE}${EN_ARTICLE}`);
  await reader.locator(`mark.ct-highlight[data-claim-id="${claimId}"]`).first().waitFor();
  const seen = await reader.evaluate(async ({ id, articleId }) => {
    const host = await (await fetch(`/host/articles/${articleId}`)).json();
    const marks = [...document.querySelectorAll(`mark.ct-highlight[data-claim-id="${id}"]`)];
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    return {
      anchor: host.anchors.find((a) => String(a.claim_id) === String(id)),
      cps: Array.from(host.text),
      marks: marks.map((m) => ({ text: m.textContent, shown: m.innerText, id: m.id,
                                 mention: m.dataset.mentionId,
                                 para: m.closest('p.para') && m.closest('p.para').dataset.start })),
      body: document.querySelector('#article-body').textContent,
      text: host.text,
      duplicateIds: ids.filter((x, i) => ids.indexOf(x) !== i),
    };
  }, { id: claimId, articleId: EN_ID });
  // the anchor reply's span, and exactly that span highlighted
  assert.equal(seen.cps.slice(seen.anchor.start, seen.anchor.end).join(''), SPANNING_QUOTE);
  assert.equal(seen.marks.length, 2, 'one <mark> per paragraph');
  assert.equal(seen.marks.map((m) => m.text).join(''), SPANNING_QUOTE);
  assert.equal(seen.body, seen.text, 'the body holds the article text offset for offset');
  assert.notEqual(seen.marks[0].para, seen.marks[1].para);
  assert.equal(seen.marks[0].mention, String(seen.anchor.mention_id));
  assert.equal(seen.marks[1].mention, String(seen.anchor.mention_id));
  assert.equal(seen.marks[0].id, `mention-${seen.anchor.mention_id}`);
  assert.equal(seen.marks[1].id, '');
  assert.deepEqual(seen.duplicateIds, []);
  assert.equal(seen.marks[0].shown, 'The deputy later apologised publicly for his words.');
  assert.equal(seen.marks[1].shown, 'On 22 December the mayor');
  // both parts link to the notice, which links back to the first
  assert.equal(await reader.locator(`a.ct-mention[href="#ct-notice-${claimId}"]`).count(), 2);
  const back = reader.locator(`section[role=note]:has(#ct-notice-${claimId}) .notice-links a`);
  assert.equal(await back.getAttribute('href'), `#mention-${seen.anchor.mention_id}`);
  // the earlier claim's passage in the same article is still drawn
  assert.match((await reader.locator('mark.ct-highlight').allInnerTexts()).join('|'), /Astana is like Caracas/);
  await shot(reader, 'reader-quote-across-paragraphs');
  await reader.context().close();
});

await scenario('guessing a password is stopped after five tries', async () => {
  const page = await newPage();
  for (let i = 0; i < 5; i++) {
    await page.goto(`${BASE}/login`);
    await page.getByLabel(/name|имя/i).first().fill('moderator2');
    await page.getByLabel(/password|пароль/i).first().fill(`wrong-${i}`);
    await Promise.all([page.waitForURL(/failed=1/),
                       page.locator('form button[type=submit], form input[type=submit]').first().click()]);
  }
  // the right password is refused too while the name is locked
  await page.goto(`${BASE}/login`);
  await page.getByLabel(/name|имя/i).first().fill('moderator2');
  await page.getByLabel(/password|пароль/i).first().fill(PASSWORDS.moderator2);
  await Promise.all([page.waitForURL(/failed=1/),
                     page.locator('form button[type=submit], form input[type=submit]').first().click()]);
  assert.match(await page.locator('body').innerText(), /Wrong name or password/i);
  const session = await (await page.request.get(`${BASE}/host/session`)).json();
  assert.equal(session.user, null);
  await shot(page, 'login-throttled');
  await page.context().close();
});

await scenario('the site serves only its files and takes sign-ins only from its own page', async () => {
  const page = await newPage();
  for (const path of ['/static/', '/static/%2e%2e/main.c', '/static/nothing.js', '/static/.hidden']) {
    const res = await page.request.get(`${BASE}${path}`);
    assert.equal(res.status(), 404, path);
  }
  const form = { name: 'reader', password: PASSWORDS.reader, next: '/' };
  // a form on another site signing the visitor in to someone's account
  const forged = await page.request.post(`${BASE}/login`, { form, headers: { Origin: 'http://evil.example' },
                                                            maxRedirects: 0 });
  assert.equal(forged.status(), 403);
  const unsigned = await page.request.post(`${BASE}/login`, { form, maxRedirects: 0 });
  assert.equal(unsigned.status(), 403);
  // behind a TLS proxy the session cookie is Secure and bound to the host
  const proxied = await page.request.post(`${BASE}/login`, {
    form, headers: { Origin: BASE, 'X-Forwarded-Proto': 'https' }, maxRedirects: 0 });
  assert.equal(proxied.status(), 303);
  const cookie = proxied.headers()['set-cookie'];
  assert.match(cookie, /^__Host-ct_session=[0-9a-f]{64}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=43200; Secure$/);
  const plain = await page.request.post(`${BASE}/login`, { form, headers: { Origin: BASE }, maxRedirects: 0 });
  assert.equal(plain.status(), 303);
  assert.doesNotMatch(plain.headers()['set-cookie'], /Secure/);
  await page.context().close();
});

await scenario('an admin sees each webhook subscription with its deliveries and its last error', async () => {
  const page = await newPage();
  await signIn(page, 'admin');
  // an operator's own receiver on this host, which is not answering: allowed because the admin says so
  const made = await api(page, 'POST', '/api/claimtrack/subscriptions',
                         { url: 'http://127.0.0.1:9/purge', events: ['claim.recorded'], allow_private: true,
                           description: 'cache purger' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.match(made.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const refused = await api(page, 'POST', '/api/claimtrack/subscriptions', { url: 'http://127.0.0.1:9/purge' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'destination_not_allowed');
  const editor = await newPage();
  await signIn(editor, 'editor');
  const claim = await api(editor, 'POST', '/api/claimtrack/claims',
                          { text: 'Астана опаснее Каракаса.', claimant: { name: 'Аноним' }, said_at: '2025-12-03', language: 'ru' });
  assert.equal(claim.status, 201, JSON.stringify(claim.body));
  // said on 3 December in Almaty, the newsroom's zone (stored as 2 December 19:00 UTC)
  await editor.goto(`${BASE}/claims/${claim.body.id}`);
  assert.equal(await editor.locator('#claim-said-at time').innerText(), '2025-12-03');
  await editor.context().close();
  // the host's webhook worker tries and fails; the panel shows the outcome once it is recorded
  const row = page.locator(`#subscriptions tr[data-subscription-id="${made.body.id}"]`);
  for (let tries = 0; ; tries++) {
    await page.goto(`${BASE}/queue`);
    await row.waitFor();
    if ((await row.locator('.subscriptions__error').innerText()) !== '—') break;
    assert.ok(tries < 100, 'the failed delivery was never shown');
    await page.waitForTimeout(100);
  }
  assert.match(await row.innerText(), /http:\/\/127\.0\.0\.1:9\/purge/);
  assert.match(await row.innerText(), /cache purger/);
  assert.match(await row.innerText(), /active, private address allowed/);
  assert.equal(await row.locator('.subscriptions__pending').innerText(), '1');
  assert.equal(await row.locator('.subscriptions__delivered').innerText(), '0');
  assert.match(await row.locator('.subscriptions__error').innerText(), /refused|connect|Couldn't/i);
  await row.scrollIntoViewIfNeeded();
  await shot(page, 'admin-subscriptions');
  // a moderator has the queue but not the panel
  const moderator = await newPage();
  await signIn(moderator, 'moderator');
  await moderator.goto(`${BASE}/queue`);
  await moderator.locator('body[data-ready="true"]').waitFor({ state: 'attached' });   // the page is complete
  assert.equal(await moderator.locator('#dead-heading').count(), 1);
  assert.equal(await moderator.locator('#subscriptions-heading').count(), 0);
  await moderator.context().close();
  await page.context().close();
});

await scenario('notices and claims revalidate with If-None-Match: 304 until something changes', async () => {
  // a CDN or the browser's cache in front of the host: raw HTTP, no page
  const context = await browser.newContext();
  const url = `${BASE}/api/claimtrack${RU_ARTICLE}/notices?lang=ru`;
  const first = await context.request.get(url);
  assert.equal(first.status(), 200);
  const tag = first.headers()['etag'];
  assert.match(tag, /^"[0-9a-f]{32}"$/);
  assert.equal(first.headers()['cache-control'], 'no-cache');
  const modified = first.headers()['last-modified'];
  assert.match(modified, HTTP_DATE);
  const same = await context.request.get(url, { headers: { 'If-None-Match': tag } });
  assert.equal(same.status(), 304);
  assert.equal((await same.body()).length, 0);
  assert.equal(same.headers()['etag'], tag);
  assert.equal(same.headers()['cache-control'], 'no-cache');
  assert.equal(same.headers()['last-modified'], modified);
  // W/ and a list are read as RFC 9110 says
  const weak = await context.request.get(url, { headers: { 'If-None-Match': `"0", W/${tag}` } });
  assert.equal(weak.status(), 304);
  // another format is another answer
  const html = await context.request.get(`${url}&format=html`, { headers: { 'If-None-Match': tag } });
  assert.equal(html.status(), 200);
  assert.match(await html.text(), /Департамент полиции Астаны/);
  const bad = await context.request.get(url, { headers: { 'If-None-Match': 'not-a-tag' } });
  assert.equal(bad.status(), 400);
  assert.equal((await bad.json()).error.field, 'headers.If-None-Match');

  // an editor links the mayor's answer to the article's claim: readers' tag moves
  const claimId = JSON.parse(await first.text()).notices[0].claim_id;
  const editor = await newPage();
  await signIn(editor, 'editor');
  const linkedFrom = Math.floor(Date.now() / 1000) * 1000;   // an HTTP-date has whole seconds
  const linked = await api(editor, 'POST', `/api/claimtrack/claims/${claimId}/responses`,
                           { kind: 'rebuttal', by: { name: 'Акимат Астаны', role: 'аким' },
                             issued_at: '2025-12-02', summary: 'Аким назвал сравнение необоснованным.' });
  assert.equal(linked.status, 201, JSON.stringify(linked.body));
  const after = await context.request.get(url, { headers: { 'If-None-Match': tag } });
  assert.equal(after.status(), 200);
  assert.notEqual(after.headers()['etag'], tag);
  assert.match(await after.text(), /Акимат Астаны/);
  // and Last-Modified says when: after the link began, not after now
  const changed = Date.parse(after.headers()['last-modified']);
  assert.ok(changed >= linkedFrom && changed <= Date.now(),
            `Last-Modified ${after.headers()['last-modified']} is not the time of the link`);

  // what a signed-in editor reads stays in that browser only, and the
  // reader's tag of the same claim is not the editor's
  const readerClaim = await context.request.get(`${BASE}/api/claimtrack/claims/${claimId}`);
  assert.equal(readerClaim.status(), 200);
  const claimChanged = Date.parse(readerClaim.headers()['last-modified']);
  assert.ok(claimChanged >= linkedFrom && claimChanged <= changed,
            `the claim's Last-Modified ${readerClaim.headers()['last-modified']} is not the link's`);
  const seen = await editor.evaluate(async ({ id, readerTag }) => {
    const r = await fetch(`/api/claimtrack/claims/${id}`, { headers: { 'If-None-Match': readerTag }, cache: 'no-store' });
    return { status: r.status, cacheControl: r.headers.get('cache-control'), etag: r.headers.get('etag') };
  }, { id: claimId, readerTag: readerClaim.headers()['etag'] });
  assert.equal(seen.status, 200);
  assert.equal(seen.cacheControl, 'private, no-cache');
  assert.notEqual(seen.etag, readerClaim.headers()['etag']);
  await editor.context().close();
  await context.close();
});

await scenario('an editor saves an article that repeats a known claim and confirms the suggestion', async () => {
  const editor = await newPage();
  await signIn(editor, 'editor');
  // a known claim this article does not mention yet
  const made = await api(editor, 'POST', '/api/claimtrack/claims',
                         { text: 'Район Сарыарка — самый криминальный район Астаны',
                           claimant: { name: 'Талгат Ергалиев' }, said_at: '2025-12-01', language: 'ru' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const claimId = made.body.id;
  const before = (await (await editor.request.get(`${BASE}/host/articles/${RU_ID}`)).json()).text;
  const REPEAT = 'Депутат настаивает, что район Сарыарка — самый криминальный район Астаны.';
  try {
    // saving scans the text: the reply carries the suggestion
    const put = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: `${before}\n\n${REPEAT}` });
    assert.equal(put.status, 200);
    const found = put.body.suggestions.filter((s) => s.claim_id === claimId);
    assert.equal(found.length, 1, JSON.stringify(put.body.suggestions));
    assert.equal(found[0].quote, REPEAT);
    assert.equal(found[0].method, 'verbatim');
    // readers see nothing of it
    const reader = await newPage();
    await reader.goto(`${BASE}${RU_ARTICLE}`);
    assert.equal(await reader.locator(`mark[data-claim-id="${claimId}"]`).count(), 0);
    assert.equal(await reader.locator('mark.ct-suggestion').count(), 0);
    await reader.context().close();
    // the editor's page lists it, the passage marked, with Confirm and Dismiss
    await editor.goto(`${BASE}${RU_ARTICLE}`);
    const item = editor.locator(`#suggestions li.suggestion[data-suggestion-id="${found[0].id}"]`);
    await item.waitFor();
    assert.equal(await item.locator('mark.ct-suggestion').innerText(), REPEAT);
    assert.equal(await item.getByRole('button', { name: 'Dismiss' }).count(), 1);
    await shot(editor, 'editor-suggested-repeat');
    await item.getByRole('button', { name: 'Confirm' }).click();
    // a mention now: highlighted for the editor, the suggestion gone
    await editor.locator(`mark[data-claim-id="${claimId}"]`).first().waitFor();
    assert.equal(await editor.locator(`mark[data-claim-id="${claimId}"]`).first().innerText(), REPEAT);
    assert.equal(await editor.locator(`#suggestions li[data-suggestion-id="${found[0].id}"]`).count(), 0);
    const timeline = await api(editor, 'GET', `/api/claimtrack/claims/${claimId}/timeline`);
    assert.equal(timeline.status, 200);
    assert.ok(timeline.body.events.some((e) => e.type === 'mention_added' && e.payload.method === 'suggested'),
              JSON.stringify(timeline.body.events));
  } finally {
    const restored = await api(editor, 'PUT', `/host/articles/${RU_ID}`, { text: before });
    assert.equal(restored.status, 200);
  }
  await editor.context().close();
});

await browser.close();
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length}/${results.length} browser scenarios passed`);
process.exit(failed.length ? 1 : 0);
