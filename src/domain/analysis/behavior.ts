/**
 * How the user browses: sessions (a gap of more than 30 minutes between
 * dated visits starts a new one; undated visits are one session), their
 * depth, dwell time, focus (1 - normalized entropy of dwell time over hosts,
 * or of visits when no dwell time is known), the search-to-visit ratio, a
 * time-of-day profile and a label.
 *
 * Time of day uses the UTC hour of `visited_at`: the context carries no time
 * zone, and guessing one would make the result depend on the machine.
 */
import { Effect } from "effect"
import type { Evidence } from "./evidence.js"
import type { BehaviorLabel, BehaviorPattern, TimeOfDayProfile } from "./types.js"
import { round4, sessionGapMs } from "./weights.js"

const dayMs = 86_400_000

const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle] as number
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** 1 - H/ln(n) of the amounts; 1 for a single host, 0 with none. */
export const focusOf = (amounts: ReadonlyArray<number>): number => {
  const positive = amounts.filter((amount) => amount > 0)
  if (positive.length <= 1) return positive.length
  const total = positive.reduce((sum, amount) => sum + amount, 0)
  let entropy = 0
  for (const amount of positive) {
    const p = amount / total
    entropy -= p * Math.log(p)
  }
  return Math.min(1, Math.max(0, 1 - entropy / Math.log(positive.length)))
}

const timeOfDayOf = (timestamps: ReadonlyArray<number>): TimeOfDayProfile | undefined => {
  if (timestamps.length === 0) return undefined
  const bands = [0, 0, 0, 0]
  for (const at of timestamps) {
    const hour = Math.floor((((at % dayMs) + dayMs) % dayMs) / 3_600_000)
    const band = Math.floor(hour / 6)
    bands[band] = (bands[band] ?? 0) + 1
  }
  const share = (count: number | undefined) => round4((count ?? 0) / timestamps.length)
  return { night: share(bands[0]), morning: share(bands[1]), afternoon: share(bands[2]), evening: share(bands[3]) }
}

/**
 * The label, first match wins: too little to tell; long reads on few hosts;
 * many searches per visit; short visits spread over many hosts; else casual.
 */
export const labelOf = (pattern: Omit<BehaviorPattern, "label">, hosts: number): BehaviorLabel => {
  if (pattern.visits + pattern.searches < 3) return "cold start"
  if (pattern.focus >= 0.5 && pattern.medianDwellSeconds >= 120) return "focused deep reader"
  if (pattern.searches >= 3 && pattern.searchToVisitRatio >= 0.5) return "researcher"
  if (hosts >= 5 && pattern.focus < 0.35 && pattern.medianDwellSeconds < 90) return "broad skimmer"
  return "casual browser"
}

export const describeBehavior = (evidence: Evidence): BehaviorPattern => {
  const visits = evidence.visits.filter((visit) => visit.visited)
  const timestamps: Array<number> = []
  const dwellTimes: Array<number> = []
  const visitsByHost = new Map<string, number>()
  for (const visit of visits) {
    if (visit.visitedAt !== undefined) timestamps.push(visit.visitedAt)
    if (visit.dwellSeconds !== undefined) dwellTimes.push(visit.dwellSeconds)
    visitsByHost.set(visit.host, (visitsByHost.get(visit.host) ?? 0) + 1)
  }
  timestamps.sort((a, b) => a - b)
  let sessions = visits.length === 0 ? 0 : 1
  for (let i = 1; i < timestamps.length; i++) {
    if ((timestamps[i] as number) - (timestamps[i - 1] as number) > sessionGapMs) sessions++
  }
  const totalDwellSeconds = evidence.hostDwell.reduce((sum, [, seconds]) => sum + seconds, 0)
  const focus = totalDwellSeconds > 0
    ? focusOf(evidence.hostDwell.map(([, seconds]) => seconds))
    : focusOf([...visitsByHost.values()])
  const searches = evidence.queries.length
  const pattern = {
    visits: visits.length,
    searches,
    sessions,
    averageSessionDepth: sessions === 0 ? 0 : round4(visits.length / sessions),
    totalDwellSeconds: round4(totalDwellSeconds),
    medianDwellSeconds: round4(median(dwellTimes)),
    focus: round4(focus),
    searchToVisitRatio: round4(visits.length === 0 ? searches : searches / visits.length),
    timeOfDay: timeOfDayOf(timestamps)
  }
  return { ...pattern, label: labelOf(pattern, visitsByHost.size) }
}

export const analyzeBehavior = (evidence: Evidence): Effect.Effect<BehaviorPattern> =>
  Effect.sync(() => describeBehavior(evidence))
