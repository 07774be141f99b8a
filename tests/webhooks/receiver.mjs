// receiver.mjs -- a webhook receiver as a newsroom would write one: it
// verifies every delivery with the off-the-shelf `standardwebhooks` package
// (Standard Webhooks' reference library for JavaScript), nothing of
// claimtrack's own. Listens on 127.0.0.1:PORT; SECRET is the subscription's
// "whsec_..." secret. POST /hook: verify and record (204 when it verifies,
// 400 when it does not). GET /report: what it saw, and two attacks tried on
// the first delivery it got: the body changed by one character, and the
// same delivery replayed ten minutes later (outside the library's
// five-minute tolerance). Run by scripts/standard-webhooks.sh.
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

const port = Number(process.env.PORT);
const webhook = new Webhook(process.env.SECRET);
const verified = [];
const refused = [];
let first = null;

function refusedBy(body, headers, now) {
  const realNow = Date.now;
  if (now) Date.now = () => now;
  try {
    webhook.verify(body, headers);
    return null;
  } catch (err) {
    return err.message;
  } finally {
    Date.now = realNow;
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && req.url === '/hook') {
      const headers = { 'webhook-id': req.headers['webhook-id'], 'webhook-timestamp': req.headers['webhook-timestamp'],
                        'webhook-signature': req.headers['webhook-signature'] };
      try {
        const event = webhook.verify(body, headers);
        verified.push({ id: headers['webhook-id'], type: event.type });
        if (!first) first = { body, headers };
        res.writeHead(204).end();
      } catch (err) {
        refused.push({ id: headers['webhook-id'], why: err.message });
        res.writeHead(400).end();
      }
      return;
    }
    if (req.method === 'GET' && req.url === '/report') {
      const report = { verified, refused };
      if (first) {
        const tampered = first.body.replace('"claim_id":', '"claim_id":1');
        report.tampered = refusedBy(tampered, first.headers);
        const later = (Number(first.headers['webhook-timestamp']) + 600) * 1000;
        report.replayed = refusedBy(first.body, first.headers, later);
        report.original = refusedBy(first.body, first.headers);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      return;
    }
    res.writeHead(404).end();
  });
});
server.listen(port, '127.0.0.1', () => console.log(`receiver: listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
