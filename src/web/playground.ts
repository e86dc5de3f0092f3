/**
 * The playground's static files (src/web/playground, copied next to the
 * compiled module by `npm run build`): read once at start, served with a
 * content security policy that allows nothing from another origin, so the
 * page provably needs no CDN.
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"
import { readFileSync } from "node:fs"

const files = [
  { route: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { route: "/playground/app.js", file: "app.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/playground/samples.js", file: "samples.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/playground/style.css", file: "style.css", contentType: "text/css; charset=utf-8" }
] as const

const headers = {
  "content-security-policy":
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache"
}

export const playgroundRoutes = HttpApiBuilder.Router.use((router) =>
  Effect.forEach(files, ({ contentType, file, route }) => {
    const body = readFileSync(new URL(`./playground/${file}`, import.meta.url), "utf8")
    return router.get(route, Effect.succeed(HttpServerResponse.text(body, { contentType, headers })))
  }, { discard: true })
)
