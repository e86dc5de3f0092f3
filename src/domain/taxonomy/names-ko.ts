/**
 * Korean display names of the categories, keyed by Unique ID, for text shown
 * to Korean users (the taxonomy itself names categories in English only).
 * Translations of the category names of IAB Tech Lab Content Taxonomy 3.1,
 * CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/); the English name
 * follows each entry. In the order of the published table;
 * test/domain/names-ko.test.ts keeps it complete (every id, no other id).
 */
export const namesKo: Readonly<Record<string, string>> = {
  "150": "관광 명소", // Attractions
  "151": "놀이공원·테마파크", // Amusement and Theme Parks
  "179": "음식점·바", // Bars & Restaurants
  "181": "카지노·도박", // Casinos & Gambling
  "153": "유적지·랜드마크 투어", // Historic Site and Landmark Tours
  "154": "쇼핑몰·쇼핑센터", // Malls & Shopping Centers
  "155": "박물관·미술관", // Museums & Galleries
  "158": "나이트클럽", // Nightclubs
  "159": "야외 활동", // Outdoor Activities
  "160": "공원·자연", // Parks & Nature
  "177": "공연장", // Theater Venues
  "178": "동물원·아쿠아리움", // Zoos & Aquariums
  "1": "자동차", // Automotive
  "2": "차체 유형", // Auto Body Styles
  "3": "상용 트럭", // Commercial Trucks
  "8": "컨버터블", // Convertible
  "9": "쿠페", // Coupe
  "10": "크로스오버", // Crossover
  "11": "해치백", // Hatchback
  "12": "초소형차", // Microcar
  "13": "미니밴", // Minivan
  "14": "오프로드 차량", // Off-Road Vehicles
  "15": "픽업트럭", // Pickup Trucks
  "4": "세단", // Sedan
  "5": "왜건", // Station Wagon
  "6": "SUV", // SUV
  "7": "승합차", // Van
  "30": "자동차 매매", // Auto Buying and Selling
  "31": "자동차 보험", // Auto Insurance
  "32": "자동차 부품", // Auto Parts
  "33": "자동차 리콜", // Auto Recalls
  "41": "렌터카", // Auto Rentals
  "34": "자동차 정비", // Auto Repair
  "35": "자동차 안전", // Auto Safety
  "36": "모터쇼", // Auto Shows
  "37": "자동차 기술", // Auto Technology
  "38": "차량 인포테인먼트", // Auto Infotainment Technologies
  "39": "차량 내비게이션", // Auto Navigation Systems
  "40": "자동차 안전 기술", // Auto Safety Technologies
  "16": "차종", // Auto Type
  "17": "저가 자동차", // Budget Cars
  "18": "인증 중고차", // Certified Pre-Owned Cars
  "19": "클래식카", // Classic Cars
  "20": "콘셉트카", // Concept Cars
  "21": "자율주행차", // Driverless Cars
  "22": "친환경차", // Green Vehicles
  "23": "고급 자동차", // Luxury Cars
  "24": "고성능차", // Performance Cars
  "25": "자동차 문화", // Car Culture
  "26": "블랙박스 영상", // Dash Cam Videos
  "27": "오토바이", // Motorcycles
  "28": "긴급출동 서비스", // Road-Side Assistance
  "29": "스쿠터", // Scooters
  "42": "도서·문학", // Books and Literature
  "43": "미술·사진 도서", // Art and Photography
  "46": "만화·그래픽노블", // Comics and Graphic Novels
  "48": "소설", // Fiction
  "49": "시", // Poetry
  "52": "비즈니스·금융", // Business and Finance
  "53": "기업·경영", // Business
  "54": "기업 회계·재무", // Business Accounting & Finance
  "62": "경영 관리", // Business Administration
  "63": "기업 금융", // Business Banking & Finance
  "64": "엔젤 투자", // Angel Investment
  "65": "파산", // Bankruptcy
  "66": "기업 대출", // Business Loans
  "67": "팩토링·어음 할인", // Debt Factoring & Invoice Discounting
  "68": "인수합병", // Mergers and Acquisitions
  "69": "사모펀드", // Private Equity
  "70": "세일 앤드 리스백", // Sale & Lease Back
  "71": "벤처캐피털", // Venture Capital
  "72": "기업 IT", // Business I.T.
  "73": "기업 운영", // Business Operations
  "79": "사업장 공공요금", // Business Utilities
  "74": "소비자 이슈", // Consumer Issues
  "75": "리콜", // Recalls
  "76": "리더십·경영 관리", // Executive Leadership & Management
  "77": "정부·공공 사업", // Government Business
  "78": "친환경 솔루션", // Green Solutions
  "55": "인사 관리", // Human Resources
  "56": "대기업", // Large Business
  "57": "물류", // Logistics
  "58": "마케팅·광고", // Marketing and Advertising
  "59": "영업", // Sales
  "60": "중소기업", // Small and Medium-sized Business
  "61": "스타트업", // Startups
  "80": "경제", // Economy
  "81": "원자재", // Commodities
  "82": "외환·통화", // Currencies
  "83": "금융 위기", // Financial Crisis
  "84": "금융 개혁", // Financial Reform
  "85": "금융 규제", // Financial Regulation
  "86": "휘발유 가격", // Gasoline Prices
  "87": "주택 시장", // Housing Market
  "88": "금리", // Interest Rates
  "89": "고용 시장", // Job Market
  "90": "산업", // Industries
  "91": "광고 산업", // Advertising Industry
  "102": "농업", // Agriculture
  "113": "의류 산업", // Apparel Industry
  "117": "자동차 산업", // Automotive Industry
  "118": "항공 산업", // Aviation Industry
  "119": "바이오·의생명 산업", // Biotech and Biomedical Industry
  "120": "토목 산업", // Civil Engineering Industry
  "121": "건설 산업", // Construction Industry
  "122": "방위 산업", // Defense Industry
  "92": "교육 산업", // Education industry
  "93": "엔터테인먼트 산업", // Entertainment Industry
  "94": "환경 서비스 산업", // Environmental Services Industry
  "95": "금융 산업", // Financial Industry
  "96": "식품 산업", // Food Industry
  "97": "헬스케어 산업", // Healthcare Industry
  "98": "숙박·외식 산업", // Hospitality Industry
  "99": "정보 서비스 산업", // Information Services Industry
  "100": "법률 서비스 산업", // Legal Services Industry
  "101": "물류·운송 산업", // Logistics and Transportation Industry
  "103": "경영 컨설팅 산업", // Management Consulting Industry
  "104": "제조업", // Manufacturing Industry
  "105": "기계·산업 공학", // Mechanical and Industrial Engineering Industry
  "106": "미디어 산업", // Media Industry
  "107": "금속 산업", // Metals Industry
  "108": "비영리 단체", // Non-Profit Organizations
  "109": "제약 산업", // Pharmaceutical Industry
  "110": "전력·에너지 산업", // Power and Energy Industry
  "111": "출판 산업", // Publishing Industry
  "112": "부동산업", // Real Estate Industry
  "114": "유통 산업", // Retail Industry
  "115": "기술 산업", // Technology Industry
  "116": "통신 산업", // Telecommunications Industry
  "123": "취업·커리어", // Careers
  "124": "견습·도제 과정", // Apprenticeships
  "125": "커리어 조언", // Career Advice
  "126": "커리어 계획", // Career Planning
  "127": "구직", // Job Search
  "128": "채용 박람회", // Job Fairs
  "129": "이력서 작성", // Resume Writing and Advice
  "130": "원격 근무", // Remote Working
  "131": "직업 훈련", // Vocational Training
  "80DV8O": "커뮤니케이션", // Communication
  "380": "범죄", // Crime
  "381": "재난·재해", // Disasters
  "132": "교육", // Education
  "133": "성인 교육", // Adult Education
  "137": "대학 교육", // College Education
  "138": "대학 진학 준비", // College Planning
  "139": "대학원 교육", // Postgraduate Education
  "140": "전문대학원", // Professional School
  "141": "학부 교육", // Undergraduate Education
  "142": "유아 교육", // Early Childhood Education
  "143": "교육 평가", // Educational Assessment
  "144": "표준화 시험", // Standardized Testing
  "145": "홈스쿨링", // Homeschooling
  "146": "숙제·공부", // Homework and Study
  "147": "외국어 학습", // Language Learning
  "148": "온라인 교육", // Online Education
  "149": "초등 교육", // Primary Education
  "134": "사립학교", // Private School
  "135": "중등 교육", // Secondary Education
  "136": "특수 교육", // Special Education
  "JLBCU7": "엔터테인먼트", // Entertainment
  "324": "영화", // Movies
  "338": "음악", // Music
  "640": "TV·방송", // Television
  "8VZQHL": "행사·이벤트", // Events
  "162": "시상식", // Awards Shows
  "180": "박람회·콘퍼런스", // Business Expos & Conferences
  "185": "팬 컨벤션", // Fan Conventions
  "186": "가족·인간관계", // Family and Relationships
  "187": "사별·애도", // Bereavement
  "188": "연애", // Dating
  "189": "이혼", // Divorce
  "190": "노인 돌봄", // Eldercare
  "191": "결혼·동반자 관계", // Marriage and Civil Unions
  "192": "육아", // Parenting
  "193": "입양·위탁 양육", // Adoption and Fostering
  "194": "어린이집·유치원", // Daycare and Pre-School
  "195": "자녀 인터넷 안전", // Internet Safety
  "196": "영유아 육아", // Parenting Babies and Toddlers
  "197": "4~11세 자녀 육아", // Parenting Children Aged 4-11
  "198": "10대 자녀 육아", // Parenting Teens
  "199": "특수 아동 육아", // Special Needs Kids
  "200": "싱글 라이프", // Single Life
  "201": "미술", // Fine Art
  "202": "의상·코스튬", // Costume
  "203": "무용", // Dance
  "204": "디자인", // Design
  "205": "디지털 아트", // Digital Arts
  "206": "예술 사진", // Fine Art Photography
  "207": "현대 미술", // Modern Art
  "208": "오페라", // Opera
  "209": "연극", // Theater
  "210": "음식·음료", // Food & Drink
  "211": "주류", // Alcoholic Beverages
  "215": "바비큐·그릴 요리", // Barbecues and Grilling
  "216": "요리", // Cooking
  "217": "디저트·베이킹", // Desserts and Baking
  "218": "외식", // Dining Out
  "219": "음식 알레르기", // Food Allergies
  "220": "식문화 운동", // Food Movements
  "221": "건강한 요리·식단", // Healthy Cooking and Eating
  "222": "무알코올 음료", // Non-Alcoholic Beverages
  "212": "비건 식단", // Vegan Diets
  "213": "채식 식단", // Vegetarian Diets
  "214": "세계 요리", // World Cuisines
  "SPSHQ5": "장르", // Genres
  "VKIV56": "자연", // Nature
  "325": "액션·어드벤처", // Action/Adventure
  "641": "애니메이션", // Animation & Anime
  "44": "전기·자서전", // Biographies
  "646": "코미디", // Comedy
  "332": "다큐멘터리", // Documentary
  "647": "드라마", // Drama
  "648": "교양·논픽션", // Factual
  "645": "가족·어린이", // Family/Children
  "335": "판타지", // Fantasy
  "EZWB7V": "역사", // History
  "649": "명절·시즌물", // Holiday
  "336": "공포", // Horror
  "TIFQA5": "라이프스타일", // Lifestyle
  "650": "뮤직비디오", // Music Video
  "156": "뮤지컬", // Musical
  "331": "미스터리", // Mystery
  "651": "리얼리티 쇼", // Reality TV
  "326": "로맨스", // Romance
  "652": "SF", // Science Fiction
  "642": "연속극", // Soap Opera
  "643": "인디·예술영화", // Special Interest (Indie/Art House)
  "370": "스포츠 라디오", // Sports Radio
  "371": "토크 라디오", // Talk Radio
  "376": "공영 라디오", // Public Radio
  "A0AH3G": "토크쇼", // Talk Show
  "KHPC5A": "실화 범죄", // True Crime
  "KHPC6A": "서부극", // Western
  "51": "청소년물", // Young Adult
  "700": "스릴러", // Thriller
  "223": "건강한 생활", // Healthy Living
  "224": "어린이 건강", // Children's Health
  "225": "피트니스·운동", // Fitness and Exercise
  "226": "생활 체육", // Participant Sports
  "227": "러닝·조깅", // Running and Jogging
  "228": "남성 건강", // Men's Health
  "229": "영양", // Nutrition
  "230": "노인 건강", // Senior Health
  "231": "다이어트", // Weight Loss
  "232": "웰니스", // Wellness
  "233": "대체 의학", // Alternative Medicine
  "234": "허브·영양제", // Herbs and Supplements
  "235": "홀리스틱 건강", // Holistic Health
  "236": "물리 치료", // Physical Therapy
  "237": "금연", // Smoking Cessation
  "238": "여성 건강", // Women's Health
  "239": "취미·관심사", // Hobbies & Interests
  "240": "골동품·앤티크", // Antiquing and Antiques
  "248": "미술·공예", // Arts and Crafts
  "249": "비즈 공예", // Beadwork
  "250": "캔들·비누 만들기", // Candle and Soap Making
  "251": "드로잉·스케치", // Drawing and Sketching
  "252": "주얼리 만들기", // Jewelry Making
  "253": "자수·바느질", // Needlework
  "254": "그림 그리기", // Painting
  "255": "사진", // Photography
  "256": "스크랩북", // Scrapbooking
  "257": "목공", // Woodworking
  "258": "양봉", // Beekeeping
  "259": "탐조", // Birdwatching
  "260": "시가", // Cigars
  "261": "수집", // Collecting
  "262": "만화책 수집", // Comic Books
  "263": "우표·동전 수집", // Stamps and Coins
  "264": "콘텐츠 제작", // Content Production
  "265": "오디오 제작", // Audio Production
  "266": "프리랜스 글쓰기", // Freelance Writing
  "267": "시나리오 쓰기", // Screenwriting
  "268": "영상 제작", // Video Production
  "269": "게임·퍼즐", // Games and Puzzles
  "270": "보드게임·퍼즐", // Board Games and Puzzles
  "271": "카드 게임", // Card Games
  "272": "테이블 롤플레잉 게임", // Roleplaying Games
  "273": "족보·가계도", // Genealogy and Ancestry
  "241": "마술", // Magic and Illusion
  "242": "프라모델·모형", // Model Toys
  "243": "악기", // Musical Instruments
  "244": "초자연 현상", // Paranormal Phenomena
  "245": "무선 조종(RC)", // Radio Control
  "246": "SF·판타지", // Sci-fi and Fantasy
  "247": "워크숍·클래스", // Workshops and Classes
  "1KXCLD": "명절·공휴일", // Holidays
  "157": "국경일·공휴일", // National & Civic Holidays
  "274": "홈·가든", // Home & Garden
  "275": "가드닝", // Gardening
  "278": "가전제품", // Home Appliances
  "279": "홈 파티", // Home Entertaining
  "280": "집수리·DIY", // Home Improvement
  "281": "홈 보안", // Home Security
  "282": "실내 공기질", // Indoor Environmental Quality
  "283": "인테리어", // Interior Decorating
  "284": "조경", // Landscaping
  "285": "야외 장식", // Outdoor Decorating
  "276": "리모델링·시공", // Remodeling & Construction
  "277": "스마트홈", // Smart Home
  "383": "법률", // Law
  "286": "의학·건강", // Medical Health
  "323": "미용 시술", // Cosmetic Medical Services
  "287": "질병·질환", // Diseases and Conditions
  "288": "알레르기", // Allergies
  "306": "혈액 질환", // Blood Disorders
  "312": "뼈·관절 질환", // Bone and Joint Conditions
  "313": "뇌·신경계 질환", // Brain and Nervous System Disorders
  "314": "암", // Cancer
  "315": "감기·독감", // Cold and Flu
  "316": "치아 건강", // Dental Health
  "317": "당뇨병", // Diabetes
  "318": "소화기 질환", // Digestive Disorders
  "289": "이비인후과 질환", // Ear, Nose and Throat Conditions
  "290": "내분비·대사 질환", // Endocrine and Metabolic Diseases
  "291": "호르몬 질환", // Hormonal Disorders
  "292": "갱년기", // Menopause
  "293": "갑상선 질환", // Thyroid Disorders
  "294": "눈·시력 질환", // Eye and Vision Conditions
  "295": "발 건강", // Foot Health
  "296": "심혈관 질환", // Heart and Cardiovascular Diseases
  "297": "감염병", // Infectious Diseases
  "298": "부상", // Injuries
  "299": "응급처치", // First Aid
  "300": "폐·호흡기 건강", // Lung and Respiratory Health
  "301": "정신 건강", // Mental Health
  "302": "생식 건강", // Reproductive Health
  "303": "피임", // Birth Control
  "304": "난임", // Infertility
  "305": "임신", // Pregnancy
  "307": "성 건강", // Sexual Health
  "308": "성 관련 질환", // Sexual Conditions
  "309": "피부 질환", // Skin and Dermatology
  "310": "수면 장애", // Sleep Disorders
  "311": "약물 남용·중독", // Substance Abuse
  "319": "의료 검사", // Medical Tests
  "320": "의약품", // Pharmaceutical Drugs
  "321": "수술", // Surgery
  "322": "백신", // Vaccines
  "342": "어덜트 앨범 얼터너티브", // Adult Album Alternative
  "339": "어덜트 컨템퍼러리", // Adult Contemporary Music
  "340": "소프트 어덜트 컨템퍼러리", // Soft AC Music
  "341": "어반 어덜트 컨템퍼러리", // Urban AC Music
  "343": "얼터너티브 음악", // Alternative Music
  "360": "블루스", // Blues
  "344": "동요", // Children's Music
  "345": "추억의 히트곡", // Classic Hits
  "346": "클래식 음악", // Classical Music
  "347": "대학 라디오", // College Radio
  "348": "코미디 오디오", // Comedy (Music and Audio)
  "349": "팝·인기곡", // Contemporary Hits/Pop/Top 40
  "350": "컨트리 음악", // Country Music
  "351": "댄스·일렉트로닉", // Dance and Electronic Music
  "354": "가스펠", // Gospel Music
  "355": "힙합", // Hip Hop Music
  "356": "뉴에이지·명상 음악", // Inspirational/New Age Music
  "357": "재즈", // Jazz
  "358": "올드팝·스탠더드", // Oldies/Adult Standards
  "362": "R&B·소울·펑크", // R&B/Soul/Funk
  "359": "레게", // Reggae
  "361": "종교 음악", // Religious (Music and Audio)
  "363": "록", // Rock Music
  "364": "앨범 록", // Album-oriented Rock
  "365": "얼터너티브 록", // Alternative Rock
  "366": "클래식 록", // Classic Rock
  "367": "하드 록", // Hard Rock
  "368": "소프트 록", // Soft Rock
  "353": "포크·싱어송라이터", // Songwriters/Folk
  "369": "OST·뮤지컬 음악", // Soundtracks, TV and Showtunes
  "352": "월드 뮤직", // World/International Music
  "377": "어반 컨템퍼러리", // Urban Contemporary Music
  "378": "버라이어티 오디오", // Variety (Music and Audio)
  "163": "경조사·인생 이벤트", // Personal Celebrations & Life Events
  "164": "기념일", // Anniversary
  "166": "베이비 샤워", // Baby Shower
  "167": "총각 파티", // Bachelor Party
  "168": "브라이덜 샤워", // Bachelorette Party
  "169": "출산", // Birth
  "170": "생일", // Birthday
  "171": "장례", // Funeral
  "172": "졸업", // Graduation
  "173": "프롬·졸업 파티", // Prom
  "165": "결혼식", // Wedding
  "391": "개인 금융", // Personal Finance
  "392": "은행 거래", // Consumer Banking
  "393": "금융 지원", // Financial Assistance
  "394": "정부 지원·복지", // Government Support and Welfare
  "395": "학자금 지원", // Student Financial Aid
  "396": "재무 설계", // Financial Planning
  "397": "알뜰 생활", // Frugal Living
  "417": "공과금", // Home Utilities
  "418": "가스·전기", // Gas and Electric
  "419": "인터넷 통신사", // Internet Service Providers
  "420": "전화 서비스", // Phone Services
  "421": "수도", // Water Services
  "398": "보험", // Insurance
  "399": "건강 보험", // Health Insurance
  "400": "주택 보험", // Home Insurance
  "401": "생명 보험", // Life Insurance
  "402": "차량 보험", // Motor Insurance
  "403": "반려동물 보험", // Pet Insurance
  "404": "여행자 보험", // Travel Insurance
  "405": "개인 부채", // Personal Debt
  "406": "신용카드", // Credit Cards
  "407": "주택 대출", // Home Financing
  "408": "개인 대출", // Personal Loans
  "409": "학자금 대출", // Student Loans
  "410": "재테크·투자", // Personal Investing
  "411": "헤지펀드", // Hedge Funds
  "412": "뮤추얼 펀드", // Mutual Funds
  "413": "옵션 거래", // Options
  "414": "주식·채권", // Stocks and Bonds
  "415": "개인 세금", // Personal Taxes
  "416": "은퇴·노후 설계", // Retirement Planning
  "422": "반려동물", // Pets
  "423": "반려조", // Birds
  "424": "고양이", // Cats
  "425": "강아지", // Dogs
  "426": "관상어·수족관", // Fish and Aquariums
  "427": "대형 동물", // Large Animals
  "428": "반려동물 입양", // Pet Adoptions
  "431": "반려동물 용품", // Pet Supplies
  "429": "파충류", // Reptiles
  "430": "수의학", // Veterinary Medicine
  "386": "정치", // Politics
  "8YPBBL": "시민 사회", // Civic affairs
  "387": "선거", // Elections
  "388": "정치 이슈·정책", // Political Issues & Policy
  "432": "대중문화", // Pop Culture
  "433": "연예인 부고", // Celebrity Deaths
  "434": "연예인 가족", // Celebrity Families
  "435": "연예인의 집", // Celebrity Homes
  "436": "연예인 임신·출산", // Celebrity Pregnancy
  "437": "연예인 열애", // Celebrity Relationships
  "438": "연예인 스캔들", // Celebrity Scandal
  "439": "연예인 패션", // Celebrity Style
  "440": "유머·풍자", // Humor and Satire
  "W3CW2J": "생산성 도구", // Productivity
  "441": "부동산", // Real Estate
  "442": "아파트", // Apartments
  "445": "개발 부지", // Developmental Sites
  "446": "호텔 부동산", // Hotel Properties
  "447": "주택", // Houses
  "448": "산업용 부동산", // Industrial Property
  "449": "토지·농지", // Land and Farms
  "450": "오피스 부동산", // Office Property
  "451": "부동산 매매", // Real Estate Buying and Selling
  "452": "부동산 임대", // Real Estate Renting and Leasing
  "443": "상가", // Retail Property
  "444": "별장·휴양지 부동산", // Vacation Properties
  "453": "종교·영성", // Religion & Spirituality
  "454": "불가지론", // Agnosticism
  "456": "별자리·점성술", // Astrology
  "457": "무신론", // Atheism
  "458": "불교", // Buddhism
  "459": "기독교", // Christianity
  "460": "힌두교", // Hinduism
  "461": "이슬람교", // Islam
  "462": "유대교", // Judaism
  "463": "시크교", // Sikhism
  "455": "영성", // Spirituality
  "464": "과학", // Science
  "465": "생명과학", // Biological Sciences
  "466": "화학", // Chemistry
  "467": "환경", // Environment
  "468": "유전학", // Genetics
  "469": "지리학", // Geography
  "470": "지질학", // Geology
  "471": "물리학", // Physics
  "472": "우주·천문학", // Space and Astronomy
  "390": "날씨", // Weather
  "v9i3On": "민감한 주제", // Sensitive Topics
  "Rm3SiT": "성인·선정적 콘텐츠", // Adult & Explicit Sexual Content
  "avbNf2": "무기·탄약", // Arms & Ammunition
  "XtODT3": "범죄·위해 행위·인권 침해", // Crime & Harmful Acts to Individuals, Society & Human Right Violations
  "I4GWl6": "사망·부상·군사 분쟁", // Death, Injury, or Military Conflict
  "Z7rJBM": "논쟁적인 사회 문제", // Debated Sensitive Social Issues
  "HxqYV1": "혐오 표현·공격 행위", // Hate Speech and Acts of Aggression
  "pg0WhF": "마약·담배·전자담배·주류", // Illegal Drugs, Tobacco, eCigarettes, Vaping, Alcohol
  "j9PaO9": "외설·비속어", // Obscenity and Profanity
  "mm3UXx": "온라인 불법 복제", // Online Piracy
  "6i4dB6": "스팸·유해 콘텐츠", // Spam or Harmful Content
  "8FD8nI": "테러", // Terrorism
  "473": "쇼핑", // Shopping
  "482": "장난감·어린이 게임", // Children's Games and Toys
  "474": "쿠폰·할인", // Coupons and Discounts
  "475": "꽃 쇼핑", // Flower Shopping
  "476": "선물·축하 카드", // Gifts and Greetings Cards
  "477": "장보기", // Grocery Shopping
  "478": "연말·명절 쇼핑", // Holiday Shopping
  "479": "생활용품", // Household Supplies
  "480": "복권·즉석복권", // Lotteries and Scratchcards
  "161": "파티 용품·장식", // Party Supplies and Decorations
  "481": "세일·특가", // Sales and Promotions
  "483": "스포츠", // Sports
  "484": "미식축구", // American Football
  "507": "호주식 풋볼", // Australian Rules Football
  "518": "자동차 경주", // Auto Racing
  "519": "모터사이클 레이싱", // Motorcycle Sports
  "534": "배드민턴", // Badminton
  "545": "야구", // Baseball
  "547": "농구", // Basketball
  "548": "비치발리볼", // Beach Volleyball
  "549": "보디빌딩", // Bodybuilding
  "550": "볼링", // Bowling
  "485": "복싱", // Boxing
  "486": "치어리딩", // Cheerleading
  "487": "대학 스포츠", // College Sports
  "490": "대학 야구", // College Baseball
  "489": "대학 농구", // College Basketball
  "488": "대학 미식축구", // College Football
  "491": "크리켓", // Cricket
  "492": "사이클", // Cycling
  "493": "다트", // Darts
  "494": "장애인 스포츠", // Disabled Sports
  "495": "다이빙", // Diving
  "496": "승마", // Equine Sports
  "497": "경마", // Horse Racing
  "498": "익스트림 스포츠", // Extreme Sports
  "499": "카누·카약", // Canoeing and Kayaking
  "500": "클라이밍", // Climbing
  "501": "페인트볼", // Paintball
  "502": "스쿠버 다이빙", // Scuba Diving
  "503": "스케이트보드", // Skateboarding
  "504": "스노보드", // Snowboarding
  "505": "서핑·보디보드", // Surfing and Bodyboarding
  "506": "수상스키·웨이크보드", // Waterskiing and Wakeboarding
  "508": "판타지 스포츠", // Fantasy Sports
  "509": "필드하키", // Field Hockey
  "510": "피겨스케이팅", // Figure Skating
  "511": "낚시", // Fishing Sports
  "512": "골프", // Golf
  "513": "체조", // Gymnastics
  "514": "사냥·사격", // Hunting and Shooting
  "515": "아이스하키", // Ice Hockey
  "516": "인라인스케이트", // Inline Skating
  "517": "라크로스", // Lacrosse
  "520": "무술·격투기", // Martial Arts
  "521": "올림픽 종목", // Olympic Sports
  "522": "하계 올림픽 종목", // Summer Olympic Sports
  "523": "동계 올림픽 종목", // Winter Olympic Sports
  "524": "포커·프로 도박", // Poker and Professional Gambling
  "525": "로데오", // Rodeo
  "526": "조정", // Rowing
  "527": "럭비", // Rugby
  "528": "럭비 리그", // Rugby League
  "529": "럭비 유니언", // Rugby Union
  "530": "요트", // Sailing
  "531": "스키", // Skiing
  "532": "당구", // Snooker/Pool/Billiards
  "533": "축구", // Soccer
  "535": "소프트볼", // Softball
  "551": "스포츠 용품", // Sports Equipment
  "536": "스쿼시", // Squash
  "537": "수영", // Swimming
  "538": "탁구", // Table Tennis
  "539": "테니스", // Tennis
  "540": "육상", // Track and Field
  "541": "배구", // Volleyball
  "542": "걷기", // Walking
  "543": "수구", // Water Polo
  "544": "역도", // Weightlifting
  "546": "레슬링", // Wrestling
  "552": "스타일·패션", // Style & Fashion
  "553": "뷰티", // Beauty
  "554": "헤어 케어", // Hair Care
  "555": "메이크업·액세서리", // Makeup and Accessories
  "556": "네일 케어", // Nail Care
  "557": "천연·유기농 뷰티", // Natural and Organic Beauty
  "558": "향수", // Perfume and Fragrance
  "559": "스킨케어", // Skin Care
  "574": "타투·바디 아트", // Body Art
  "575": "아동복", // Children's Clothing
  "576": "디자이너 의류", // Designer Clothing
  "577": "패션 트렌드", // Fashion Trends
  "578": "하이패션", // High Fashion
  "579": "남성 패션", // Men's Fashion
  "580": "남성 액세서리", // Men's Accessories
  "581": "남성 주얼리·시계", // Men's Jewelry and Watches
  "582": "남성 의류", // Men's Clothing
  "583": "남성 비즈니스룩", // Men's Business Wear
  "584": "남성 캐주얼", // Men's Casual Wear
  "585": "남성 정장", // Men's Formal Wear
  "586": "남성 아우터", // Men's Outerwear
  "587": "남성 스포츠웨어", // Men's Sportswear
  "588": "남성 속옷·잠옷", // Men's Underwear and Sleepwear
  "589": "남성 신발", // Men's Shoes and Footwear
  "590": "퍼스널 케어", // Personal Care
  "591": "바디·샤워", // Bath and Shower
  "592": "데오드란트", // Deodorant and Antiperspirant
  "593": "구강 관리", // Oral care
  "594": "면도", // Shaving
  "595": "스트리트 패션", // Street Style
  "560": "여성 패션", // Women's Fashion
  "561": "여성 액세서리", // Women's Accessories
  "562": "여성 안경", // Women's Glasses
  "563": "여성 가방·지갑", // Women's Handbags and Wallets
  "564": "여성 모자·스카프", // Women's Hats and Scarves
  "565": "여성 주얼리·시계", // Women's Jewelry and Watches
  "566": "여성 의류", // Women's Clothing
  "567": "여성 비즈니스룩", // Women's Business Wear
  "568": "여성 캐주얼", // Women's Casual Wear
  "569": "여성 정장·드레스", // Women's Formal Wear
  "570": "여성 란제리·잠옷", // Women's Intimates and Sleepwear
  "571": "여성 아우터", // Women's Outerwear
  "572": "여성 스포츠웨어", // Women's Sportswear
  "573": "여성 신발", // Women's Shoes and Footwear
  "596": "기술·컴퓨팅", // Technology & Computing
  "597": "인공지능", // Artificial Intelligence
  "598": "증강현실", // Augmented Reality
  "599": "컴퓨팅", // Computing
  "600": "컴퓨터 네트워크", // Computer Networking
  "601": "컴퓨터 주변기기", // Computer Peripherals
  "602": "소프트웨어·앱", // Computer Software and Applications
  "603": "3D 그래픽", // 3-D Graphics
  "608": "백신 프로그램", // Antivirus Software
  "609": "웹 브라우저", // Browsers
  "610": "컴퓨터 애니메이션", // Computer Animation
  "611": "데이터베이스", // Databases
  "612": "전자출판", // Desktop Publishing
  "613": "디지털 오디오", // Digital Audio
  "WQC6HR": "지도·내비게이션", // Maps & Navigation
  "614": "그래픽 소프트웨어", // Graphics Software
  "615": "운영체제", // Operating Systems
  "604": "사진 편집 프로그램", // Photo Editing Software
  "605": "셰어웨어·프리웨어", // Shareware and Freeware
  "606": "동영상 소프트웨어", // Video Software
  "607": "화상 회의", // Web Conferencing
  "616": "데이터 저장·웨어하우스", // Data Storage and Warehousing
  "617": "데스크톱", // Desktops
  "618": "정보·네트워크 보안", // Information and Network Security
  "619": "인터넷", // Internet
  "620": "클라우드 컴퓨팅", // Cloud Computing
  "623": "이메일", // Email
  "624": "인터넷 입문", // Internet for Beginners
  "625": "사물인터넷", // Internet of Things
  "626": "IT·인터넷 지원", // IT and Internet Support
  "627": "검색", // Search
  "628": "소셜 네트워크", // Social Networking
  "629": "웹 디자인·HTML", // Web Design and HTML
  "621": "웹 개발", // Web Development
  "622": "웹 호스팅", // Web Hosting
  "630": "노트북", // Laptops
  "631": "프로그래밍 언어", // Programming Languages
  "632": "전자기기", // Consumer Electronics
  "633": "카메라·캠코더", // Cameras and Camcorders
  "634": "홈 엔터테인먼트 기기", // Home Entertainment Systems
  "635": "스마트폰", // Smartphones
  "636": "태블릿·전자책 리더", // Tablets and E-readers
  "637": "웨어러블 기기", // Wearable Technology
  "638": "로봇 공학", // Robotics
  "639": "가상현실", // Virtual Reality
  "653": "여행", // Travel
  "654": "여행 용품", // Travel Accessories
  "655": "여행지", // Travel Locations
  "656": "아프리카 여행", // Africa Travel
  "657": "아시아 여행", // Asia Travel
  "658": "호주·오세아니아 여행", // Australia and Oceania Travel
  "659": "유럽 여행", // Europe Travel
  "660": "북미 여행", // North America Travel
  "661": "극지 여행", // Polar Travel
  "662": "남미 여행", // South America Travel
  "663": "여행 준비·팁", // Travel Preparation and Advice
  "664": "여행 유형", // Travel Type
  "665": "모험 여행", // Adventure Travel
  "672": "항공 여행", // Air Travel
  "673": "해변 여행", // Beach Travel
  "674": "B&B·민박", // Bed & Breakfasts
  "675": "저예산 여행", // Budget Travel
  "676": "출장", // Business Travel
  "677": "캠핑", // Camping
  "678": "크루즈 여행", // Cruises
  "679": "당일치기 여행", // Day Trips
  "666": "가족 여행", // Family Travel
  "667": "신혼여행·휴가", // Honeymoons and Getaways
  "668": "호텔·모텔", // Hotels and Motels
  "669": "기차 여행", // Rail Travel
  "670": "자동차 여행", // Road Trips
  "671": "스파", // Spas
  "680": "비디오 게임", // Video Gaming
  "681": "콘솔 게임", // Console Games
  "682": "e스포츠", // eSports
  "683": "모바일 게임", // Mobile Games
  "684": "PC 게임", // PC Games
  "685": "게임 장르", // Video Game Genres
  "686": "액션 게임", // Action Video Games
  "691": "액션 어드벤처 게임", // Action-Adventure Video Games
  "MQ2XML": "성인 게임", // Adult Video Games
  "692": "어드벤처 게임", // Adventure Video Games
  "ZJG29S": "카지노·도박 게임", // Casino and Gambling Video Games
  "693": "캐주얼 게임", // Casual Games
  "694": "교육용 게임", // Educational Video Games
  "695": "운동·피트니스 게임", // Exercise and Fitness Video Games
  "VWGKS7": "가족 게임", // Family Video Games
  "II436J": "공포 게임", // Horror Video Games
  "696": "MMO 게임", // MMOs
  "697": "리듬·파티 게임", // Music and Party Video Games
  "698": "퍼즐 게임", // Puzzle Video Games
  "VK7KD0": "레이싱 게임", // Racing Video Games
  "687": "롤플레잉 게임", // Role-Playing Video Games
  "688": "시뮬레이션 게임", // Simulation Video Games
  "689": "스포츠 게임", // Sports Video Games
  "690": "전략 게임", // Strategy Video Games
  "389": "전쟁·분쟁" // War and Conflicts
}
