/**
 * What every handler needs from a call besides its request: the key it
 * presents (from metadata), a status code's name for logs and labels, and
 * the pseudonym of a user id for logs.
 */
import { type Metadata, status as Status } from "@grpc/grpc-js"
import type { PresentedHeaders } from "../domain/apiKeys.js"
import { pseudonymize } from "../domain/sanitize.js"

const firstString = (metadata: Metadata, key: string): string | undefined => {
  const value = metadata.get(key)[0]
  return typeof value === "string" ? value : undefined
}

export const presentedHeaders = (metadata: Metadata): PresentedHeaders => ({
  authorization: firstString(metadata, "authorization"),
  apiKey: firstString(metadata, "x-api-key")
})

/** "OK", "UNAUTHENTICATED", ...: the names grpcurl and dashboards use. */
export const statusName = (code: Status): string => Status[code] ?? String(code)

/** How handlers name a user in logs: never the raw id. */
export type UserPseudonym = (userId: string) => string | undefined

export const makeUserPseudonym = (key: string): UserPseudonym => (userId) =>
  userId.trim() === "" ? undefined : pseudonymize(userId, key)
