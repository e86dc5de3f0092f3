// Original file: protos/recommendation.proto

import type { RecommendedItem as _recommendation_RecommendedItem, RecommendedItem__Output as _recommendation_RecommendedItem__Output } from '../recommendation/RecommendedItem.js';

export interface RecommendResponse {
  'content'?: (string);
  'is_final'?: (string);
  'sequence'?: (number);
  'recommendation_id'?: (string);
  'provider'?: (string);
  'item'?: (_recommendation_RecommendedItem | null);
}

export interface RecommendResponse__Output {
  'content': (string);
  'is_final': (string);
  'sequence': (number);
  'recommendation_id': (string);
  'provider': (string);
  'item': (_recommendation_RecommendedItem__Output | null);
}
