/**
 * Encryption of cached values at rest (Redis): AES-256-GCM, a fresh 96-bit
 * nonce per value, and the entry's key as associated data, so that a value
 * copied under another key, or altered in any bit, does not decrypt.
 *
 * Sealed form: "v1." + base64(nonce ‖ tag ‖ ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { Either, Option } from "effect"

const version = "v1."
const nonceBytes = 12
const tagBytes = 16
export const keyBytes = 32

/**
 * `CACHE_ENCRYPTION_KEY`: 64 hex characters, or base64 of 32 bytes. The error
 * is one sentence naming the variable (never the value).
 */
export const parseEncryptionKey = (text: string): Either.Either<Buffer, string> => {
  const trimmed = text.trim()
  const problem = `CACHE_ENCRYPTION_KEY must be 32 random bytes written as 64 hex characters or as base64 (e.g. \`openssl rand -base64 32\`).`
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Either.right(Buffer.from(trimmed, "hex"))
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return Either.left(problem)
  const bytes = Buffer.from(trimmed, "base64")
  return bytes.length === keyBytes ? Either.right(bytes) : Either.left(problem)
}

export const seal = (key: Uint8Array, plaintext: string, associatedData: string): string => {
  const nonce = randomBytes(nonceBytes)
  const cipher = createCipheriv("aes-256-gcm", key, nonce)
  cipher.setAAD(Buffer.from(associatedData, "utf8"))
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
  return version + Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]).toString("base64")
}

/** The plaintext, or none when the value is malformed, altered, or sealed under another key or entry. */
export const open = (key: Uint8Array, sealed: string, associatedData: string): Option.Option<string> => {
  if (!sealed.startsWith(version)) return Option.none()
  const bytes = Buffer.from(sealed.slice(version.length), "base64")
  if (bytes.length < nonceBytes + tagBytes) return Option.none()
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, nonceBytes))
    decipher.setAAD(Buffer.from(associatedData, "utf8"))
    decipher.setAuthTag(bytes.subarray(nonceBytes, nonceBytes + tagBytes))
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(nonceBytes + tagBytes)), decipher.final()])
    return Option.some(plaintext.toString("utf8"))
  } catch {
    return Option.none()
  }
}
