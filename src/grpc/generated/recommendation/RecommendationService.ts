// Original file: protos/recommendation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FeedbackRequest as _recommendation_FeedbackRequest, FeedbackRequest__Output as _recommendation_FeedbackRequest__Output } from '../recommendation/FeedbackRequest.js';
import type { FeedbackResponse as _recommendation_FeedbackResponse, FeedbackResponse__Output as _recommendation_FeedbackResponse__Output } from '../recommendation/FeedbackResponse.js';
import type { RecommendRequest as _recommendation_RecommendRequest, RecommendRequest__Output as _recommendation_RecommendRequest__Output } from '../recommendation/RecommendRequest.js';
import type { RecommendResponse as _recommendation_RecommendResponse, RecommendResponse__Output as _recommendation_RecommendResponse__Output } from '../recommendation/RecommendResponse.js';

export interface RecommendationServiceClient extends grpc.Client {
  Recommend(argument: _recommendation_RecommendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  Recommend(argument: _recommendation_RecommendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  recommend(argument: _recommendation_RecommendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  recommend(argument: _recommendation_RecommendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_recommendation_RecommendResponse__Output>;
  
  RecordFeedback(argument: _recommendation_FeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  RecordFeedback(argument: _recommendation_FeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  RecordFeedback(argument: _recommendation_FeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  RecordFeedback(argument: _recommendation_FeedbackRequest, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  recordFeedback(argument: _recommendation_FeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  recordFeedback(argument: _recommendation_FeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  recordFeedback(argument: _recommendation_FeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  recordFeedback(argument: _recommendation_FeedbackRequest, callback: grpc.requestCallback<_recommendation_FeedbackResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface RecommendationServiceHandlers extends grpc.UntypedServiceImplementation {
  Recommend: grpc.handleServerStreamingCall<_recommendation_RecommendRequest__Output, _recommendation_RecommendResponse>;
  
  RecordFeedback: grpc.handleUnaryCall<_recommendation_FeedbackRequest__Output, _recommendation_FeedbackResponse>;
  
}

export interface RecommendationServiceDefinition extends grpc.ServiceDefinition {
  Recommend: MethodDefinition<_recommendation_RecommendRequest, _recommendation_RecommendResponse, _recommendation_RecommendRequest__Output, _recommendation_RecommendResponse__Output>
  RecordFeedback: MethodDefinition<_recommendation_FeedbackRequest, _recommendation_FeedbackResponse, _recommendation_FeedbackRequest__Output, _recommendation_FeedbackResponse__Output>
}
