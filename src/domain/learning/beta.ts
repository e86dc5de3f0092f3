/**
 * Draws from a Beta distribution given uniform draws in [0, 1): Beta(a, b) is
 * X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); Gamma by Marsaglia and Tsang
 * (2000), normals by Box-Muller. The uniform source is passed in, so a seeded
 * source (Effect's Random) makes every draw repeatable.
 */
export type Uniform = () => number

const normal = (uniform: Uniform): number => {
  const u = 1 - uniform() // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
}

const gamma = (shape: number, uniform: Uniform): number => {
  if (shape < 1) {
    // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
    return gamma(shape + 1, uniform) * Math.pow(1 - uniform(), 1 / shape)
  }
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  // Accepts with probability above 0.95 for every shape ≥ 1; bounded so a broken source cannot spin.
  for (let attempt = 0; attempt < 64; attempt++) {
    const x = normal(uniform)
    const v0 = 1 + c * x
    if (v0 <= 0) continue
    const v = v0 * v0 * v0
    const u = 1 - uniform()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v
  }
  return d
}

/** One draw from Beta(alpha, beta), alpha and beta > 0. */
export const sampleBeta = (alpha: number, beta: number, uniform: Uniform): number => {
  const x = gamma(alpha, uniform)
  const y = gamma(beta, uniform)
  return x + y === 0 ? alpha / (alpha + beta) : x / (x + y)
}

/**
 * A small seeded generator (mulberry32) for the many draws of one ranking:
 * one seed is taken from Effect's Random per ranking, so the ranking stays a
 * pure function of its inputs and a seeded Random repeats it exactly.
 */
export const seededUniform = (seed: number): Uniform => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
