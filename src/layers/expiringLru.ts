/**
 * A bounded map whose entries expire: a read refreshes an entry's recency,
 * and past `maxEntries` (or, with `sizeOf`, past `maxBytes` in total) the
 * least recently used go first. A Map iterates in insertion order, so
 * re-inserting on each use keeps the oldest first. Time is passed in (callers
 * read Effect's Clock, so TestClock drives expiry).
 */
import { Option } from "effect"

export interface ExpiringLru<V> {
  readonly get: (key: string, now: number) => Option.Option<V>
  readonly set: (key: string, value: V, now: number) => void
  /** The sum of the entries' sizes (0 without `sizeOf`), for tests and metrics. */
  readonly bytes: () => number
}

export interface ExpiringLruOptions<V> {
  readonly maxEntries: number
  readonly ttlMs: number
  /** A budget on the entries' total size, as `sizeOf` measures it. */
  readonly maxBytes?: number
  readonly sizeOf?: (key: string, value: V) => number
}

interface Entry<V> {
  readonly value: V
  readonly expiresAt: number
  readonly size: number
}

export const makeExpiringLru = <V>(options: ExpiringLruOptions<V>): ExpiringLru<V> => {
  const entries = new Map<string, Entry<V>>()
  const maxBytes = options.maxBytes ?? Infinity
  let bytes = 0
  const remove = (key: string, entry: Entry<V>) => {
    entries.delete(key)
    bytes -= entry.size
  }
  return {
    get: (key, now) => {
      const entry = entries.get(key)
      if (entry === undefined) return Option.none()
      entries.delete(key)
      if (entry.expiresAt <= now) {
        bytes -= entry.size
        return Option.none()
      }
      entries.set(key, entry)
      return Option.some(entry.value)
    },
    set: (key, value, now) => {
      const previous = entries.get(key)
      if (previous !== undefined) remove(key, previous)
      const size = options.sizeOf?.(key, value) ?? 0
      // An entry bigger than the whole budget would only empty the map: it is not kept.
      if (size > maxBytes) return
      entries.set(key, { value, expiresAt: now + options.ttlMs, size })
      bytes += size
      for (const [oldest, entry] of entries) {
        if (entries.size <= options.maxEntries && bytes <= maxBytes) break
        remove(oldest, entry)
      }
    },
    bytes: () => bytes
  }
}
