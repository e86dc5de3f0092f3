/**
 * Cost of the item parser per delta (issue #11: the per-chunk cost matters):
 * the recorded answers of test/items/answers.ts cut into 4-character deltas,
 * parsed many times, against a baseline in the same run that only joins the
 * deltas (the least any consumer of the stream does). `npm run bench:items`
 */
import { performance } from "node:perf_hooks"
import { makeItemParser } from "../src/domain/items/parser.js"
import { answers, candidates } from "../test/items/answers.js"

const deltaSize = 4
const repeats = Number(process.env["BENCH_REPEATS"] ?? 2_000)
const deltas = answers.map((a) => Array.from({ length: Math.ceil(a.text.length / deltaSize) }, (_, i) => a.text.slice(i * deltaSize, (i + 1) * deltaSize)))
const deltaCount = deltas.reduce((n, d) => n + d.length, 0)

const joinOnly = () => {
  let total = 0
  for (const pieces of deltas) {
    let text = ""
    for (const piece of pieces) text += piece
    total += text.length
  }
  return total
}

const parse = () => {
  let items = 0
  for (const pieces of deltas) {
    const parser = makeItemParser({ candidates, ungroundedLinks: "mark" })
    for (const piece of pieces) items += parser.push(piece).length
    items += parser.end().length
  }
  return items
}

const time = (run: () => number) => {
  for (let i = 0; i < repeats / 10; i++) run()
  const start = performance.now()
  let sink = 0
  for (let i = 0; i < repeats; i++) sink += run()
  return { ms: performance.now() - start, sink }
}

const baseline = time(joinOnly)
const parsed = time(parse)
const perDelta = (ms: number) => (ms * 1000) / (repeats * deltaCount)
console.log(`bench:items  ${answers.length} answers, ${deltaCount} deltas of ${deltaSize} characters, x${repeats}`)
console.log(`join only (baseline): ${perDelta(baseline.ms).toFixed(3)} µs per delta`)
console.log(`item parser:          ${perDelta(parsed.ms).toFixed(3)} µs per delta (${(parsed.ms / baseline.ms).toFixed(1)}x the baseline; ${parsed.sink / repeats} items per pass)`)
