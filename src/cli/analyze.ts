/**
 * npm run analyze -- FILE [USER_ID] (FILE - for stdin): the Analysis of one
 * browser_context JSON as pretty JSON, so a user can see why they get what
 * they get; with USER_ID, masked for that user as the worker does. Bad input
 * prints the one-line reason the gRPC edge would send, and exits 1.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect } from "effect"
import { readFile } from "node:fs/promises"
import { analyzeBrowsingPattern } from "../domain/analysis/index.js"
import { decodeBrowserContext } from "../domain/context.js"

const usage = "usage: npm run analyze -- FILE [USER_ID] (FILE - to read standard input)"

const readStdin = async (): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

const fail = (message: string) =>
  Effect.zipRight(Console.error(message), Effect.sync(() => { process.exitCode = 1 }))

const program = Effect.gen(function*() {
  const source = process.argv[2]
  if (source === undefined || process.argv.length > 4) return yield* fail(usage)
  const userId = process.argv[3] ?? ""
  const text = yield* Effect.tryPromise({
    try: () => (source === "-" ? readStdin() : readFile(source, "utf8")),
    catch: (cause) => `cannot read ${source}: ${cause instanceof Error ? cause.message : String(cause)}`
  })
  const context = yield* decodeBrowserContext(text).pipe(Effect.mapError((error) => error.reason))
  const analysis = yield* analyzeBrowsingPattern(context, userId)
  yield* Console.log(JSON.stringify(analysis, null, 2))
}).pipe(Effect.catchAll(fail))

NodeRuntime.runMain(program, { disableErrorReporting: true })
