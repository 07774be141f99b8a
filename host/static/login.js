/*
 * login.js -- the sign-in page, /login. Owns: the hidden "next" field (from
 * ?next=, a path on this site only), the "Wrong name or password" message
 * (?failed=1), and telling a signed-in person who they are. The form itself
 * is a plain POST /login that works without this script.
 */
import { initPage, setStatus } from '/static/app.js';

const params = new URLSearchParams(location.search);
const next = params.get('next');
/* only a local path: "/x", never "//host" or "/\host" */
if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
  document.getElementById('login-next').value = next;
}
if (params.get('failed') === '1') document.getElementById('login-failed').hidden = false;
document.getElementById('login-name').focus();

initPage().then((session) => {
  if (session.user) {
    setStatus('You are signed in as ' + session.user.name + ' (' + session.user.role
      + '). Sign in again to switch to another account.');
  }
});
