/**
 * Keywords (English and Korean, in tokenized form: lower case, particles
 * stripped) that are evidence for a taxonomy category, so that an unknown
 * host, a title or a query maps to interests through its words. Two-word
 * keywords ("machine learning") match adjacent words of one text.
 *
 * Kept to words that rarely mean anything else; ambiguous ones ("go",
 * "java" the island, "apple") are left out on purpose.
 */
import { category as c } from "./categories.js"

const groups: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  // Technology & Computing
  [c.programming, [
    "python", "파이썬", "javascript", "자바스크립트", "typescript", "타입스크립트", "java", "자바", "kotlin", "코틀린",
    "rust", "러스트", "golang", "ruby", "php", "swift", "scala", "haskell", "elixir", "programming",
    "프로그래밍", "코딩", "coding", "algorithm", "algorithms", "알고리즘", "자료구조", "data structures", "compiler",
    "컴파일러", "개발자", "developer", "refactoring", "리팩토링", "debugging", "디버깅", "코딩테스트", "leetcode",
    "spring", "스프링", "django", "fastapi", "npm", "pip", "백엔드", "backend", "unit test", "테스트 코드",
    "concurrency", "동시성", "함수형", "functional programming", "객체지향", "디자인 패턴", "design patterns", "git"
  ]],
  [c.webDevelopment, [
    "react", "리액트", "vue", "angular", "svelte", "next.js", "nextjs", "node.js", "nodejs", "노드", "frontend",
    "프론트엔드", "css", "html", "웹개발", "web development", "webpack", "vite", "tailwind", "graphql", "rest api",
    "api", "grpc", "websocket", "웹소켓"
  ]],
  [c.databases, ["sql", "database", "databases", "데이터베이스", "postgresql", "postgres", "mysql", "mongodb", "redis", "sqlite"]],
  [c.cloud, [
    "docker", "도커", "kubernetes", "쿠버네티스", "k8s", "aws", "azure", "gcp", "terraform", "devops", "클라우드", "cloud",
    "serverless", "서버리스", "microservices", "마이크로서비스", "배포"
  ]],
  [c.operatingSystems, ["linux", "리눅스", "ubuntu", "우분투", "windows", "윈도우", "macos", "kernel", "커널"]],
  [c.security, ["security", "보안", "hacking", "해킹", "encryption", "암호화", "vulnerability", "취약점", "malware", "악성코드"]],
  [c.networking, ["network", "networking", "네트워크", "tcp", "dns", "라우터"]],
  [c.artificialIntelligence, [
    "ai", "인공지능", "machine learning", "머신러닝", "deep learning", "딥러닝", "llm", "gpt", "chatgpt", "챗지피티",
    "pytorch", "파이토치", "tensorflow", "텐서플로", "transformer", "트랜스포머", "neural network", "신경망", "nlp",
    "자연어처리", "computer vision", "컴퓨터비전", "data science", "데이터 사이언스", "데이터분석", "pandas", "판다스",
    "numpy", "scikit", "생성형", "rag", "파인튜닝", "embedding", "임베딩", "claude", "gemini"
  ]],
  [c.smartphones, ["iphone", "아이폰", "android", "안드로이드", "galaxy", "갤럭시", "smartphone", "스마트폰", "휴대폰"]],
  [c.laptops, ["laptop", "노트북", "macbook", "맥북"]],
  [c.consumerElectronics, ["gadget", "가전제품", "이어폰", "headphones", "tv", "카메라", "camera", "태블릿", "ipad", "아이패드"]],
  [c.robotics, ["robot", "robotics", "로봇"]],
  [c.virtualReality, ["vr", "가상현실", "vision pro"]],
  [c.productivity, ["notion", "노션", "productivity", "생산성", "엑셀", "excel"]],

  // Business, money, work, learning
  [c.startups, ["startup", "startups", "스타트업", "창업", "투자유치", "venture capital"]],
  [c.marketing, ["marketing", "마케팅", "브랜딩", "branding", "seo", "광고"]],
  [c.economy, ["economy", "경제", "inflation", "인플레이션", "물가", "gdp", "recession", "경기침체", "무역", "관세", "tariff", "tariffs"]],
  [c.interestRates, ["금리", "기준금리", "interest rates", "연준"]],
  [c.currencies, ["환율", "달러", "bitcoin", "비트코인", "crypto", "가상화폐", "암호화폐", "코인", "ethereum", "이더리움"]],
  [c.stocks, ["stock", "stocks", "주식", "주가", "코스피", "코스닥", "kospi", "nasdaq", "나스닥", "etf", "배당", "dividend"]],
  [c.personalInvesting, ["investing", "investment", "투자", "재테크", "펀드"]],
  [c.consumerBanking, ["적금", "예금", "은행", "bank", "banking"]],
  [c.personalTaxes, ["세금", "연말정산", "종합소득세", "tax", "taxes"]],
  [c.retirement, ["연금", "퇴직연금", "irp", "retirement", "401k"]],
  [c.realEstate, ["부동산", "real estate", "청약", "전세", "월세", "매매"]],
  [c.apartments, ["아파트", "apartment", "apartments"]],
  [c.jobSearch, ["취업", "이직", "채용", "구직", "job", "jobs", "hiring", "면접", "interview"]],
  [c.resumes, ["이력서", "자소서", "자기소개서", "resume", "포트폴리오"]],
  [c.careers, ["career", "커리어", "연봉", "salary"]],
  [c.languageLearning, ["영어공부", "영어회화", "토익", "toeic", "토플", "일본어", "jlpt", "english grammar", "단어장"]],
  [c.standardizedTesting, ["수능", "모의고사"]],
  [c.homeworkAndStudy, ["공부법", "스터디", "study"]],
  [c.onlineEducation, ["강의", "인강", "online course", "mooc", "강좌"]],

  // Culture and leisure
  [c.books, ["book", "books", "책", "독서", "서평", "book review", "베스트셀러", "bestseller"]],
  [c.fiction, ["소설", "novel", "fiction", "웹소설"]],
  [c.comics, ["웹툰", "webtoon", "만화", "manga", "comics"]],
  [c.movies, ["movie", "movies", "film", "영화", "개봉", "box office", "박스오피스"]],
  [c.television, ["드라마", "drama", "예능", "series", "시즌"]],
  [c.music, ["music", "음악", "kpop", "케이팝", "album", "앨범", "노래", "song", "콘서트", "concert", "playlist", "플레이리스트"]],
  [c.animation, ["anime", "애니", "애니메이션", "animation"]],
  [c.popCulture, ["celebrity", "연예인", "아이돌", "idol", "가십"]],
  [c.videoGaming, ["game", "games", "gaming", "게임", "게이머", "공략"]],
  [c.pcGames, ["steam", "스팀", "리그오브레전드", "minecraft", "마인크래프트", "발로란트", "valorant"]],
  [c.consoleGames, ["nintendo", "닌텐도", "playstation", "플레이스테이션", "ps5", "xbox", "젤다", "zelda"]],
  [c.mobileGames, ["모바일게임", "mobile game"]],
  [c.eSports, ["esports", "이스포츠", "lck", "worlds", "롤드컵"]],
  [c.photography, ["photography", "사진", "출사", "lightroom", "라이트룸", "필름카메라"]],
  [c.design, ["design", "디자인", "ui", "ux", "figma", "피그마", "타이포그래피", "typography"]],
  [c.artsAndCrafts, ["diy", "뜨개질", "knitting", "공예", "craft", "crafts"]],

  // Food
  [c.cooking, [
    "recipe", "recipes", "레시피", "요리", "cooking", "cook", "집밥", "반찬", "김치", "김치찌개", "된장찌개", "찌개", "볶음",
    "볶음밥", "떡볶이", "불고기", "잡채", "국밥", "파스타", "pasta", "에어프라이어", "air fryer", "밀키트", "도시락", "자취요리",
    "백종원", "소스", "양념", "kimchi", "ramen", "라멘", "라면", "curry", "카레", "stew", "soup", "수육", "계란말이"
  ]],
  [c.dessertsAndBaking, ["baking", "베이킹", "bake", "빵", "bread", "cake", "케이크", "쿠키", "cookies", "디저트", "dessert", "sourdough", "마카롱"]],
  [c.diningOut, ["맛집", "restaurant", "restaurants", "식당", "오마카세", "brunch"]],
  [c.worldCuisines, ["korean food", "한식", "일식", "중식", "양식", "sushi", "스시", "초밥", "taco", "tacos"]],
  [c.healthyCooking, ["healthy recipes", "저탄고지", "샐러드", "salad", "키토", "keto"]],
  [c.vegan, ["vegan", "비건"]],
  [c.vegetarian, ["vegetarian", "채식"]],
  [c.alcoholicBeverages, ["wine", "와인", "beer", "맥주", "cocktail", "칵테일", "위스키", "whisky", "whiskey", "막걸리", "소주"]],
  [c.nonAlcoholicBeverages, ["coffee", "커피", "tea", "카페라떼", "espresso", "에스프레소", "홈카페"]],

  // Health, home, family, pets
  [c.fitness, ["fitness", "헬스", "운동", "workout", "gym", "요가", "yoga", "필라테스", "pilates", "홈트", "스쿼트"]],
  [c.running, ["running", "러닝", "마라톤", "marathon", "조깅", "jogging"]],
  [c.nutrition, ["nutrition", "영양", "단백질", "protein", "칼로리", "calories"]],
  [c.weightLoss, ["다이어트", "diet", "weight loss", "체중감량"]],
  [c.supplements, ["영양제", "supplements", "비타민", "vitamin", "유산균"]],
  [c.diseases, ["증상", "symptoms", "질환", "disease", "치료", "treatment", "병원"]],
  [c.mentalHealth, ["우울증", "depression", "불안", "anxiety", "mental health", "정신건강", "번아웃", "burnout", "스트레스"]],
  [c.sleepDisorders, ["불면증", "insomnia", "수면", "sleep"]],
  [c.vaccines, ["백신", "vaccine", "예방접종"]],
  [c.interiorDecorating, ["인테리어", "interior", "가구", "furniture", "집꾸미기", "오늘의집"]],
  [c.homeAppliances, ["가전", "냉장고", "세탁기", "청소기", "로봇청소기", "dishwasher", "식기세척기"]],
  [c.gardening, ["gardening", "원예", "식물", "plants", "텃밭", "반려식물"]],
  [c.parenting, ["육아", "parenting", "어린이집", "유치원", "초등"]],
  [c.babies, ["아기", "baby", "신생아", "이유식", "기저귀"]],
  [c.dogs, ["강아지", "반려견", "dog", "dogs", "puppy", "견종"]],
  [c.cats, ["고양이", "반려묘", "cat", "cats", "kitten", "냥이"]],
  [c.pets, ["반려동물", "pet", "pets", "펫"]],

  // Society and science
  [c.politics, ["politics", "정치", "government", "정부", "국회", "congress", "parliament", "president", "대통령", "여당", "야당", "탄핵", "impeachment"]],
  [c.elections, ["election", "elections", "선거", "대선", "총선", "지방선거", "투표", "vote", "voting", "여론조사", "poll"]],
  [c.policy, ["policy", "정책", "법안", "규제", "regulation", "복지"]],
  [c.law, ["law", "법원", "court", "재판", "판결", "verdict", "헌법재판소", "supreme court", "lawsuit", "소송"]],
  [c.crime, ["crime", "범죄", "살인", "murder", "사기", "fraud", "경찰", "police", "검찰"]],
  [c.disasters, ["earthquake", "지진", "홍수", "flood", "wildfire", "산불", "재난", "disaster", "hurricane"]],
  [c.warAndConflicts, ["war", "전쟁", "ukraine", "우크라이나", "러시아", "russia", "gaza", "가자", "이스라엘", "israel", "military", "군사", "북한", "미사일", "missile"]],
  [c.weather, ["weather", "날씨", "태풍", "typhoon", "폭염", "heatwave", "장마", "일기예보", "forecast", "미세먼지"]],
  [c.science, ["science", "과학", "research", "연구", "논문", "paper", "papers"]],
  [c.space, ["space", "우주", "nasa", "spacex", "rocket", "로켓", "화성", "mars", "telescope", "망원경", "누리호"]],
  [c.physics, ["physics", "물리", "물리학", "quantum"]],
  [c.biology, ["biology", "생물", "생물학", "세포"]],
  [c.chemistry, ["chemistry", "화학"]],
  [c.environment, ["climate", "climate change", "기후", "기후변화", "탄소", "carbon", "환경", "environment", "탄소중립"]],

  // Shopping, style, sport, travel, cars
  [c.shopping, ["쇼핑", "shopping", "구매", "직구", "추천템"]],
  [c.coupons, ["쿠폰", "coupon", "coupons", "할인코드", "promo code"]],
  [c.sales, ["특가", "세일", "sale", "최저가", "핫딜", "deal", "deals", "블랙프라이데이", "black friday"]],
  [c.groceries, ["장보기", "grocery", "groceries", "마트", "새벽배송"]],
  [c.style, ["fashion", "패션", "코디", "ootd", "옷"]],
  [c.skinCare, ["skincare", "스킨케어", "선크림", "sunscreen", "토너", "세럼", "serum"]],
  [c.makeup, ["makeup", "메이크업", "화장품", "cosmetics", "립스틱", "쿠션"]],
  [c.sports, ["sports", "스포츠", "올림픽", "olympics", "월드컵", "world cup"]],
  [c.soccer, ["soccer", "football", "축구", "프리미어리그", "premier league", "epl", "챔피언스리그", "손흥민"]],
  [c.baseball, ["baseball", "야구", "kbo", "mlb", "메이저리그", "프로야구"]],
  [c.basketball, ["basketball", "농구", "nba", "kbl"]],
  [c.golf, ["golf", "골프"]],
  [c.tennis, ["tennis", "테니스"]],
  [c.swimming, ["swimming", "수영"]],
  [c.climbing, ["클라이밍", "climbing", "bouldering", "볼더링"]],
  [c.outdoorActivities, ["등산", "hiking", "트레킹", "trekking", "둘레길"]],
  [c.camping, ["캠핑", "camping", "차박", "글램핑"]],
  [c.travel, ["travel", "여행", "trip", "itinerary", "여행지", "관광", "tourism"]],
  [c.asiaTravel, ["일본여행", "도쿄", "tokyo", "오사카", "osaka", "후쿠오카", "교토", "kyoto", "방콕", "bangkok", "다낭", "베트남", "vietnam", "대만", "taiwan", "제주", "제주도", "부산"]],
  [c.europeTravel, ["유럽여행", "파리", "paris", "런던", "london", "로마", "rome", "바르셀로나", "barcelona", "스위스"]],
  [c.airTravel, ["항공권", "flight", "flights", "비행기", "airline", "airport", "공항"]],
  [c.hotels, ["hotel", "hotels", "호텔", "숙소", "리조트", "resort", "펜션"]],
  [c.travelPreparation, ["여권", "passport", "visa", "비자", "환전", "여행자보험", "travel insurance"]],
  [c.automotive, ["car", "cars", "자동차", "차량", "중고차", "신차", "suv"]],
  [c.greenVehicles, ["전기차", "electric vehicle", "ev", "tesla", "테슬라", "하이브리드", "hybrid"]]
]

const keywordTable: ReadonlyMap<string, ReadonlyArray<string>> = (() => {
  const table = new Map<string, Array<string>>()
  for (const [id, keywords] of groups) {
    for (const keyword of keywords) {
      const ids = table.get(keyword)
      if (ids === undefined) table.set(keyword, [id])
      else if (!ids.includes(id)) ids.push(id)
    }
  }
  return table
})()

/** Categories a word (or two adjacent words joined by one space) is evidence for; empty when none. */
export const categoriesOfKeyword = (term: string): ReadonlyArray<string> => keywordTable.get(term) ?? []

const firstWords: ReadonlySet<string> = new Set(
  [...keywordTable.keys()].filter((keyword) => keyword.includes(" ")).map((keyword) => keyword.split(" ")[0] as string)
)

/** Whether some two-word keyword starts with this word (so the pair is worth looking up). */
export const startsTwoWordKeyword = (word: string): boolean => firstWords.has(word)

/** Every keyword with its categories (for tests: each must tokenize to itself). */
export const keywordEntries: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [...keywordTable]
