// wordpress.mjs -- the claimtrack WordPress plugin in a real WordPress 6.1,
// in Debian's chromium driven by playwright-core (which never downloads a
// browser of its own). Run by scripts/wordpress-tests.sh, which starts a
// throwaway site with the plugin active and the seed story loaded.
//
// What it checks, one scenario each, in this order (later ones build on the
// post and the claim the editor makes in the second):
//   1. a reader without JavaScript gets the seed post's highlight, its
//      Russian notice and its ClaimReview JSON-LD, all from the server;
//   2. an editor tags a passage in the block editor's "Fact check" sidebar:
//      the mention is stored with the selected words, readers see nothing yet;
//   3. a moderator reviews the claim from the queue in wp-admin and publishes
//      it: the post is purged from page caches (clean_post_cache), readers
//      then see the notice and the highlighted passage;
//   4. a review prepared before someone else changed the claim is refused as
//      a conflict, and the claim keeps its status;
//   5. a contributor reaches neither the queue nor the REST writes;
//   6. writes without a valid nonce (REST and the review form) are refused
//      and write nothing in claimtrack's tables;
//   7. editing the post moves the highlight with the passage; deleting the
//      passage orphans the mention: no highlight, the notice stays, and the
//      claim waits in the moderators' queue;
//   8. an administrator sees the same queue, and the Status page with the
//      configuration's password and secrets_key masked;
//   9. the seed post's notices over REST, for everyone: claimtrack's ETag and Last-Modified,
//      304 for If-None-Match until a response is linked (which purges the
//      seed post from page caches), HTML as HTML;
//  10. saving a post that repeats the claim leaves a pending suggestion,
//      and no notice;
//  11. the editor sees that suggestion in the sidebar, with the passage
//      marked, and confirms it: a mention of the claim, and readers of the
//      post see its notice; a suggestion cannot be decided through another
//      post, and a dismissed one is not made again when the post is saved;
//  12. the feed's description of that post (an automatic excerpt) has no
//      notice, its content has; once the post has a password, its notices
//      over REST and the claim's proof (which quotes it) answer 403 without
//      it and 200 with the password's cookie;
//  13. a post split with <!--nextpage-->, the same words on both pages, the
//      second page's tagged: that page marks them, the first marks nothing,
//      both end with the notice.
//
// Environment: BASE_URL (the site), SEED_URL (the seed post's address),
// CT_WP_DB (libpq conninfo of claimtrack's PostgreSQL database, read with
// psql), SCREENSHOTS (a directory: wp-<name>.png).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const BASE = process.env.BASE_URL;
const SEED_URL = process.env.SEED_URL;
const DB = process.env.CT_WP_DB;
const SHOTS = process.env.SCREENSHOTS;
for (const [name, value] of Object.entries({ BASE_URL: BASE, SEED_URL, CT_WP_DB: DB, SCREENSHOTS: SHOTS })) {
  if (!value) throw new Error(`wordpress.mjs: ${name} is not set`);
}
const SEED_POST_ID = Number(new URL(SEED_URL).searchParams.get('p'));
const SEED_PASSAGE = 'сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Венесуэле';
const PASSWORDS = { admin: 'admin-demo-1', moderator: 'moderator-demo-1', editor: 'editor-demo-1',
                    contributor: 'contributor-demo-1' };

// The editor's new post: the claim is a sentence of the second paragraph.
const INTRO = 'Во вторник в Алматы прошло заседание городского маслихата, посвящённое транспорту.';
const CLAIM_SENTENCE = 'Депутат Ерлан Сатыбалдиев заявил, что в Алматы пробки длиннее, чем в Москве и Стамбуле вместе взятых.';
const PASSAGE = 'в Алматы пробки длиннее, чем в Москве и Стамбуле вместе взятых';
const AFTER = 'Акимат города пообещал ответить на заявление на следующей неделе.';
const ADDED = 'Редакция дополнила материал 23 декабря: ниже приводятся данные городского центра мониторинга.';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/* ---- helpers ------------------------------------------------------------------- */

let pageErrors = [];   // uncaught errors of the pages of the scenario in progress

async function newContext(options = {}) {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU', ...options });
}

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // the scenario in progress fails on any uncaught error of its pages
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

/** Sign in through wp-login.php; the page is left on wp-admin. */
async function signIn(context, user) {
  const page = await newPage(context);
  // WordPress's own login form has once, on a loaded machine, answered a
  // correct login with the form again; a second try then went through.
  // WordPress's sign-in is not what these scenarios test: one retry.
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${BASE}/wp-login.php`);
    await page.locator('#user_login').fill(user);
    await page.locator('#user_pass').fill(PASSWORDS[user]);
    try {
      await Promise.all([page.waitForURL(/\/wp-admin\//, { timeout: 15000 }),
                         page.locator('#wp-submit').click()]);
      return page;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/** The signed-in user's REST nonce (action wp_rest), as WordPress hands it to its own pages. */
async function restNonce(context) {
  const res = await context.request.get(`${BASE}/wp-admin/admin-ajax.php?action=rest-nonce`);
  assert.equal(res.status(), 200, 'the rest-nonce of a signed-in user');
  return (await res.text()).trim();
}

/**
 * A REST request with the context's cookies: route like "/claimtrack/v1/vocabulary"
 * (plain permalinks: ?rest_route=). nonce: a string, or null to send none.
 */
async function restFetch(context, method, route, { body, nonce } = {}) {
  const headers = {};
  if (nonce) headers['X-WP-Nonce'] = nonce;
  const res = await context.request.fetch(`${BASE}/?rest_route=${encodeURIComponent(route)}`, {
    method, headers, data: body, failOnStatusCode: false,
  });
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  return { status: res.status(), body: json };
}

/** One SQL statement in claimtrack's database; its rows as text ("|" between columns). */
function psql(sql) {
  return execFileSync('psql', [DB, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql],
                      { encoding: 'utf8' }).trim();
}

/** Every claimtrack table with its row count, and each claim's status and version. */
function snapshot() {
  const tables = psql(`select schemaname || '.' || tablename from pg_tables
                       where schemaname not in ('pg_catalog', 'information_schema') order by 1`).split('\n');
  assert.ok(tables.includes('claimtrack.ct_claims'), `claimtrack's tables: ${tables.join(', ')}`);
  const counts = psql(tables.map((t) => `select '${t}', count(*) from ${t}`).join(' union all '));
  const claims = psql(`select string_agg(id || ':' || status || ':' || version, ' ' order by id) from claimtrack.ct_claims`);
  return `${counts}\nclaims ${claims}`;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `wp-${name}.png`), fullPage: true });
}

