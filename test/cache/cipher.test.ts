import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc, Option } from "effect"
import { randomBytes } from "node:crypto"
import { open, parseEncryptionKey, seal } from "../../src/layers/CacheCipher.js"

const key = randomBytes(32)

describe("cache value encryption (AES-256-GCM)", () => {
  it.prop("round-trips any text", [fc.string({ unit: "binary" }), fc.string()], ([plaintext, entry]) => {
    expect(open(key, seal(key, plaintext, entry), entry)).toEqual(Option.some(plaintext))
  })

  it("does not show the plaintext and uses a fresh nonce each time", () => {
    const a = seal(key, "관심사: typescript", "k")
    const b = seal(key, "관심사: typescript", "k")
    expect(a).not.toBe(b)
    expect(Buffer.from(a.slice(3), "base64").toString("utf8")).not.toContain("typescript")
  })

  it("detects any altered byte", () => {
    const sealed = seal(key, JSON.stringify({ topics: ["rust", "effect"] }), "entry")
    const bytes = Buffer.from(sealed.slice(3), "base64")
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes)
      altered[i] = (altered[i] ?? 0) ^ 0x01
      expect(open(key, `v1.${altered.toString("base64")}`, "entry")).toEqual(Option.none())
    }
  })

  it("refuses a value under another entry's key, another encryption key, or garbage", () => {
    const sealed = seal(key, "value", "entry-a")
    expect(open(key, sealed, "entry-b")).toEqual(Option.none())
    expect(open(randomBytes(32), sealed, "entry-a")).toEqual(Option.none())
    expect(open(key, "v1.AAAA", "entry-a")).toEqual(Option.none())
    expect(open(key, "plain text", "entry-a")).toEqual(Option.none())
    expect(open(key, sealed.slice(0, -4), "entry-a")).toEqual(Option.none())
  })

  it("reads the key as 64 hex characters or base64 of 32 bytes", () => {
    const raw = randomBytes(32)
    expect(Either.getOrThrow(parseEncryptionKey(raw.toString("hex")))).toEqual(raw)
    expect(Either.getOrThrow(parseEncryptionKey(raw.toString("base64")))).toEqual(raw)
    for (const bad of ["", "short", randomBytes(16).toString("base64"), "z".repeat(64), `${raw.toString("hex")}00`]) {
      const parsed = parseEncryptionKey(bad)
      expect(Either.isLeft(parsed)).toBe(true)
      if (Either.isLeft(parsed)) {
        expect(parsed.left).toContain("CACHE_ENCRYPTION_KEY")
        if (bad !== "") expect(parsed.left).not.toContain(bad)
      }
    }
  })
})
