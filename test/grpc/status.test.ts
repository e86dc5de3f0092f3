import { status as Status } from "@grpc/grpc-js"
import { describe, expect, it } from "@effect/vitest"
import { Cause, FiberId } from "effect"
import {
  InvalidArgument,
  ProviderFailure,
  ProvidersUnavailable,
  ResourceExhausted,
  Unauthenticated
} from "../../src/domain/errors.js"
import { toGrpcStatus } from "../../src/grpc/status.js"

const failure = (kind: ProviderFailure["kind"], afterFirstToken: boolean) =>
  new ProviderFailure({ provider: "openai", kind, afterFirstToken, detail: "secret-ish upstream detail" })

describe("toGrpcStatus", () => {
  it("maps every tagged failure to its status with a one-sentence message", () => {
    const cases = [
      [new InvalidArgument({ field: "user_id", reason: "user_id is required." }), Status.INVALID_ARGUMENT],
      [new Unauthenticated({ reason: "A valid API key is required." }), Status.UNAUTHENTICATED],
      [new ResourceExhausted({ limit: "streams", reason: "Too many streams for this key." }), Status.RESOURCE_EXHAUSTED],
      [failure("truncated", true), Status.UNAVAILABLE],
      [failure("connection", false), Status.UNAVAILABLE],
      [new ProvidersUnavailable({ reason: "all failed", failures: [] }), Status.UNAVAILABLE]
    ] as const
    for (const [error, code] of cases) {
      const status = toGrpcStatus(Cause.fail(error), false)
      expect(status.code).toBe(code)
      expect(status.details).toMatch(/^\S[^\n]*\.$/)
      expect(status.details).not.toContain("secret-ish")
    }
  })

  it("keeps the reason of invalid input, which names the field", () => {
    const reason = "browser_context.visited_sites must be an array."
    expect(toGrpcStatus(Cause.fail(new InvalidArgument({ field: "browser_context", reason })), false))
      .toEqual({ code: Status.INVALID_ARGUMENT, details: reason })
  })

  it("maps interruption to CANCELLED, or DEADLINE_EXCEEDED when the deadline passed", () => {
    const interrupted = Cause.interrupt(FiberId.none)
    expect(toGrpcStatus(interrupted, false).code).toBe(Status.CANCELLED)
    expect(toGrpcStatus(interrupted, true).code).toBe(Status.DEADLINE_EXCEEDED)
  })

  it("hides defects behind a generic INTERNAL", () => {
    const status = toGrpcStatus(Cause.die(new Error("database password is hunter2")), false)
    expect(status).toEqual({ code: Status.INTERNAL, details: "internal error" })
  })

  it("prefers a typed failure over an interruption in the same cause", () => {
    const cause = Cause.parallel(Cause.interrupt(FiberId.none), Cause.fail(failure("truncated", true)))
    expect(toGrpcStatus(cause, false).code).toBe(Status.UNAVAILABLE)
  })
})
