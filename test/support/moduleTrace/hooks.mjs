// Module hooks (they run on the loader's own thread): one line per loaded URL.
import { appendFileSync } from "node:fs"

export async function load(url, context, nextLoad) {
  if (process.env.MODULE_TRACE_FILE) appendFileSync(process.env.MODULE_TRACE_FILE, `${url}\n`)
  return nextLoad(url, context)
}
