/**
 * Where a replayed request goes: through the pipeline in this process (the
 * same Layers as the server), or to a running server over gRPC. Both give a
 * `CallOutcome` measured the same way, and never fail: a failed call is an
 * outcome with the gRPC status the server would have answered.
 */
import * as grpc from "@grpc/grpc-js"
import { Cause, Clock, Effect, Exit, Option, Random, type Scope, Stream } from "effect"
import { canonicalJson } from "../domain/canonical.js"
import type { RecommendError } from "../domain/errors.js"
import type { RecommendedItem } from "../domain/items/item.js"
import type { RawRecommendRequest } from "../domain/request.js"
import type { RecommendedItem__Output } from "../grpc/generated/recommendation/RecommendedItem.js"
import type { RecommendResponse__Output } from "../grpc/generated/recommendation/RecommendResponse.js"
import type { RecommendationServiceClient } from "../grpc/generated/recommendation/RecommendationService.js"
import { recommendationProto } from "../grpc/proto.js"
import { toGrpcStatus } from "../grpc/status.js"
import { type PipelineServices, recommend } from "../pipeline/recommend.js"
import { type CallOutcome, roundMs } from "./report.js"

export type Target<R> = (request: RawRecommendRequest) => Effect.Effect<CallOutcome, never, R>

const sources: ReadonlyArray<string> = ["catalog", "model", "citation", ""]

const fromWireItem = (item: RecommendedItem__Output): RecommendedItem => ({
  ...item,
  source: sources.includes(item.source) ? (item.source as RecommendedItem["source"]) : ""
})

export const statusName = (code: grpc.status): string => grpc.status[code] ?? `CODE_${code}`

/** Accumulates one call's chunks and times, from a clock read in callbacks. */
const measure = (clock: Clock.Clock) => {
  const nowMs = () => Number(clock.unsafeCurrentTimeNanos()) / 1e6
  const start = nowMs()
  let firstMs: number | null = null
  let provider: string | null = null
  const texts: Array<string> = []
  const items: Array<RecommendedItem> = []
  return {
    chunk: (text: string, from: string, item: RecommendedItem | undefined) => {
      if (item !== undefined) items.push(item)
      // An item-only chunk (empty text) is not a chunk of the answer's text.
      if (text === "" && item !== undefined) return
      if (firstMs === null) firstMs = nowMs() - start
      texts.push(text)
      provider = from
    },
    outcome: (status: string, error: string | undefined): CallOutcome => ({
      status,
      text: texts.join(""),
      chunks: texts.length,
      ttfcMs: firstMs === null ? null : roundMs(firstMs),
      totalMs: roundMs(nowMs() - start),
      provider,
      items,
      ...(error === undefined ? {} : { error })
    })
  }
}

/**
 * What the caller is told about a failure: the edge's status, except that a
 * missing cassette says so (the edge's generic "unavailable" would hide why).
 */
const describeFailure = (cause: Cause.Cause<RecommendError>): { readonly code: string; readonly details: string } => {
  const status = toGrpcStatus(cause, false)
  const failure = Cause.failureOption(cause)
  const details = Option.match(failure, {
    onNone: () => status.details,
    onSome: (error) =>
      error._tag === "ProviderFailure" && error.kind === "missing_cassette" ? error.detail : status.details
  })
  return { code: statusName(status.code), details }
}

/** Through the pipeline in this process. */
export const inProcess: Target<PipelineServices> = (request) =>
  Effect.gen(function*() {
    const m = measure(yield* Effect.clock)
    const exit = yield* recommend({ request, deadline: Option.none() }).pipe(
      Stream.runForEach((chunk) => Effect.sync(() => m.chunk(chunk.text, chunk.provider, chunk.item))),
      // Seeded by the request: the learned ranking's draws (and so the grounding candidates a cassette is keyed by) repeat.
      Effect.withRandom(Random.make(canonicalJson(request))),
      Effect.exit
    )
    if (Exit.isSuccess(exit)) return m.outcome("OK", undefined)
    const { code, details } = describeFailure(exit.cause)
    return m.outcome(code, details)
  })

/** To a running server; the final message ("추천 완료") is not part of the text. */
export const overGrpc = (client: RecommendationServiceClient): Target<never> => (request) =>
  Effect.flatMap(Effect.clock, (clock) =>
    Effect.async<CallOutcome>((resume) => {
      const m = measure(clock)
      const call = client.Recommend(request)
      call.on("data", (message: RecommendResponse__Output) => {
        const item = message.item === null ? undefined : fromWireItem(message.item)
        // The final message's text is not the answer's, but it may carry the item the answer's end completed.
        if (message.is_final !== "true") m.chunk(message.content, message.provider, item)
        else if (item !== undefined) m.chunk("", message.provider, item)
      })
      call.on("error", () => {}) // the status event carries the outcome
      call.on("status", (status: grpc.StatusObject) => {
        resume(Effect.succeed(
          status.code === grpc.status.OK ? m.outcome("OK", undefined) : m.outcome(statusName(status.code), status.details)
        ))
      })
      return Effect.sync(() => call.cancel())
    }))

/** The target's client, connected (or a clear error) and closed with the scope. */
export const connect = (address: string, waitMs = 5_000): Effect.Effect<RecommendationServiceClient, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() =>
      // Round robin: over a headless Service's addresses (dns:///...) each call goes to the next replica.
      new recommendationProto.RecommendationService(address, grpc.credentials.createInsecure(), {
        "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] })
      })
    ),
    (client) => Effect.sync(() => client.close())
  ).pipe(
    Effect.tap((client) =>
      Effect.async<void, Error>((resume) => {
        client.waitForReady(Date.now() + waitMs, (error) =>
          resume(error ? Effect.fail(new Error(`could not connect to ${address} within ${waitMs / 1000} s.`)) : Effect.void))
      })
    )
  )
