/**
 * Splitting a replay across machines: line L of the input belongs to shard
 * `hash(L's text) mod N`. The split depends only on each line's content, so
 * every shard reads the same file and takes its own part, the parts are
 * disjoint and together they are the whole file, whatever the order or the
 * number of machines that read it.
 */
import { createHash } from "node:crypto"

export interface Shard {
  /** 0-based, below `count`. */
  readonly index: number
  readonly count: number
}

/** The whole file: the default. */
export const wholeFile: Shard = { index: 0, count: 1 }

/** The shard a line's text belongs to, among `count`. */
export const shardOfLine = (content: string, count: number): number => {
  if (count === 1) return 0
  // 48 bits of SHA-256 are exact in a double and spread evenly modulo any count a fleet would use.
  return createHash("sha256").update(content, "utf8").digest().readUIntBE(0, 6) % count
}

/** Whether a line belongs to this shard. */
export const inShard = (shard: Shard) => (content: string): boolean => shardOfLine(content, shard.count) === shard.index

/**
 * `I/N` (0-based I), or `/N` with the index from `jobIndex` (a Kubernetes
 * Indexed Job's JOB_COMPLETION_INDEX). The error is one sentence.
 */
export const parseShard = (text: string, jobIndex: string | undefined): Shard | string => {
  const match = /^(\d*)\/(\d+)$/.exec(text)
  if (match === null) return "--shard must be I/N (e.g. 0/4) or /N with JOB_COMPLETION_INDEX set."
  const count = Number(match[2])
  if (!Number.isSafeInteger(count) || count < 1) return "--shard: N must be a positive integer."
  const indexText = match[1] === "" ? jobIndex : match[1]
  if (indexText === undefined || indexText === "") {
    return "--shard /N takes the shard index from JOB_COMPLETION_INDEX, which is not set."
  }
  if (!/^\d+$/.test(indexText)) return "JOB_COMPLETION_INDEX must be a non-negative integer."
  const index = Number(indexText)
  if (index >= count) return `--shard: the index (${index}) must be below the number of shards (${count}).`
  return { index, count }
}
