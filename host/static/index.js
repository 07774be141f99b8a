/*
 * index.js -- the front page, /. Owns: GET /host/articles and the
 * #article-list, each article linking to /articles/{id}.
 */
import { initPage, request, el, setStatus, errorText } from '/static/app.js';

const list = document.getElementById('article-list');

main();

async function main() {
  initPage();
  const res = await request('/host/articles');
  list.removeAttribute('aria-busy');
  if (!res.ok || !Array.isArray(res.data)) {
    setStatus('The articles could not be loaded: ' + errorText(res.error), { kind: 'error' });
    return;
  }
  list.replaceChildren(...res.data.map((a) => el('li', { class: 'article-list__item' },
    el('a', { href: '/articles/' + encodeURIComponent(a.id), lang: a.language || null }, a.title),
    ' ',
    a.language ? el('span', { class: 'badge badge--lang', title: 'Language' }, a.language) : null)));
  if (!res.data.length) list.after(el('p', { class: 'notice-box' }, 'No articles yet.'));
}
