/**
 * A bounded map whose entries expire: a read refreshes an entry's recency,
 * and past `maxEntries` the least recently used go first. A Map iterates in
 * insertion order, so re-inserting on each use keeps the oldest first. Time
 * is passed in (callers read Effect's Clock, so TestClock drives expiry).
 */
import { Option } from "effect"

export interface ExpiringLru<V> {
  readonly get: (key: string, now: number) => Option.Option<V>
  readonly set: (key: string, value: V, now: number) => void
}

export const makeExpiringLru = <V>(options: { readonly maxEntries: number; readonly ttlMs: number }): ExpiringLru<V> => {
  const entries = new Map<string, { readonly value: V; readonly expiresAt: number }>()
  return {
    get: (key, now) => {
      const entry = entries.get(key)
      if (entry === undefined) return Option.none()
      entries.delete(key)
      if (entry.expiresAt <= now) return Option.none()
      entries.set(key, entry)
      return Option.some(entry.value)
    },
    set: (key, value, now) => {
      entries.delete(key)
      entries.set(key, { value, expiresAt: now + options.ttlMs })
      for (const oldest of entries.keys()) {
        if (entries.size <= options.maxEntries) break
        entries.delete(oldest)
      }
    }
  }
}
