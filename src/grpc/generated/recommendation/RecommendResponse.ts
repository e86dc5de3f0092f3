// Original file: protos/recommendation.proto


export interface RecommendResponse {
  'content'?: (string);
  'is_final'?: (string);
  'sequence'?: (number);
  'recommendation_id'?: (string);
  'provider'?: (string);
}

export interface RecommendResponse__Output {
  'content': (string);
  'is_final': (string);
  'sequence': (number);
  'recommendation_id': (string);
  'provider': (string);
}