/**
 * The posts a page cache would have purged so far (the local site's must-use
 * plugin writes each clean_post_cache to wp-content/uploads/purged.txt): ids.
 */
async function purgedPosts(context) {
  const res = await context.request.get(`${BASE}/wp-content/uploads/purged.txt`, { failOnStatusCode: false });
  return res.status() === 404 ? [] : (await res.text()).split('\n').filter(Boolean).map(Number);
}

/** A post's public page as an anonymous reader without JavaScript: what the server sends. */
async function readerPage(url) {
  const context = await newContext({ javaScriptEnabled: false });
  const page = await newPage(context);
  const res = await page.goto(url);
  assert.equal(res.status(), 200, `${url} answers 200`);
  return page;
}

/**
 * Where words are in the editor's post, in code points of its text as
 * claimtrack counts it: the text nodes of the rendered content, in order
 * (the post's HTML parsed in the signed-in page).
 */
async function offsetInPost(page, nonce, words) {
  const post = await restFetch(page.context(), 'GET', `/wp/v2/posts/${made.postId}`, { nonce });
  assert.equal(post.status, 200);
  return page.evaluate(([html, wanted]) => {
    const div = document.createElement('div');
    div.innerHTML = html;
    const at = div.textContent.indexOf(wanted);
    return at < 0 ? -1 : Array.from(div.textContent.slice(0, at)).length;
  }, [post.body.content.rendered, words]);
}

/** Post content as the block editor writes it: one paragraph block per text. */
function paragraphs(...texts) {
  return texts.map((t) => `<!-- wp:paragraph -->\n<p>${t}</p>\n<!-- /wp:paragraph -->`).join('\n\n');
}

const results = [];
async function scenario(name, fn) {
  const started = Date.now();
  pageErrors = [];
  try {
    await fn();
    assert.deepEqual(pageErrors, [], 'errors on the pages of this scenario');
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    // the whole message (a snapshot's difference is long), then where it was raised
    const where = err.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 3);
    console.log(`FAIL  ${name}\n      ${[...err.message.split('\n').slice(0, 60), ...where].join('\n      ')}`);
  }
}

/* What the scenarios pass on: the editor's post and the claim tagged in it. */
const made = { postId: null, postUrl: null, claimId: null, scannedPostId: null, scannedPostUrl: null, repeat: null };

/* ---- 1 --------------------------------------------------------------------------- */

async function readerWithoutJavaScript() {
  const page = await readerPage(SEED_URL);
  const marks = page.locator('mark.ct-highlight');
  assert.equal(await marks.count(), 1);
  assert.equal(await marks.textContent(), SEED_PASSAGE);
  const notices = page.locator('aside.ct-notices[lang=ru]');
  assert.equal(await notices.count(), 1);
  assert.match(await notices.textContent(), /Проверка фактов: Ложь/);
  // the JSON-LD, as the server wrote it
  const scripts = page.locator('script.claimtrack-claimreview');
  assert.equal(await scripts.count(), 1);
  assert.equal(await scripts.getAttribute('type'), 'application/ld+json');
  const nodes = JSON.parse(await scripts.textContent());
  assert.ok(Array.isArray(nodes), 'the JSON-LD is an array of nodes');
  const review = nodes.find((n) => n['@type'] === 'ClaimReview');
  assert.ok(review, 'a ClaimReview node');
  assert.equal(review.reviewRating.alternateName, 'Ложь');
  assert.equal(review.itemReviewed.author.name, 'Талгат Ергалиев');
  assert.ok(review.claimReviewed.startsWith('Район Сарыарка'), review.claimReviewed);
  await shot(page, 'reader');
  await page.context().close();
}

/* ---- 2 --------------------------------------------------------------------------- */

/**
 * Select `words` in the block editor's paragraph that holds them as a person
 * does: press the mouse before the first letter, drag past the last, let go.
 * Then wait for the block editor's store to hold that selection (rich text
 * reads it on selectionchange).
 */
async function selectInParagraph(page, words) {
  const paragraph = page.locator('[data-type="core/paragraph"]', { hasText: words });
  await paragraph.scrollIntoViewIfNeeded();
  const ends = await paragraph.evaluate((element, wanted) => {
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      const box = (from, to) => {
        const range = element.ownerDocument.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        return range.getBoundingClientRect();
      };
      const first = box(at, at + 1);
      const last = box(at + wanted.length - 1, at + wanted.length);
      return { from: { x: first.left + 1, y: first.top + first.height / 2 },
               to: { x: last.right - 1, y: last.top + last.height / 2 } };
    }
    throw new Error(`not in the paragraph: ${wanted}`);
  }, words);
  await page.mouse.move(ends.from.x, ends.from.y);
  await page.mouse.down();
  await page.mouse.move(ends.to.x, ends.to.y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((wanted) => {
    const store = window.wp.data.select('core/block-editor');
    const start = store.getSelectionStart();
    const end = store.getSelectionEnd();
    return start.clientId && start.clientId === end.clientId && window.getSelection().toString() === wanted
      && Math.abs(end.offset - start.offset) === wanted.length;
  }, words, { timeout: 10_000 });
}

