// Original file: protos/recommendation.proto


export interface FeedbackRequest {
  'recommendation_id'?: (string);
  'event'?: (string);
  'clicked_url'?: (string);
  'user_id'?: (string);
  'item_id'?: (string);
  'position'?: (number);
}

export interface FeedbackRequest__Output {
  'recommendation_id': (string);
  'event': (string);
  'clicked_url': (string);
  'user_id': (string);
  'item_id': (string);
  'position': (number);
}
