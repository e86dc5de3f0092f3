// Original file: protos/recommendation.proto


export interface RecommendedItem {
  'id'?: (string);
  'url'?: (string);
  'title'?: (string);
  'reason'?: (string);
  'categories'?: (string)[];
  'format'?: (string);
  'language'?: (string);
  'source'?: (string);
  'position'?: (number);
}

export interface RecommendedItem__Output {
  'id': (string);
  'url': (string);
  'title': (string);
  'reason': (string);
  'categories': (string)[];
  'format': (string);
  'language': (string);
  'source': (string);
  'position': (number);
}
