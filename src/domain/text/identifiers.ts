/**
 * What in a URL or a text identifies a person or an object rather than a
 * subject: ids, hashes, tokens, emails, phone numbers. Shared by the
 * analysis (such words are not topics) and the sanitized view (they never
 * leave the process).
 */

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const hex = /^(?=.*\d)[0-9a-f]{7,}$/i
const digitRun = /\d{5,}/
const base64ish = /^[A-Za-z0-9+/=_-]{16,}$/

const countDigits = (text: string): number => {
  let digits = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 48 && code <= 57) digits++
  }
  return digits
}

/**
 * Whether one URL path segment (percent-decoded) is an identifier: a number,
 * a uuid, a hex hash of 7+ characters (git's short SHA), a run of 5+ digits,
 * an email or handle, or a long token (16+ characters) mixing letters and
 * digits or upper and lower case.
 */
const plainWord = /^[a-z]{1,15}$/i

export const isIdentifierSegment = (segment: string): boolean => {
  // Most segments are short plain words: answer those without the patterns below.
  if (plainWord.test(segment)) return false
  if (segment.includes("@")) return true
  if (/^\d+$/.test(segment) || uuid.test(segment) || hex.test(segment) || digitRun.test(segment)) return true
  const digits = countDigits(segment)
  if (digits >= 4 && digits < segment.length) return true
  if (!base64ish.test(segment)) return false
  if (digits > 0 && /[a-z]/i.test(segment)) return true
  // Letter-only tokens (Gmail's "FMfcgzQX..."): far more capitals than camelCase names have.
  const capitals = segment.replace(/[^A-Z]/g, "").length
  return capitals >= 4 && capitals * 4 >= segment.replace(/[^A-Za-z]/g, "").length
}

/** Emails, also in NFKC-normalized text (fullwidth ＠ becomes @ first). */
export const emailPattern = /[^\s@]+@[^\s@]+\.[^\s@]+/gu

/**
 * Phone numbers: 9 to 12 digits in two or three groups with an optional
 * country code (010-1234-5678, +82 10 1234 5678, (555) 123-4567). Dates
 * (2024-05-01) and years do not match: the middle group needs three digits.
 */
export const phonePattern = /(?<!\d)(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{4}(?!\d)/gu

/** The text with every email replaced by "[email]" and every phone number by "[phone]". */
export const maskContacts = (text: string): string => {
  let masked = text
  // Repeat: replacing "a@b.c" in "a@b.c@d.e" leaves "[email]@d.e", itself an email.
  for (let pass = 0; pass < 8; pass++) {
    const next = masked.replace(emailPattern, "[email]")
    if (next === masked) break
    masked = next
  }
  if (masked.includes("@") && new RegExp(emailPattern.source, "u").test(masked)) masked = masked.replaceAll("@", " ")
  return masked.replace(phonePattern, "[phone]")
}
