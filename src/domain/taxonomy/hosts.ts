/**
 * Well-known hosts: what kind of content they serve (format), which taxonomy
 * categories a visit there is evidence for, and the site names their titles
 * carry as boilerplate (" - GitHub", " : 네이버 블로그"), which are not topics.
 *
 * Keys are host names without "www."; a visit's host is looked up as is, then
 * with its leftmost labels removed one by one (m.blog.naver.com → blog.naver.com
 * → naver.com). So a subdomain gets its own entry only when it differs from its
 * portal (news.naver.com is news, naver.com is a search portal).
 *
 * General portals, social sites, encyclopedias and video sites carry no
 * category: they host everything, so only their titles and paths tell.
 */
import type { ContentFormat } from "../analysis/types.js"
import { category as c } from "./categories.js"

export interface HostProfile {
  readonly format: ContentFormat | undefined
  readonly categories: ReadonlyArray<string>
  /** Site names as they appear in titles, compared without spaces and case. */
  readonly names: ReadonlyArray<string>
}

const site = (
  format: ContentFormat | undefined,
  categories: ReadonlyArray<string>,
  ...names: ReadonlyArray<string>
): HostProfile => ({ format, categories, names })

const hostEntries: Readonly<Record<string, HostProfile>> = {
  // Code hosting, Q&A and documentation for developers
  "github.com": site("repository", [c.programming, c.software], "GitHub"),
  "gist.github.com": site("repository", [c.programming], "GitHub", "Gist"),
  "github.io": site("documentation", [c.programming, c.webDevelopment]),
  "gitlab.com": site("repository", [c.programming, c.software], "GitLab"),
  "bitbucket.org": site("repository", [c.programming], "Bitbucket"),
  "stackoverflow.com": site("qa", [c.programming], "Stack Overflow", "stackoverflow"),
  "stackexchange.com": site("qa", [c.computing], "Stack Exchange"),
  "superuser.com": site("qa", [c.computing], "Super User"),
  "serverfault.com": site("qa", [c.networking, c.cloud], "Server Fault"),
  "askubuntu.com": site("qa", [c.operatingSystems], "Ask Ubuntu"),
  "developer.mozilla.org": site("documentation", [c.webDevelopment, c.webDesign], "MDN", "MDN Web Docs", "mdn"),
  "docs.python.org": site("documentation", [c.programming], "Python documentation", "Python 3 documentation"),
  "python.org": site("documentation", [c.programming], "Python.org"),
  "nodejs.org": site("documentation", [c.programming, c.webDevelopment], "Node.js"),
  "react.dev": site("documentation", [c.webDevelopment], "React"),
  "vuejs.org": site("documentation", [c.webDevelopment], "Vue.js"),
  "typescriptlang.org": site("documentation", [c.programming], "TypeScript"),
  "rust-lang.org": site("documentation", [c.programming], "Rust Programming Language"),
  "doc.rust-lang.org": site("documentation", [c.programming]),
  "go.dev": site("documentation", [c.programming], "The Go Programming Language"),
  "kotlinlang.org": site("documentation", [c.programming], "Kotlin"),
  "docs.oracle.com": site("documentation", [c.programming, c.software], "Oracle Help Center"),
  "spring.io": site("documentation", [c.programming], "Spring"),
  "learn.microsoft.com": site("documentation", [c.software], "Microsoft Learn"),
  "readthedocs.io": site("documentation", [c.software], "Read the Docs"),
  "effect.website": site("documentation", [c.programming], "Effect Documentation", "Effect"),
  "npmjs.com": site("tool", [c.programming, c.webDevelopment], "npm"),
  "pypi.org": site("tool", [c.programming], "PyPI"),
  "crates.io": site("tool", [c.programming], "crates.io"),
  "docker.com": site("documentation", [c.cloud], "Docker", "Docker Docs"),
  "kubernetes.io": site("documentation", [c.cloud], "Kubernetes"),
  "aws.amazon.com": site("documentation", [c.cloud], "AWS", "Amazon Web Services"),
  "cloud.google.com": site("documentation", [c.cloud], "Google Cloud"),
  "vercel.com": site("tool", [c.webHosting], "Vercel"),
  "leetcode.com": site("tool", [c.programming], "LeetCode"),
  "programmers.co.kr": site("tool", [c.programming], "프로그래머스"),
  "acmicpc.net": site("tool", [c.programming], "백준", "Baekjoon Online Judge"),
  "dev.to": site("article", [c.programming], "DEV Community"),
  "news.ycombinator.com": site("forum", [c.technologyIndustry], "Hacker News"),
  "huggingface.co": site("repository", [c.artificialIntelligence], "Hugging Face"),
  "kaggle.com": site("course", [c.artificialIntelligence], "Kaggle"),
  "paperswithcode.com": site("article", [c.artificialIntelligence], "Papers With Code"),
  "openai.com": site("documentation", [c.artificialIntelligence], "OpenAI"),
  "arxiv.org": site("article", [c.science], "arXiv", "arXiv.org"),
  // Korean developer sites
  "velog.io": site("article", [c.programming], "velog"),
  "okky.kr": site("forum", [c.programming], "OKKY"),
  "inflearn.com": site("course", [c.onlineEducation, c.programming], "인프런", "inflearn"),
  "fastcampus.co.kr": site("course", [c.onlineEducation], "패스트캠퍼스", "fastcampus"),
  "news.hada.io": site("news", [c.technology], "GeekNews"),
  "yozm.wishket.com": site("article", [c.technology], "요즘IT"),
  "zdnet.co.kr": site("news", [c.technologyIndustry], "지디넷코리아", "ZDNet Korea"),
  "bloter.net": site("news", [c.technologyIndustry], "블로터"),
  "etnews.com": site("news", [c.technologyIndustry], "전자신문"),
  // Japanese developer and cooking sites
  "qiita.com": site("article", [c.programming], "Qiita"),
  "zenn.dev": site("article", [c.programming], "Zenn"),
  "cookpad.com": site("article", [c.cooking], "クックパッド", "Cookpad"),

  // Portals and their sections (Korean users' web is largely Naver and Daum)
  "naver.com": site(undefined, [], "NAVER", "네이버"),
  "search.naver.com": site("tool", [c.search], "네이버 통합검색", "NAVER"),
  "news.naver.com": site("news", [], "네이버 뉴스", "NAVER 뉴스", "네이버뉴스"),
  "sports.naver.com": site("news", [c.sports], "네이버 스포츠"),
  "sports.news.naver.com": site("news", [c.sports], "네이버 스포츠"),
  "entertain.naver.com": site("news", [c.popCulture], "네이버 엔터"),
  "finance.naver.com": site("news", [c.personalInvesting], "네이버 증권", "네이버페이 증권"),
  "blog.naver.com": site("article", [], "네이버 블로그", "NAVER 블로그", "네이버블로그"),
  "cafe.naver.com": site("forum", [], "네이버 카페"),
  "kin.naver.com": site("qa", [], "네이버 지식iN", "지식iN"),
  "comic.naver.com": site("article", [c.comics], "네이버 웹툰", "네이버웹툰"),
  "map.naver.com": site("tool", [c.maps], "네이버 지도"),
  "shopping.naver.com": site("shopping", [c.shopping], "네이버 쇼핑", "네이버쇼핑"),
  "smartstore.naver.com": site("shopping", [c.shopping], "스마트스토어"),
  "land.naver.com": site("tool", [c.realEstate], "네이버 부동산"),
  "terms.naver.com": site("article", [], "네이버 지식백과"),
  "chzzk.naver.com": site("video", [c.eSports], "치지직", "CHZZK"),
  "daum.net": site(undefined, [], "Daum", "다음"),
  "news.daum.net": site("news", [], "다음 뉴스", "Daum 뉴스"),
  "v.daum.net": site("news", [], "다음 뉴스", "Daum 뉴스"),
  "cafe.daum.net": site("forum", [], "다음 카페", "Daum 카페"),
  "tistory.com": site("article", [], "티스토리", "Tistory"),
  "brunch.co.kr": site("article", [], "브런치스토리", "브런치", "brunch"),
  "namu.wiki": site("article", [], "나무위키"),
  "wikipedia.org": site("article", [], "Wikipedia", "위키백과, 우리 모두의 백과사전", "위키백과"),
  "google.com": site("tool", [c.search], "Google", "Google 검색", "Google Search"),

  // Video, music, social
  "youtube.com": site("video", [], "YouTube"),
  "youtu.be": site("video", [], "YouTube"),
  "vimeo.com": site("video", [], "Vimeo"),
  "twitch.tv": site("video", [c.videoGaming, c.eSports], "Twitch"),
  "sooplive.co.kr": site("video", [c.eSports], "SOOP"),
  "netflix.com": site("video", [c.movies, c.television], "Netflix", "넷플릭스"),
  "tving.com": site("video", [c.television], "TVING", "티빙"),
  "wavve.com": site("video", [c.television], "wavve", "웨이브"),
  "watcha.com": site("video", [c.movies], "왓챠", "WATCHA"),
  "spotify.com": site("podcast", [c.music], "Spotify"),
  "podcasts.apple.com": site("podcast", [], "Apple Podcasts"),
  "melon.com": site(undefined, [c.music], "멜론", "Melon"),
  "imdb.com": site("article", [c.movies], "IMDb"),
  "medium.com": site("article", [], "Medium"),
  "reddit.com": site("forum", [], "Reddit", "reddit"),
  "twitter.com": site("forum", [c.socialNetworking], "X", "Twitter"),
  "x.com": site("forum", [c.socialNetworking], "X"),
  "facebook.com": site("forum", [c.socialNetworking], "Facebook"),
  "instagram.com": site("forum", [c.socialNetworking], "Instagram"),
  "linkedin.com": site("forum", [c.careers], "LinkedIn"),
  "dcinside.com": site("forum", [], "디시인사이드", "dcinside"),
  "fmkorea.com": site("forum", [], "에펨코리아", "포텐 터짐 최신순"),
  "clien.net": site("forum", [c.consumerElectronics], "클리앙"),
  "theqoo.net": site("forum", [c.popCulture], "더쿠"),
  "ppomppu.co.kr": site("forum", [c.coupons], "뽐뿌"),
  "ruliweb.com": site("forum", [c.videoGaming], "루리웹"),
  "inven.co.kr": site("news", [c.videoGaming], "인벤"),
  "ign.com": site("news", [c.videoGaming], "IGN"),
  "store.steampowered.com": site("shopping", [c.pcGames], "Steam"),

  // News (general news carries no category: its headlines tell what it is about)
  "bbc.com": site("news", [], "BBC News", "BBC"),
  "bbc.co.uk": site("news", [], "BBC News", "BBC"),
  "nytimes.com": site("news", [], "The New York Times", "NYTimes.com"),
  "cnn.com": site("news", [], "CNN"),
  "reuters.com": site("news", [], "Reuters"),
  "apnews.com": site("news", [], "AP News"),
  "theguardian.com": site("news", [], "The Guardian"),
  "washingtonpost.com": site("news", [], "The Washington Post"),
  "bloomberg.com": site("news", [c.economy, c.businessAndFinance], "Bloomberg"),
  "wsj.com": site("news", [c.businessAndFinance], "WSJ", "The Wall Street Journal"),
  "ft.com": site("news", [c.economy], "Financial Times"),
  "economist.com": site("news", [c.economy], "The Economist"),
  "techcrunch.com": site("news", [c.technologyIndustry, c.startups], "TechCrunch"),
  "theverge.com": site("news", [c.consumerElectronics, c.technologyIndustry], "The Verge"),
  "wired.com": site("news", [c.technology], "WIRED"),
  "arstechnica.com": site("news", [c.technology], "Ars Technica"),
  "espn.com": site("news", [c.sports], "ESPN"),
  "yna.co.kr": site("news", [], "연합뉴스"),
  "chosun.com": site("news", [], "조선일보"),
  "joongang.co.kr": site("news", [], "중앙일보"),
  "donga.com": site("news", [], "동아일보"),
  "hani.co.kr": site("news", [], "한겨레"),
  "khan.co.kr": site("news", [], "경향신문"),
  "hankyung.com": site("news", [c.economy], "한국경제"),
  "mk.co.kr": site("news", [c.economy], "매일경제"),
  "kbs.co.kr": site("news", [], "KBS 뉴스"),
  "imbc.com": site("news", [], "MBC 뉴스"),
  "sbs.co.kr": site("news", [], "SBS 뉴스"),
  "ytn.co.kr": site("news", [], "YTN"),
  "nature.com": site("article", [c.science], "Nature"),
  "nasa.gov": site("article", [c.space], "NASA"),
  "weather.com": site("tool", [c.weather], "The Weather Channel"),
  "weather.go.kr": site("tool", [c.weather], "기상청"),

  // Learning and careers
  "coursera.org": site("course", [c.onlineEducation], "Coursera"),
  "udemy.com": site("course", [c.onlineEducation], "Udemy"),
  "edx.org": site("course", [c.onlineEducation], "edX"),
  "khanacademy.org": site("course", [c.onlineEducation], "Khan Academy"),
  "duolingo.com": site("course", [c.languageLearning], "Duolingo"),
  "class101.net": site("course", [c.workshopsAndClasses], "클래스101", "CLASS101"),
  "indeed.com": site("tool", [c.jobSearch], "Indeed"),
  "glassdoor.com": site("tool", [c.jobSearch], "Glassdoor"),
  "wanted.co.kr": site("tool", [c.jobSearch], "원티드"),
  "saramin.co.kr": site("tool", [c.jobSearch], "사람인"),
  "jobkorea.co.kr": site("tool", [c.jobSearch], "잡코리아"),

  // Food
  "10000recipe.com": site("article", [c.cooking], "만개의레시피", "만개의 레시피"),
  "allrecipes.com": site("article", [c.cooking], "Allrecipes"),
  "seriouseats.com": site("article", [c.cooking], "Serious Eats"),
  "foodnetwork.com": site("article", [c.cooking], "Food Network"),
  "bonappetit.com": site("article", [c.cooking], "Bon Appétit"),
  "82cook.com": site("forum", [c.cooking], "82쿡"),
  "mangoplate.com": site("article", [c.diningOut], "망고플레이트"),
  "diningcode.com": site("article", [c.diningOut], "다이닝코드"),

  // Shopping and books
  "coupang.com": site("shopping", [c.shopping], "쿠팡", "쿠팡!", "Coupang"),
  "gmarket.co.kr": site("shopping", [c.shopping], "G마켓", "지마켓"),
  "11st.co.kr": site("shopping", [c.shopping], "11번가"),
  "musinsa.com": site("shopping", [c.style, c.fashionTrends], "무신사"),
  "oliveyoung.co.kr": site("shopping", [c.beauty], "올리브영"),
  "amazon.com": site("shopping", [c.shopping], "Amazon.com", "Amazon"),
  "ebay.com": site("shopping", [c.shopping], "eBay"),
  "aliexpress.com": site("shopping", [c.shopping], "AliExpress"),
  "etsy.com": site("shopping", [c.artsAndCrafts], "Etsy"),
  "yes24.com": site("shopping", [c.books], "예스24", "YES24"),
  "aladin.co.kr": site("shopping", [c.books], "알라딘"),
  "kyobobook.co.kr": site("shopping", [c.books], "교보문고"),
  "goodreads.com": site("article", [c.books], "Goodreads"),
  "ridibooks.com": site("book", [c.books], "리디", "RIDI"),

  // Travel
  "booking.com": site("tool", [c.hotels, c.travel], "Booking.com"),
  "airbnb.com": site("tool", [c.hotels, c.travel], "Airbnb"),
  "tripadvisor.com": site("article", [c.travel], "Tripadvisor"),
  "expedia.com": site("tool", [c.travel, c.airTravel], "Expedia"),
  "skyscanner.co.kr": site("tool", [c.airTravel], "스카이스캐너", "Skyscanner"),
  "skyscanner.net": site("tool", [c.airTravel], "Skyscanner"),
  "yanolja.com": site("tool", [c.hotels], "야놀자"),
  "goodchoice.kr": site("tool", [c.hotels], "여기어때"),
  "myrealtrip.com": site("tool", [c.travel], "마이리얼트립"),

  // Money
  "investing.com": site("news", [c.personalInvesting], "Investing.com"),
  "finance.yahoo.com": site("news", [c.stocks], "Yahoo Finance"),
  "upbit.com": site("tool", [c.currencies], "업비트"),
  "tossinvest.com": site("tool", [c.stocks], "토스증권"),

  // Health
  "webmd.com": site("article", [c.medicalHealth], "WebMD"),
  "mayoclinic.org": site("article", [c.medicalHealth], "Mayo Clinic"),
  "amc.seoul.kr": site("article", [c.medicalHealth], "서울아산병원")
}

// A Map, not the object: a host named "constructor" must not find Object's prototype.
const hostTable: ReadonlyMap<string, HostProfile> = new Map(Object.entries(hostEntries))

const stripWww = (hostname: string): string => (hostname.startsWith("www.") ? hostname.slice(4) : hostname)

/** The profile of the host or of its nearest listed parent domain. */
export const hostProfile = (hostname: string): HostProfile | undefined => {
  let host = stripWww(hostname.toLowerCase())
  for (;;) {
    const profile = hostTable.get(host)
    if (profile !== undefined) return profile
    const dot = host.indexOf(".")
    if (dot < 0 || host.indexOf(".", dot + 1) < 0) return undefined
    host = host.slice(dot + 1)
  }
}

/** Every listed host with its profile, sorted by host (for tests and docs). */
export const knownHosts: ReadonlyArray<readonly [string, HostProfile]> = [...hostTable]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
