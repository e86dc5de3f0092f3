/** Number settings read from the environment, with the same messages everywhere. */
import { Config } from "effect"

export const positiveInt = (name: string, fallback: number): Config.Config<number> =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

export const nonNegativeInt = (name: string, fallback: number): Config.Config<number> =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a non-negative integer", validation: (n) => n >= 0 }),
    Config.withDefault(fallback)
  )
