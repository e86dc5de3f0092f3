// Original file: protos/recommendation.proto


export interface FeedbackResponse {
  'known_recommendation'?: (boolean);
}

export interface FeedbackResponse__Output {
  'known_recommendation': (boolean);
}
