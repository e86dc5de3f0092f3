// Original file: protos/recommendation.proto


export interface RecommendRequest {
  'user_id'?: (string);
  'browser_context'?: (string);
  'content_type'?: (string);
  'content_period'?: (string);
}

export interface RecommendRequest__Output {
  'user_id': (string);
  'browser_context': (string);
  'content_type': (string);
  'content_period': (string);
}
