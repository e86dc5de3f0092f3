import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { FeedbackRequest as _recommendation_FeedbackRequest, FeedbackRequest__Output as _recommendation_FeedbackRequest__Output } from './recommendation/FeedbackRequest.js';
import type { FeedbackResponse as _recommendation_FeedbackResponse, FeedbackResponse__Output as _recommendation_FeedbackResponse__Output } from './recommendation/FeedbackResponse.js';
import type { RecommendRequest as _recommendation_RecommendRequest, RecommendRequest__Output as _recommendation_RecommendRequest__Output } from './recommendation/RecommendRequest.js';
import type { RecommendResponse as _recommendation_RecommendResponse, RecommendResponse__Output as _recommendation_RecommendResponse__Output } from './recommendation/RecommendResponse.js';
import type { RecommendationServiceClient as _recommendation_RecommendationServiceClient, RecommendationServiceDefinition as _recommendation_RecommendationServiceDefinition } from './recommendation/RecommendationService.js';
import type { RecommendedItem as _recommendation_RecommendedItem, RecommendedItem__Output as _recommendation_RecommendedItem__Output } from './recommendation/RecommendedItem.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  recommendation: {
    FeedbackRequest: MessageTypeDefinition<_recommendation_FeedbackRequest, _recommendation_FeedbackRequest__Output>
    FeedbackResponse: MessageTypeDefinition<_recommendation_FeedbackResponse, _recommendation_FeedbackResponse__Output>
    RecommendRequest: MessageTypeDefinition<_recommendation_RecommendRequest, _recommendation_RecommendRequest__Output>
    RecommendResponse: MessageTypeDefinition<_recommendation_RecommendResponse, _recommendation_RecommendResponse__Output>
    RecommendationService: SubtypeConstructor<typeof grpc.Client, _recommendation_RecommendationServiceClient> & { service: _recommendation_RecommendationServiceDefinition }
    RecommendedItem: MessageTypeDefinition<_recommendation_RecommendedItem, _recommendation_RecommendedItem__Output>
  }
}

