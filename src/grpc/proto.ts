/** The wire contract, loaded once from protos/ with options matching the generated types. */
import * as grpc from "@grpc/grpc-js"
import * as protoLoader from "@grpc/proto-loader"
import { fileURLToPath } from "node:url"
import type { ProtoGrpcType } from "./generated/recommendation.js"

/** protos/ sits at the package root, two levels above both src/grpc and dist/grpc. */
export const protoDirectory = fileURLToPath(new URL("../../protos/", import.meta.url))

/** Must match the flags of `npm run gen:proto`. */
export const loaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoDirectory]
}

export const packageDefinition = protoLoader.loadSync("recommendation.proto", loaderOptions)

export const recommendationProto = (grpc.loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType).recommendation

/** The final message's text, fixed by the contract existing clients rely on. */
export const finalMessageContent = "추천 완료"
