/**
 * How much each piece of evidence counts. One place, so the programs agree
 * and the documentation (docs/ANALYSIS.md) has one table to describe.
 */

/** Per word, by where it was found: a query is what the user asked for in their own words. */
export const sourceWeight = { host: 0.5, path: 1, title: 1.5, query: 3 } as const

/** Categories: a known host's own categories per visit, a keyword in a visit, a keyword in a query. */
export const categoryWeight = { host: 1, visitKeyword: 0.5, queryKeyword: 1 } as const

/** A parent category gathers this share of a child's evidence (and its own parent the square). */
export const parentShare = 0.5

/** Visits older than the newest visit of the context by this much count half. */
export const recencyHalfLifeMs = 3 * 24 * 60 * 60 * 1000
/** The least an old visit counts: a month-old interest is weaker, not gone. */
export const minimumRecency = 0.1

/** Interest score = 1 - exp(-evidence / saturation): about three plain visits make 0.5. */
export const interestSaturation = 4
/** Interests below this score are noise from a stray word. */
export const minimumInterestScore = 0.05

/** A gap longer than this between two visits starts a new session. */
export const sessionGapMs = 30 * 60 * 1000

export const maxTopics = 10

/** Interests kept, strongest first: the prompt reads 8, the catalog ranks with all; real contexts have under 30. */
export const maxInterests = 32

/**
 * More time counts for more, with diminishing returns: 0 s → 1, 1 min → 2,
 * 3 min → 3, 20 min → 5.4. Logarithmic so one tab left open all day does
 * not drown everything else.
 */
export const dwellFactor = (seconds: number): number => 1 + Math.log2(1 + seconds / 60)

/** Halves every `recencyHalfLifeMs` before the context's newest visit; 1 for undated visits. */
export const recencyFactor = (visitedAt: number | undefined, newest: number | undefined): number => {
  if (visitedAt === undefined || newest === undefined) return 1
  return Math.max(minimumRecency, 0.5 ** ((newest - visitedAt) / recencyHalfLifeMs))
}

/** Rounds for output: four decimals are plenty for a profile, and JSON stays readable. */
export const round4 = (n: number): number => Math.round(n * 10_000) / 10_000

/** The comparison used for every tie: plain code-unit order, the same on every machine. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
