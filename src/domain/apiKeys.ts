/**
 * API keys, pure: parsing the configured list, finding the key a call presents,
 * and matching it without leaking through timing which key (or how much of
 * one) matched. A key is never logged; `keyId` is what logs and metrics may show.
 */
import { createHash, timingSafeEqual } from "node:crypto"

/** `API_KEYS`: comma-separated, blanks ignored. */
export const parseKeyList = (text: string): ReadonlyArray<string> =>
  dedupe(text.split(",").map((key) => key.trim()).filter((key) => key !== ""))

/** `API_KEYS_FILE`: one key per line; blank lines and `#` comments ignored (so a file can say who holds which key). */
export const parseKeyFile = (text: string): ReadonlyArray<string> =>
  dedupe(text.split(/\r?\n/u).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#")))

const dedupe = (keys: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(keys)]

/** A shorter key can be guessed or brute-forced over the network: such a configuration refuses to start. */
export const minKeyLength = 16

/** Whether any key is shorter than `minKeyLength` characters (code points, so a key of emoji counts fairly). */
export const hasShortKey = (keys: ReadonlyArray<string>): boolean =>
  keys.some((key) => [...key].length < minKeyLength)

/** The headers a call may carry its key in, as the transport read them (first value of each, if any). */
export interface PresentedHeaders {
  readonly authorization: string | undefined
  readonly apiKey: string | undefined
}

const bearer = /^bearer\s+(\S+)\s*$/iu

/** The key a call presents: `authorization: Bearer <key>` first, else `x-api-key: <key>`. */
export const presentedKey = (headers: PresentedHeaders): string | undefined => {
  const fromBearer = headers.authorization === undefined ? undefined : bearer.exec(headers.authorization.trim())?.[1]
  if (fromBearer !== undefined) return fromBearer
  const apiKey = headers.apiKey?.trim()
  return apiKey === undefined || apiKey === "" ? undefined : apiKey
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

/**
 * The configured key equal to `presented`, if any. Both sides are hashed to a
 * fixed length before `timingSafeEqual` (which needs equal lengths), and every
 * key is compared, so the time taken depends on neither the presented key's
 * length nor the position of the match.
 */
export const matchKey = (presented: string, keys: ReadonlyArray<string>): string | undefined => {
  const presentedDigest = digest(presented)
  let found: string | undefined
  for (const key of keys) {
    if (timingSafeEqual(presentedDigest, digest(key)) && found === undefined) found = key
  }
  return found
}

/** A short, stable name for a key in logs and labels: the first 8 hex characters of its SHA-256. */
export const keyId = (key: string): string => digest(key).toString("hex").slice(0, 8)
