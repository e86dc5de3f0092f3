// Original file: protos/recommendation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RecommendRequest as _recommendation_RecommendRequest, RecommendRequest__Output as _recommendation_RecommendRequest__Output } from '../recommendation/RecommendRequest.js';
import type { RecommendResponse as _recommendation_RecommendResponse, RecommendResponse__Output as _recommendation_RecommendResponse__Output } from '../recommendation/RecommendResponse.js';

export interface RecommendationServiceClient extends grpc.Client {
  Recommend(argument: _recommendation_RecommendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  Recommend(argument: _recommendation_RecommendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  recommend(argument: _recommendation_RecommendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  recommend(argument: _recommendation_RecommendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  
}

export interface RecommendationServiceHandlers extends grpc.UntypedServiceImplementation {
  Recommend: grpc.handleServerStreamingCall<_recommendation_RecommendRequest__Output, _recommendation_RecommendResponse>;
  
}

export interface RecommendationServiceDefinition extends grpc.ServiceDefinition {
  Recommend: MethodDefinition<_recommendation_RecommendRequest, _recommendation_RecommendResponse, _recommendation_RecommendRequest__Output, _recommendation_RecommendResponse__Output>
}
