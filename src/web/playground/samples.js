// Sample browsing contexts, in English and Korean: what a browser extension
// would collect for a developer, a home cook, a runner, a traveller, and a
// user with no history yet (cold start).
const site = (url, title, visited_at, duration_s) => ({ url, title, visited_at, duration_s })

export const samples = [
  {
    id: "developer-en", name: { en: "Developer (English)", ko: "개발자 (영어)" }, content_type: "technical", content_period: "recent",
    context: {
      visited_sites: [
        site("https://github.com/microsoft/TypeScript/issues", "Issues · microsoft/TypeScript", "2026-11-30T09:05:00Z", 600),
        site("https://stackoverflow.com/questions/tagged/typescript", "Newest 'typescript' Questions - Stack Overflow", "2026-11-30T09:20:00Z", 420),
        site("https://developer.mozilla.org/en-US/docs/Web/API/Streams_API", "Streams API - Web APIs | MDN", "2026-11-30T10:00:00Z", 900),
        site("https://effect.website/docs/stream/introduction/", "Introduction to Streams | Effect Documentation", "2026-11-30T10:30:00Z", 720)
      ],
      search_queries: ["typescript generics tutorial", "server sent events node", "effect stream backpressure"],
      time_spent: { "github.com": 1800, "developer.mozilla.org": 900 }
    }
  },
  {
    id: "developer-ko", name: { en: "Developer (Korean)", ko: "개발자 (한국어)" }, content_type: "tutorial", content_period: "any",
    context: {
      visited_sites: [
        site("https://velog.io/@dev/react-state", "리액트 상태 관리 정리", "2026-11-30T13:00:00Z", 540),
        site("https://ko.javascript.info/async", "프라미스와 async, await", "2026-11-30T13:20:00Z", 660),
        site("https://okky.kr/questions", "OKKY - 질문 게시판", "2026-11-30T14:00:00Z", 300)
      ],
      search_queries: ["리액트 훅 튜토리얼", "타입스크립트 제네릭"],
      time_spent: { "velog.io": 900 }
    }
  },
  {
    id: "cook-ko", name: { en: "Home cook (Korean)", ko: "집밥 요리사 (한국어)" }, content_type: "video", content_period: "any",
    context: {
      visited_sites: [
        site("https://www.10000recipe.com/recipe/6903394", "백종원 김치찌개 황금레시피 - 만개의레시피", "2026-11-29T08:10:00Z", 420),
        site("https://www.10000recipe.com/recipe/6835128", "된장찌개 맛있게 끓이는 법 - 만개의레시피", "2026-11-29T08:25:00Z", 360),
        site("https://blog.naver.com/yummy_home/223381234567", "자취생 일주일 반찬 만들기 : 네이버 블로그", "2026-11-29T09:00:00Z", 540)
      ],
      search_queries: ["김치찌개 레시피", "밑반찬 만들기", "에어프라이어 수육"]
    }
  },
  {
    id: "cook-en", name: { en: "Home cook (English)", ko: "집밥 요리사 (영어)" }, content_type: "article", content_period: "month",
    context: {
      visited_sites: [
        site("https://www.seriouseats.com/the-food-lab", "The Food Lab | Serious Eats", "2026-11-29T18:00:00Z", 600),
        site("https://www.bbcgoodfood.com/recipes/collection/easy-dinner-recipes", "Easy dinner recipes | BBC Good Food", "2026-11-29T18:20:00Z", 480)
      ],
      search_queries: ["sourdough starter", "one pot pasta recipe"]
    }
  },
  {
    id: "runner-en", name: { en: "Runner (English)", ko: "러너 (영어)" }, content_type: "general", content_period: "week",
    context: {
      visited_sites: [
        site("https://www.runnersworld.com/training/", "Running Training Plans | Runner's World", "2026-11-28T06:30:00Z", 500),
        site("https://www.strava.com/dashboard", "Dashboard | Strava", "2026-11-28T07:30:00Z", 240)
      ],
      search_queries: ["marathon training plan beginner", "best running shoes 2026", "interval training"]
    }
  },
  {
    id: "runner-ko", name: { en: "Runner (Korean)", ko: "러너 (한국어)" }, content_type: "article", content_period: "any",
    context: {
      visited_sites: [
        site("https://blog.naver.com/runlife/223300000001", "하프 마라톤 준비 12주 훈련표 : 네이버 블로그", "2026-11-28T06:00:00Z", 480),
        site("https://www.youtube.com/watch?v=running101", "러닝 자세 교정 - YouTube", "2026-11-28T06:40:00Z", 600)
      ],
      search_queries: ["마라톤 훈련", "러닝화 추천"]
    }
  },
  {
    id: "traveller-ko", name: { en: "Traveller (Korean)", ko: "여행자 (한국어)" }, content_type: "general", content_period: "any",
    context: {
      visited_sites: [
        site("https://www.myrealtrip.com/", "마이리얼트립 - 해외여행 투어", "2026-11-27T21:00:00Z", 420),
        site("https://blog.naver.com/travel_jeju/223350000000", "제주도 3박 4일 여행 코스 : 네이버 블로그", "2026-11-27T21:20:00Z", 600)
      ],
      search_queries: ["오사카 맛집", "제주도 여행 코스", "항공권 특가"]
    }
  },
  {
    id: "traveller-en", name: { en: "Traveller (English)", ko: "여행자 (영어)" }, content_type: "article", content_period: "any",
    context: {
      visited_sites: [
        site("https://www.lonelyplanet.com/japan", "Japan travel - Lonely Planet", "2026-11-27T20:00:00Z", 700),
        site("https://www.tripadvisor.com/Attractions-g298564-Kyoto.html", "Things to do in Kyoto - Tripadvisor", "2026-11-27T20:30:00Z", 500)
      ],
      search_queries: ["kyoto itinerary 3 days", "japan rail pass worth it"]
    }
  },
  {
    id: "cold-start", name: { en: "Cold start (no history)", ko: "콜드 스타트 (기록 없음)" }, content_type: "general", content_period: "any",
    context: { visited_sites: [], search_queries: [] }
  }
]
