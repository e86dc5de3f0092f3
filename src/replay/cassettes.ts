/**
 * Cassettes: the provider's answers saved to disk so that a replay is exactly
 * repeatable offline. The recorded unit is the `Llm`'s chunk stream for one
 * `LlmRequest`; a cassette is a JSON file named by the request's hash
 * (`llmRequestKey`: everything the provider is given, so the same prompt finds
 * the same cassette). A stream that failed is recorded with its failure, so a
 * replay fails the same way; a cancelled stream is not recorded.
 */
import { Data, Effect, Layer, Schema, Stream } from "effect"
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { llmRequestKey } from "../domain/canonical.js"
import { ProviderFailure, ProvidersUnavailable } from "../domain/errors.js"
import { Llm, type LlmChunk, type LlmService } from "../services/Llm.js"

export const Cassette = Schema.Struct({
  version: Schema.Literal(1),
  chunks: Schema.Array(Schema.Struct({ text: Schema.String, provider: Schema.String })),
  failure: Schema.optional(Schema.Union(ProviderFailure, ProvidersUnavailable))
})
export type Cassette = typeof Cassette.Type

const encodeCassette = Schema.encodeSync(Schema.parseJson(Cassette, { space: 2 }))
const decodeCassette = Schema.decodeUnknownEither(Schema.parseJson(Cassette))

/** The cassette directory cannot be used; `message` is one sentence. */
export class CassetteDirectoryError extends Data.TaggedError("CassetteDirectoryError")<{ readonly message: string }> {}

export const cassettePath = (directory: string, key: string): string => join(directory, `${key}.json`)

/** Written whole or not at all: a run that is stopped never leaves half a cassette. */
const writeCassette = (directory: string, key: string, cassette: Cassette) =>
  Effect.promise(async () => {
    const path = cassettePath(directory, key)
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    await writeFile(temporary, `${encodeCassette(cassette)}\n`, "utf8")
    await rename(temporary, path)
  })

/** Passes every stream through and saves it. */
export const recordingLlm = (inner: LlmService, directory: string): LlmService => ({
  stream: (request) =>
    Stream.suspend(() => {
      const key = llmRequestKey(request)
      const chunks: Array<LlmChunk> = []
      return inner.stream(request).pipe(
        Stream.tap((chunk) => Effect.sync(() => chunks.push({ text: chunk.text, provider: chunk.provider }))),
        Stream.tapError((failure) => writeCassette(directory, key, { version: 1, chunks, failure })),
        Stream.concat(Stream.drain(Stream.fromEffect(Effect.suspend(() => writeCassette(directory, key, { version: 1, chunks })))))
      )
    })
})

const missing = (key: string, directory: string) =>
  new ProviderFailure({
    provider: "cassette",
    kind: "missing_cassette",
    afterFirstToken: false,
    detail: `no cassette ${key}.json in ${directory} for this request: record it first with --record`
  })

/** Serves every stream from the cassettes, with no network at all. */
export const cassetteLlm = (directory: string): LlmService => ({
  stream: (request) =>
    Stream.unwrap(Effect.gen(function*() {
      const key = llmRequestKey(request)
      const text = yield* Effect.tryPromise(() => readFile(cassettePath(directory, key), "utf8")).pipe(
        Effect.mapError(() => missing(key, directory))
      )
      const decoded = decodeCassette(text)
      if (decoded._tag === "Left") {
        return yield* new ProviderFailure({
          provider: "cassette",
          kind: "bad_response",
          afterFirstToken: false,
          detail: `cassette ${key}.json in ${directory} is not a valid cassette`
        })
      }
      const cassette = decoded.right
      const chunks = Stream.fromIterable(cassette.chunks)
      return cassette.failure === undefined ? chunks : Stream.concat(chunks, Stream.fail(cassette.failure))
    }))
})

/** `--record DIR`: the given providers, each stream saved in DIR (created when missing). */
export const recordingLayer = <E, R>(
  directory: string,
  providers: Layer.Layer<Llm, E, R>
): Layer.Layer<Llm, E | CassetteDirectoryError, R> =>
  Layer.effect(
    Llm,
    Effect.gen(function*() {
      yield* Effect.tryPromise({
        try: () => mkdir(directory, { recursive: true }),
        catch: () => new CassetteDirectoryError({ message: `cassette directory ${directory} could not be created.` })
      })
      return recordingLlm(yield* Llm, directory)
    })
  ).pipe(Layer.provide(providers))

/** `--replay DIR`: the provider served from DIR's cassettes; no provider is built, so nothing reaches a network. */
export const cassetteLayer = (directory: string): Layer.Layer<Llm, CassetteDirectoryError> =>
  Layer.effect(
    Llm,
    Effect.tryPromise({
      try: () => stat(directory),
      catch: () => new CassetteDirectoryError({ message: `cassette directory ${directory} does not exist.` })
    }).pipe(
      Effect.filterOrFail(
        (info) => info.isDirectory(),
        () => new CassetteDirectoryError({ message: `cassette directory ${directory} is not a directory.` })
      ),
      Effect.as(cassetteLlm(directory))
    )
  )
