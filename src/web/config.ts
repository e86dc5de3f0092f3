/**
 * The browser edge's settings: HTTP_PORT (default 8080, `off` disables the
 * edge, 0 picks a free port), HTTP_HOST, HTTP_CORS_ORIGINS (an allow-list,
 * none by default) and HTTP_PLAYGROUND (`off` removes the page).
 */
import { Config, ConfigError, Either, Option } from "effect"

export interface HttpEdgeOptions {
  readonly host: string
  readonly port: number
  /** Exact origins (scheme://host[:port]) whose pages may call the API from a browser. */
  readonly corsOrigins: ReadonlyArray<string>
  readonly playground: boolean
}

const portOrOff: Config.Config<Option.Option<number>> = Config.string("HTTP_PORT").pipe(
  Config.withDefault("8080"),
  Config.mapOrFail((text) => {
    const trimmed = text.trim().toLowerCase()
    if (trimmed === "off") return Either.right(Option.none())
    const n = Number(trimmed)
    return trimmed !== "" && Number.isInteger(n) && n >= 0 && n <= 65_535
      ? Either.right(Option.some(n))
      : Either.left(ConfigError.InvalidData(["HTTP_PORT"], "must be a port number from 0 to 65535, or off"))
  })
)

/** An origin as browsers send it: no path, no trailing slash. */
const parseOrigin = (text: string): Either.Either<string, ConfigError.ConfigError> => {
  const url = URL.canParse(text) ? new URL(text) : undefined
  return url !== undefined && (url.protocol === "http:" || url.protocol === "https:") && url.origin === text
    ? Either.right(text)
    : Either.left(ConfigError.InvalidData(["HTTP_CORS_ORIGINS"], `"${text}" is not an origin like https://app.example.com`))
}

const corsOrigins: Config.Config<ReadonlyArray<string>> = Config.string("HTTP_CORS_ORIGINS").pipe(
  Config.withDefault(""),
  Config.mapOrFail((text) =>
    Either.all(text.split(",").map((item) => item.trim()).filter((item) => item !== "").map(parseOrigin))
  )
)

const playground = Config.literal("on", "off")("HTTP_PLAYGROUND").pipe(
  Config.withDefault("on"),
  Config.map((value) => value === "on")
)

/** None when HTTP_PORT=off. */
export const httpEdgeConfig: Config.Config<Option.Option<HttpEdgeOptions>> = Config.all({
  port: portOrOff,
  host: Config.string("HTTP_HOST").pipe(Config.withDefault("0.0.0.0")),
  corsOrigins,
  playground
}).pipe(Config.map(({ port, ...rest }) => Option.map(port, (port) => ({ ...rest, port }))))