async function editorTagsAPassage() {
  const context = await newContext();
  const page = await signIn(context, 'editor');
  const nonce = await restNonce(context);
  const created = await restFetch(context, 'POST', '/wp/v2/posts', {
    nonce,
    // the post's notices in Kazakh: the claimtrack_locale meta the sidebar sets, here through WordPress's REST API
    body: { title: 'Пробки в Алматы', status: 'publish', content: paragraphs(INTRO, `${CLAIM_SENTENCE} ${AFTER}`),
            meta: { claimtrack_locale: 'kk_KZ' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.meta.claimtrack_locale, 'kk_KZ');
  made.postId = created.body.id;
  made.postUrl = created.body.link;

  await page.goto(`${BASE}/wp-admin/post.php?post=${made.postId}&action=edit`);
  await page.locator('[data-type="core/paragraph"]', { hasText: PASSAGE }).waitFor({ timeout: 60_000 });
  const toggle = page.locator('.edit-post-header button[aria-label="Fact check"]');   // the pinned sidebar button
  if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  const sidebar = page.locator('.claimtrack-sidebar');
  await sidebar.waitFor();
  await sidebar.getByText('None yet.').waitFor();   // the post's claims, loaded over REST

  await selectInParagraph(page, PASSAGE);
  await sidebar.locator('.claimtrack-use-selection').click();
  assert.equal(await sidebar.locator('.claimtrack-quote').textContent(), PASSAGE);
  await sidebar.locator('.claimtrack-field-text textarea').fill(CLAIM_SENTENCE);
  await sidebar.locator('.claimtrack-field-claimant input').fill('Ерлан Сатыбалдиев');
  await sidebar.locator('.claimtrack-field-role input').fill('депутат маслихата Алматы');
  await sidebar.locator('.claimtrack-field-said input').fill('2025-12-23');
  await sidebar.locator('.claimtrack-field-venue input').fill('сессия маслихата Алматы');
  await sidebar.locator('.claimtrack-field-language select').selectOption('ru');
  await sidebar.locator('.claimtrack-tag-submit').click();
  const ok = sidebar.locator('.claimtrack-ok');
  await ok.waitFor();
  const text = await ok.textContent();
  assert.match(text, /^Claim tagged #\d+$/);
  made.claimId = Number(text.split('#')[1]);
  await sidebar.locator(`.claimtrack-claim[data-claim-id="${made.claimId}"]`).waitFor();
  await shot(page, 'editor');

  // stored: the selected words, in the post's article, not yet a verdict
  assert.equal(psql(`select quote_exact from claimtrack.ct_mentions
                     where claim_id = ${made.claimId} and article_id = 'wp-${made.postId}'`), PASSAGE);
  assert.equal(psql(`select status || ' ' || published || ' ' || language from claimtrack.ct_claims
                     where id = ${made.claimId}`), 'disputed false ru');
  await context.close();

  // an unpublished claim reaches no reader
  const reader = await readerPage(made.postUrl);
  assert.match(await reader.locator('body').textContent(), /Депутат Ерлан Сатыбалдиев заявил/);
  assert.equal(await reader.locator('.ct-notices').count(), 0);
  assert.equal(await reader.locator('mark.ct-highlight').count(), 0);
  assert.equal(await reader.locator('script.claimtrack-claimreview').count(), 0);
  await reader.context().close();
}

/* ---- 3 --------------------------------------------------------------------------- */

async function moderatorPublishes() {
  assert.ok(made.claimId, 'needs the claim the editor tagged');
  const context = await newContext();
  const page = await signIn(context, 'moderator');
  await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue`);
  const row = page.locator(`.claimtrack-queue-table tr[data-claim-id="${made.claimId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /waiting for a verdict/);
  await Promise.all([page.waitForURL(/[?&]claim=\d+/), row.locator('a.claimtrack-review-link').click()]);
  assert.equal(await page.locator('.claimtrack-timeline tr.claimtrack-event-claim_recorded').count(), 1);
  // said on 23 December in the newsroom's time zone (Asia/Almaty), stored as the 22nd 19:00 UTC
  assert.equal(await page.locator('time.claimtrack-said').textContent(), '2025-12-23');
  assert.match(await page.locator('.claimtrack-timeline tr.claimtrack-event-claim_recorded td').first().textContent(),
               /^2025-12-23 00:00 \+05$/);
  const status = page.locator('select#claimtrack-status');
  const offered = await status.locator('option').evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual(offered, ['disputed', 'under_review', 'rebutted', 'corrected', 'retracted', 'confirmed', 'dismissed']);
  await status.selectOption('rebutted');
  await page.locator('select#claimtrack-rating').selectOption('False');
  await page.locator('textarea#claimtrack-note').fill('Данные Яндекс.Пробок и TomTom этого не подтверждают.');
  await page.locator('input#claimtrack-publish').check();
  const purgedBefore = (await purgedPosts(context)).length;
  await Promise.all([page.waitForURL(/outcome=saved/), page.locator('#claimtrack-review-submit').click()]);
  // page caches are told the post that repeats the claim changed (and no other post)
  assert.deepEqual((await purgedPosts(context)).slice(purgedBefore), [made.postId]);
  await page.locator('.claimtrack-saved').waitFor();
  assert.equal(await page.locator('.claimtrack-status').textContent(), 'rebutted');
  await shot(page, 'moderator');
  await context.close();

  assert.equal(psql(`select status || ' ' || rating || ' ' || published from claimtrack.ct_claims
                     where id = ${made.claimId}`), 'rebutted False true');
  const reader = await readerPage(made.postUrl);
  const mark = reader.locator(`mark.ct-highlight[data-claim-id="${made.claimId}"]`);
  assert.equal(await mark.textContent(), PASSAGE);
  const notice = reader.locator(`.ct-notices #ct-notice-${made.claimId}`);
  assert.equal(await notice.textContent(), 'Фактілерді тексеру: Жалған');   // in the post's language, Kazakh
  // the notice links the claim's proof, which anyone may fetch from the site
  const proofLink = reader.locator(`section.ct-notice:has(#ct-notice-${made.claimId}) a.ct-proof`);
  assert.equal(await proofLink.textContent(), 'Жазбаның түпнұсқалығын тексеру');
  const proofUrl = await proofLink.getAttribute('href');
  assert.match(proofUrl, new RegExp(`claimtrack/v1/claims/${made.claimId}/proof$`));
  // the same link for a request that came by https (TLS ended at a proxy): the site's address's scheme
  const byHttps = await (await reader.context().request.get(made.postUrl,
                                                            { headers: { 'X-Forwarded-Proto': 'https' } })).text();
  const httpsLinks = [...byHttps.matchAll(/<a class="ct-proof" href="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(httpsLinks.length > 0, 'the page asked by https has the proof link');
  assert.ok(httpsLinks.includes(proofUrl), `${httpsLinks} holds ${proofUrl}`);
  assert.ok(/^http:/.test(proofUrl), proofUrl);
  const proof = await reader.request.get(proofUrl);
  assert.equal(proof.status(), 200);
  const proofBody = await proof.json();
  assert.equal(proofBody.claim_id, made.claimId);
  assert.equal(proofBody.events.length,
               Number(psql(`select count(*) from claimtrack.ct_events where claim_id = ${made.claimId}`)));
  assert.equal(proofBody.events[0].private, undefined);           // readers: no actors, no notes
  await reader.context().close();
}

/* ---- 4 --------------------------------------------------------------------------- */

async function staleReviewConflicts() {
  assert.ok(made.claimId, 'needs the claim the editor tagged');
  const claim = made.claimId;
  const moderator = await newContext();
  const page = await signIn(moderator, 'moderator');
  await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue&claim=${claim}`);
  await page.locator('form.claimtrack-review-form').waitFor();
  const seen = Number(await page.locator('input[name=expected_version]').inputValue());
  assert.equal(psql(`select version from claimtrack.ct_claims where id = ${claim}`), String(seen));

  // meanwhile an editor links a correction: the claim's version goes up
  const editor = await newContext();
  await signIn(editor, 'editor');
  const nonce = await restNonce(editor);
  const vocabulary = await restFetch(editor, 'GET', '/claimtrack/v1/vocabulary', { nonce });
  assert.equal(vocabulary.status, 200);
  assert.ok(vocabulary.body.response_kinds.some((k) => k.key === 'correction'), 'the kind "correction"');
  const linked = await restFetch(editor, 'POST', `/claimtrack/v1/claims/${claim}/responses`, {
    nonce,
    body: { kind: 'correction', by: { name: 'Ерлан Сатыбалдиев', role: 'депутат маслихата Алматы' },
            issued_at: '2025-12-24', summary: 'Депутат уточнил, что говорил о времени в пути, а не о длине пробок.' },
  });
  assert.equal(linked.status, 201, JSON.stringify(linked.body));
  assert.equal(linked.body.version, seen + 1);
  await editor.close();

  // the moderator's review, prepared on version `seen`
  await page.locator('select#claimtrack-status').selectOption('corrected');
  await Promise.all([page.waitForURL(/outcome=conflict/), page.locator('#claimtrack-review-submit').click()]);
  const conflict = page.locator('.claimtrack-conflict');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), new RegExp(`version ${seen + 1}\\)`));
  // nothing saved, the choice kept to confirm again
  assert.equal(psql(`select status || ' ' || version from claimtrack.ct_claims where id = ${claim}`),
               `rebutted ${seen + 1}`);
  assert.equal(await page.locator('select#claimtrack-status').inputValue(), 'corrected');
  assert.equal(await page.locator('input[name=expected_version]').inputValue(), String(seen + 1));
  await shot(page, 'conflict');
  await moderator.close();
}

/* ---- 5 --------------------------------------------------------------------------- */

async function contributorIsKeptOut() {
  const context = await newContext();
  const page = await signIn(context, 'contributor');
  const res = await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue`);
  assert.equal(res.status(), 403);
  assert.match(await page.locator('body').textContent(), /Sorry, you are not allowed to access this page\./);
  await shot(page, 'contributor');

  const before = snapshot();
  const nonce = await restNonce(context);
  const tagged = await restFetch(context, 'POST', `/claimtrack/v1/posts/${SEED_POST_ID}/claims`, {
    nonce,
    body: { text: 'Астана — самый опасный город мира.', claimant: { name: 'Аноним' }, said_at: '2025-12-23',
            language: 'ru', quote: { exact: SEED_PASSAGE } },
  });
  assert.equal(tagged.status, 403, JSON.stringify(tagged.body));
  assert.equal(tagged.body.code, 'claimtrack_forbidden');
  assert.equal(snapshot(), before);
  await context.close();
}

/* ---- 6 --------------------------------------------------------------------------- */

async function writesNeedANonce() {
  const response = { kind: 'clarification', by: { name: 'Пресс-служба маслихата' }, issued_at: '2025-12-23',
                     summary: 'Этот ответ не должен быть сохранён.' };
  const editor = await newContext();
  await signIn(editor, 'editor');
  const before = snapshot();
  const unsigned = await restFetch(editor, 'POST', '/claimtrack/v1/claims/1/responses', { body: response });
  assert.equal(unsigned.status, 401, JSON.stringify(unsigned.body));
  assert.equal(unsigned.body.code, 'claimtrack_signed_out');     // no nonce: WordPress counts the cookie as nobody
  const forged = await restFetch(editor, 'POST', '/claimtrack/v1/claims/1/responses',
                                 { body: response, nonce: '0123456789' });
  assert.equal(forged.status, 403, JSON.stringify(forged.body));
  assert.equal(forged.body.code, 'rest_cookie_invalid_nonce');
  assert.equal(snapshot(), before);
  await editor.close();

  // the moderator's review form without its nonce, and with another one
  const moderator = await newContext();
  const page = await signIn(moderator, 'moderator');
  await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue&claim=1`);
  await page.waitForLoadState('networkidle');
  // The page read claim 1 as staff, and a read may keep its answer ready-made
  // (claimtrack.ct_claim_renders, a cache): the refused posts are counted
  // from here.
  const beforeForm = snapshot();
  const form = page.locator('form.claimtrack-review-form');
  await page.locator('select#claimtrack-status').selectOption('under_review');
  await page.locator('input#claimtrack-publish').uncheck();
  const fields = await form.evaluate((f) => Object.fromEntries(new FormData(f)));
  assert.ok(fields._wpnonce, 'the form carries a nonce');
  await form.evaluate((f) => f.querySelector('[name=_wpnonce]').remove());
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${BASE}/wp-admin/admin-post.php` && r.request().method() === 'POST'),
    page.locator('#claimtrack-review-submit').click(),
  ]);
  assert.equal(answer.status(), 403);
  await page.waitForURL(/\/admin-post\.php$/);
  assert.match(await page.locator('body').textContent(), /The link you followed has expired\./);
  await shot(page, 'no-nonce');
  const other = await moderator.request.post(`${BASE}/wp-admin/admin-post.php`, {
    form: { ...fields, _wpnonce: 'abcdef0123' }, maxRedirects: 0, failOnStatusCode: false,
  });
  assert.equal(other.status(), 403);
  assert.match(await other.text(), /The link you followed has expired\./);
  assert.equal(snapshot(), beforeForm);
  assert.equal(psql('select status || \' \' || published from claimtrack.ct_claims where id = 1'), 'rebutted true');
  await moderator.close();
}

/* ---- 7 --------------------------------------------------------------------------- */

async function highlightFollowsEdits() {
  assert.ok(made.claimId, 'needs the claim the editor tagged');
  const editor = await newContext();
  const page = await signIn(editor, 'editor');
  const nonce = await restNonce(editor);
  const position = () => psql(`select position_start || '-' || position_end || ' ' || orphaned from claimtrack.ct_mentions
                               where claim_id = ${made.claimId} and article_id = 'wp-${made.postId}'`);
  const start = await offsetInPost(page, nonce, PASSAGE);
  assert.equal(position(), `${start}-${start + PASSAGE.length} false`);

  // a paragraph added before the claim: the passage moves, the highlight with it
  let updated = await restFetch(editor, 'POST', `/wp/v2/posts/${made.postId}`, {
    nonce, body: { content: paragraphs(INTRO, ADDED, `${CLAIM_SENTENCE} ${AFTER}`) },
  });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  const moved = await offsetInPost(page, nonce, PASSAGE);
  assert.ok(moved > start + ADDED.length, `the passage moved past the added paragraph (${start} -> ${moved})`);
  assert.equal(position(), `${moved}-${moved + PASSAGE.length} false`);
  let reader = await readerPage(made.postUrl);
  assert.equal(await reader.locator('mark.ct-highlight').count(), 1);
  assert.equal(await reader.locator(`mark.ct-highlight[data-claim-id="${made.claimId}"]`).textContent(), PASSAGE);
  await reader.context().close();

  // the sentence deleted: the mention is orphaned, the notice stays without a highlight
  updated = await restFetch(editor, 'POST', `/wp/v2/posts/${made.postId}`, {
    nonce, body: { content: paragraphs(INTRO, ADDED, AFTER) },
  });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  await editor.close();
  assert.match(position(), / true$/);
  reader = await readerPage(made.postUrl);
  assert.equal(await reader.locator('mark.ct-highlight').count(), 0);
  assert.equal(await reader.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 1);
  assert.equal(await reader.locator('.ct-notices .ct-notice__orphaned').count(), 1);
  await shot(reader, 'orphaned');
  await reader.context().close();

  const moderator = await newContext();
  const queue = await signIn(moderator, 'moderator');
  await queue.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue`);
  const row = queue.locator(`.claimtrack-queue-table tr[data-claim-id="${made.claimId}"]`);
  assert.match(await row.textContent(), /passage no longer in the article/);
  await moderator.close();
}

/* ---- 8 --------------------------------------------------------------------------- */

async function adminSeesTheQueue() {
  const context = await newContext();
  const page = await signIn(context, 'admin');
  await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-queue`);
  await page.locator('.claimtrack-queue-table').waitFor();
  if (made.claimId) {
    assert.equal(await page.locator(`.claimtrack-queue-table tr[data-claim-id="${made.claimId}"]`).count(), 1);
  }
  assert.equal(await page.locator('#adminmenu a[href="admin.php?page=claimtrack-queue"]').first().isVisible(), true);
  await shot(page, 'admin');
  // WordPress cron (asked here: the site spawns none in the background) runs claimtrack's jobs
  await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-status`);
  assert.match(await page.locator('.claimtrack-status tr', { hasText: 'Last jobs run' }).innerText(), /never$/);
  const cron = await context.request.get(`${BASE}/wp-cron.php`);
  assert.equal(cron.status(), 200);
  // the Status page: the last jobs run, the configuration with its password and key masked;
  // wp-cron.php answers before it runs the jobs (fastcgi_finish_request): the page is asked
  // again until the run is there, at most 30 s
  let rows = [];
  const row = (name) => (rows.find((r) => r.startsWith(name)) || '').slice(name.length).trim();
  for (const until = Date.now() + 30_000; ;) {
    await page.goto(`${BASE}/wp-admin/admin.php?page=claimtrack-status`);
    rows = await page.locator('.claimtrack-status tr').allInnerTexts();
    if (!/^never$/.test(row('Last jobs run')) || Date.now() > until) break;
    await page.waitForTimeout(500);
  }
  assert.match(row('Database'), /^reachable, schema version \d+$/);
  assert.match(row('Last jobs run'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: 200 \{"evidence":/);
  const config = JSON.parse(row('Configuration'));
  assert.match(config.database, / user=postgres password=\*\*\* application_name=wordpress$/);
  assert.equal(config.secrets_key, '***');
  assert.equal(config.publisher.name, 'Qazaq Newsroom');
  await context.close();
}

/* ---- 9 --------------------------------------------------------------------------- */

async function noticesRevalidate() {
  const reader = await newContext();
  const url = (route) => `${BASE}/?rest_route=${encodeURIComponent(route)}`;
  const notices = url(`/claimtrack/v1/posts/${SEED_POST_ID}/notices`);
  const first = await reader.request.get(notices);
  assert.equal(first.status(), 200);
  const tag = first.headers()['etag'];
  assert.match(tag, /^"[0-9a-f]{32}"$/);
  assert.equal(first.headers()['cache-control'], 'no-cache');
  assert.match(first.headers()['last-modified'],
               /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
  const body = await first.json();
  assert.equal(body.notices.length, 1);
  assert.equal(body.notices[0].rating_label, 'Ложь');
  const same = await reader.request.get(notices, { headers: { 'If-None-Match': tag } });
  assert.equal(same.status(), 304);
  assert.equal((await same.body()).length, 0);
  assert.equal(same.headers()['etag'], tag);
  // HTML comes as HTML, with its own tag
  const html = await reader.request.get(`${notices}&format=html`);
  assert.equal(html.status(), 200);
  assert.match(html.headers()['content-type'], /^text\/html; charset=utf-8/);
  assert.match(await html.text(), /^<aside class="ct-notices"[^>]* lang="ru"/);
  assert.notEqual(html.headers()['etag'], tag);
  // no such post, and a format claimtrack does not make: refused
  assert.equal((await reader.request.get(url('/claimtrack/v1/posts/999999/notices'))).status(), 401);
  assert.equal((await reader.request.get(`${notices}&format=xml`)).status(), 400);

  // an editor links the mayor's answer: the readers' copy is stale, and they get the new one
  const editor = await newContext();
  await signIn(editor, 'editor');
  const purgedBefore = (await purgedPosts(editor)).length;
  const linkedFrom = Math.floor(Date.now() / 1000) * 1000;   // an HTTP-date has whole seconds
  const linked = await restFetch(editor, 'POST', `/claimtrack/v1/claims/${body.notices[0].claim_id}/responses`,
    { body: { kind: 'rebuttal', by: { name: 'Акимат Астаны' }, issued_at: '2025-12-02',
              summary: 'Аким назвал сравнение необоснованным.' }, nonce: await restNonce(editor) });
  assert.equal(linked.status, 201, JSON.stringify(linked.body));
  assert.deepEqual((await purgedPosts(editor)).slice(purgedBefore), [SEED_POST_ID], 'the seed post is purged');
  await editor.close();
  const after = await reader.request.get(notices, { headers: { 'If-None-Match': tag } });
  assert.equal(after.status(), 200);
  assert.notEqual(after.headers()['etag'], tag);
  assert.match(JSON.stringify(await after.json()), /Акимат Астаны/);   // WordPress writes \u escapes
  const changed = Date.parse(after.headers()['last-modified']);
  assert.ok(changed >= linkedFrom && changed <= Date.now(),
            `Last-Modified ${after.headers()['last-modified']} is not the time of the link`);
  await reader.close();
}

/* ---- 10 -------------------------------------------------------------------------- */

async function savingAPostScansIt() {
  assert.ok(made.claimId, 'needs the claim the editor tagged');
  const context = await newContext();
  await signIn(context, 'editor');
  const nonce = await restNonce(context);
  const repeat = `Накануне ${CLAIM_SENTENCE.charAt(0).toLowerCase()}${CLAIM_SENTENCE.slice(1)}`;
  const created = await restFetch(context, 'POST', '/wp/v2/posts', {
    nonce,
    body: { title: 'Снова о пробках', status: 'publish', content: paragraphs(INTRO, repeat),
            meta: { claimtrack_locale: 'ru_RU' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  // saved, so scanned: the repeat waits as a suggestion for an editor
  const found = psql(`select count(*) || '|' || min(method) || '|' || min(quote_exact)
                      from claimtrack.ct_suggestions where article_id = 'wp-${created.body.id}'
                      and claim_id = ${made.claimId} and status = 'pending'`).split('|');
  assert.deepEqual(found, ['1', 'verbatim', repeat]);
  made.scannedPostId = created.body.id;
  made.scannedPostUrl = created.body.link;
  made.repeat = repeat;
  // and readers of the post see no notice of it until an editor confirms it
  const reader = await readerPage(created.body.link);
  assert.equal(await reader.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 0);
  await reader.context().close();
  await context.close();
}

/* ---- 11 -------------------------------------------------------------------------- */

async function editorDecidesSuggestions() {
  assert.ok(made.scannedPostId, 'needs the post saved in scenario 10');
  const context = await newContext();
  const page = await signIn(context, 'editor');
  const nonce = await restNonce(context);
  const pending = psql(`select id from claimtrack.ct_suggestions
                        where article_id = 'wp-${made.scannedPostId}' and status = 'pending'`);
  assert.match(pending, /^\d+$/);
  // not through another post, even one the editor may edit
  const elsewhere = await restFetch(context, 'POST',
    `/claimtrack/v1/posts/${made.postId}/suggestions/${pending}/dismiss`, { body: {}, nonce });
  assert.equal(elsewhere.status, 404, JSON.stringify(elsewhere.body));
  assert.equal(psql(`select status from claimtrack.ct_suggestions where id = ${pending}`), 'pending');

  await page.goto(`${BASE}/wp-admin/post.php?post=${made.scannedPostId}&action=edit`);
  await page.locator('[data-type="core/paragraph"]').first().waitFor({ timeout: 60_000 });
  const toggle = page.locator('.edit-post-header button[aria-label="Fact check"]');
  if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  const sidebar = page.locator('.claimtrack-sidebar');
  const item = sidebar.locator(`.claimtrack-suggestion[data-suggestion-id="${pending}"]`);
  await item.waitFor();
  assert.equal(await item.locator('mark').innerText(), made.repeat);
  assert.equal(await item.locator('.claimtrack-score').innerText(), 'Score: 1 · verbatim');
  await shot(page, 'suggestions');
  await item.locator('.claimtrack-confirm').click();
  await sidebar.getByText('No suggested repeats.').waitFor();
  await sidebar.locator(`.claimtrack-claim[data-claim-id="${made.claimId}"]`).waitFor();
  assert.equal(psql(`select count(*) from claimtrack.ct_suggestions where id = ${pending}`), '0');
  assert.equal(psql(`select count(*) || '|' || min(quote_exact) from claimtrack.ct_mentions
                     where claim_id = ${made.claimId} and article_id = 'wp-${made.scannedPostId}'`),
               `1|${made.repeat}`);
  assert.equal(psql(`select payload->>'method' from claimtrack.ct_events where claim_id = ${made.claimId}
                     and type = 'mention_added' order by id desc limit 1`), 'suggested');
  // the claim is published (scenario 3): readers of this post now see its notice
  const reader = await readerPage(made.scannedPostUrl);
  assert.equal(await reader.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 1);
  await reader.context().close();

  // another post repeating the claim: its suggestion dismissed, and not made again on the next save
  const other = await restFetch(context, 'POST', '/wp/v2/posts', {
    nonce, body: { title: 'И ещё о пробках', status: 'publish', content: paragraphs(made.repeat, AFTER),
                   meta: { claimtrack_locale: 'ru_RU' } },
  });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const second = psql(`select id from claimtrack.ct_suggestions where article_id = 'wp-${other.body.id}'`);
  assert.match(second, /^\d+$/);
  const dismissed = await restFetch(context, 'POST',
    `/claimtrack/v1/posts/${other.body.id}/suggestions/${second}/dismiss`, { body: {}, nonce });
  assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
  const saved = await restFetch(context, 'POST', `/wp/v2/posts/${other.body.id}`, {
    nonce, body: { content: paragraphs(made.repeat, AFTER, INTRO) },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(psql(`select string_agg(status, ',') from claimtrack.ct_suggestions
                     where article_id = 'wp-${other.body.id}'`), 'dismissed');
  await context.close();
}

/* ---- 12 -------------------------------------------------------------------------- */

/** The item of a post in the site's RSS feed: its description (an automatic excerpt) and content. */
async function feedItem(context, postId) {
  const feed = await (await context.request.get(`${BASE}/?feed=rss2`)).text();
  const item = feed.split('<item>').find((i) => i.includes(`?p=${postId}</guid>`));
  assert.ok(item, `post ${postId} in the feed`);
  const cdata = (tag) => (item.match(new RegExp(`<${tag}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${tag}>`)) || [])[1];
  return { description: cdata('description'), content: cdata('content:encoded') };
}

async function passwordsAndExcerpts() {
  assert.ok(made.scannedPostId, 'needs the post of scenarios 10 and 11, with a published claim');
  const reader = await newContext();
  // the feed: the post's content ends with the notice; its excerpt is the post's own words only
  const item = await feedItem(reader, made.scannedPostId);
  assert.match(item.content, new RegExp(`id="ct-notice-${made.claimId}"`));
  assert.match(item.description, /^Во вторник в Алматы прошло заседание/);
  assert.doesNotMatch(item.description, /Проверка фактов/);

  // the post gets a password: its notices quote it, so they stay behind the password too
  const editor = await newContext();
  await signIn(editor, 'editor');
  const nonce = await restNonce(editor);
  const locked = await restFetch(editor, 'POST', `/wp/v2/posts/${made.scannedPostId}`,
                                 { nonce, body: { password: 'karakas' } });
  assert.equal(locked.status, 200, JSON.stringify(locked.body));
  const route = `${BASE}/?rest_route=${encodeURIComponent(`/claimtrack/v1/posts/${made.scannedPostId}/notices`)}`;
  for (const format of ['json', 'html', 'jsonld']) {
    const refused = await reader.request.get(`${route}&format=${format}`);
    assert.equal(refused.status(), 403, `${format} without the password`);
    assert.equal((await refused.json()).code, 'claimtrack_password_required');
  }
  // the claim's proof quotes the post too (its mention_added event): refused while it is locked
  const proof = `${BASE}/?rest_route=${encodeURIComponent(`/claimtrack/v1/claims/${made.claimId}/proof`)}`;
  const proofRefused = await reader.request.get(proof);
  assert.equal(proofRefused.status(), 403);
  assert.equal((await proofRefused.json()).code, 'claimtrack_post_not_readable');
  const editorAsks = await editor.request.get(route, { headers: { 'X-WP-Nonce': nonce } });
  assert.equal(editorAsks.status(), 200, 'an editor of the post reads them without the password');
  const page = await newPage(reader);
  await page.goto(made.scannedPostUrl);
  assert.equal(await page.locator('aside.ct-notices').count(), 0, 'no notice beside the password form');
  await page.locator('input[name="post_password"]').fill('karakas');
  await Promise.all([page.waitForURL(made.scannedPostUrl), page.locator('.post-password-form [type="submit"]').click()]);
  assert.equal(await page.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 1, 'with the password, the notice');
  const withPassword = await reader.request.get(route);
  assert.equal(withPassword.status(), 200, 'and the notices over REST, with the password cookie');
  assert.equal((await withPassword.json()).notices[0].claim_id, made.claimId);
  assert.equal(withPassword.headers()['cache-control'], 'private, no-cache');
  const proofWithPassword = await reader.request.get(proof);
  assert.equal(proofWithPassword.status(), 200, 'and the proof');
  assert.ok((await proofWithPassword.json()).events.some((e) => e.canonical.includes(`"wp-${made.scannedPostId}"`)));

  const unlocked = await restFetch(editor, 'POST', `/wp/v2/posts/${made.scannedPostId}`, { nonce, body: { password: '' } });
  assert.equal(unlocked.status, 200, JSON.stringify(unlocked.body));
  const anyone = await newContext();
  assert.equal((await anyone.request.get(proof)).status(), 200, 'the proof, for anyone once the password is gone');
  await anyone.close();
  await editor.close();
  await reader.close();
}

/* ---- 13 -------------------------------------------------------------------------- */

async function pagesOfASplitPost() {
  assert.ok(made.claimId, 'needs the claim the editor tagged');
  const context = await newContext();
  await signIn(context, 'editor');
  const nonce = await restNonce(context);
  const nextpage = '<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->';
  // the same words on both pages; the editor tags the second page's (its words before them)
  const created = await restFetch(context, 'POST', '/wp/v2/posts', {
    nonce, body: { title: 'Пробки: хроника в двух частях', status: 'publish',
                   content: `${paragraphs(INTRO, `Таксисты давно говорят, что ${PASSAGE}.`)}\n\n${nextpage}\n\n`
                            + paragraphs(CLAIM_SENTENCE, AFTER),
                   meta: { claimtrack_locale: 'ru_RU' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const tagged = await restFetch(context, 'POST', `/claimtrack/v1/posts/${created.body.id}/claims/${made.claimId}/mentions`,
                                 { nonce, body: { quote: { exact: PASSAGE, prefix: 'Сатыбалдиев заявил, что ' } } });
  assert.equal(tagged.status, 201, JSON.stringify(tagged.body));
  await context.close();
  // the passage is on the second page: marked there, at its words; the notice follows both pages
  const second = await readerPage(`${created.body.link}&page=2`);
  const marks = second.locator('mark.ct-highlight');
  assert.equal(await marks.count(), 1);
  assert.equal(await marks.textContent(), PASSAGE);
  assert.equal(await second.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 1);
  await second.context().close();
  const first = await readerPage(created.body.link);
  assert.match(await first.locator('.entry-content, .wp-block-post-content').first().textContent(),
               new RegExp(`Таксисты давно говорят, что ${PASSAGE}`));
  assert.equal(await first.locator('mark.ct-highlight').count(), 0, 'the same words on page 1 are not the tagged ones');
  assert.equal(await first.locator(`.ct-notices #ct-notice-${made.claimId}`).count(), 1);
  await first.context().close();
}

await scenario('1. a reader without JavaScript gets the highlight, the Russian notice and the ClaimReview JSON-LD',
               readerWithoutJavaScript);
await scenario('2. an editor tags a passage in the block editor; readers see nothing until it is published',
               editorTagsAPassage);
await scenario('3. a moderator publishes the verdict from the queue; readers see the notice and the highlight',
               moderatorPublishes);
await scenario('4. a review of a claim changed in the meantime is refused as a conflict', staleReviewConflicts);
await scenario('5. a contributor gets neither the queue nor the REST writes', contributorIsKeptOut);
await scenario('6. writes without a valid nonce are refused and write nothing', writesNeedANonce);
await scenario('7. the highlight follows the passage when the post is edited, and is orphaned when it goes',
               highlightFollowsEdits);
await scenario('8. an administrator sees the queue, and the Status page with the secrets masked', adminSeesTheQueue);
await scenario('9. the notices over REST carry the ETag and answer 304 until they change', noticesRevalidate);
await scenario('10. saving a post that repeats a known claim leaves a suggestion, not a notice', savingAPostScansIt);
await scenario('11. the editor confirms the suggestion in the sidebar; readers see the notice; a dismissed one stays so',
               editorDecidesSuggestions);
await scenario('12. excerpts carry no notice; a password-protected post\'s notices stay behind its password',
               passwordsAndExcerpts);
await scenario('13. a post split into pages: the passage is marked on its own page', pagesOfASplitPost);

await browser.close();
const failed = results.filter((r) => !r.ok).length;
if (failed > 0) {
  console.log(`wordpress-tests: ${failed} of ${results.length} scenarios failed`);
  process.exit(1);
}
console.log(`wordpress-tests: ${results.length} scenarios passed`);
