/*
 * validate.mjs -- claimtrack's ClaimReview markup through a common
 * validator: the npm package structured-data-testing-tool, with its
 * ClaimReview rules (Google's required url, reviewRating and
 * claimReviewed; recommended author, datePublished, itemReviewed).
 *
 *   node validate.mjs NAME=FILE...     (scripts/structured-data.sh runs it)
 *
 * Each FILE is markup exactly as claimtrack returned it for a <script
 * type="application/ld+json"> element: the notices' JSON-LD of an article
 * (ru, kk, en), or the DataFeed of GET /feeds/claimreview. It is put in a
 * page the way a host would and given to the tool, which extracts the
 * JSON-LD as a crawler does. The run fails on any failed rule, on any
 * warning, and when the tool found no ClaimReview to check (a document the
 * tool cannot see into would otherwise pass with nothing tested). A
 * DataFeed is found as a DataFeed: its elements are then checked as the
 * ClaimReviews they are, each as a document of its own.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { structuredDataTest } = require('structured-data-testing-tool')
const { ClaimReview } = require('structured-data-testing-tool/presets/google/schemas/ClaimReview')

/* A page holding the markup as a host writes it. */
function page(markup) {
  return `<!doctype html><html><head><title>t</title>` +
         `<script type="application/ld+json">${markup}</script></head><body></body></html>`
}

/* Run the ClaimReview rules on one page; returns {reviews, passed, failed, warnings}. */
async function check(markup) {
  let result
  try {
    result = await structuredDataTest(page(markup), { presets: [ClaimReview] })
  } catch (error) {
    if (!error.res) throw error
    result = error.res
  }
  const found = result.structuredData.jsonld || {}
  return {
    found,
    reviews: (found.ClaimReview || []).length,
    passed: result.passed.length,
    failed: result.failed,
    warnings: result.warnings,
  }
}

function describe(test) {
  return `${test.test}${test.error && test.error.message ? ': ' + test.error.message : ''}`
}

async function main() {
  const inputs = process.argv.slice(2).map((arg) => {
    const at = arg.indexOf('=')
    return { name: arg.slice(0, at), file: arg.slice(at + 1) }
  })
  let failures = 0, documents = 0
  if (inputs.length === 0) {
    console.error('usage: validate.mjs NAME=FILE...')
    process.exit(2)
  }
  for (const { name, file } of inputs) {
    const markup = readFileSync(file, 'utf8')
    let pages = [{ label: name, markup }]
    const top = await check(markup)
    if ((top.found.DataFeed || []).length > 0) {
      const feed = JSON.parse(markup)
      const elements = feed.dataFeedElement || []
      if (elements.length === 0) {
        console.log(`FAIL ${name}: a DataFeed without elements`)
        failures++
      }
      pages = elements.map((element, i) => ({
        label: `${name} dataFeedElement[${i}]`,
        markup: JSON.stringify({ '@context': 'https://schema.org', ...element }).replace(/</g, '\\u003c'),
      }))
    }
    for (const { label, markup: m } of pages) {
      const r = await check(m)
      documents++
      const problems = [...r.failed.map((t) => 'failed ' + describe(t)),
                        ...r.warnings.map((t) => 'warning ' + describe(t))]
      if (r.reviews === 0) problems.push('no ClaimReview found')
      if (problems.length > 0) {
        failures++
        console.log(`FAIL ${label}:`)
        for (const p of problems) console.log(`    ${p}`)
      } else {
        console.log(`ok   ${label}: ${r.reviews} ClaimReview, ${r.passed} rules passed`)
      }
    }
  }
  console.log(`structured data: ${documents - failures} passed, ${failures} failed`)
  process.exit(failures === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
