/**
 * Ranked items as the text an LLM is asked to write: numbered items with the
 * title, the link and one line on why it fits, in Korean for Korean users
 * (category names too: taxonomy/names-ko.ts) and English otherwise. One chunk per item, so the answer streams item by item.
 */
import type { Interest } from "../analysis/types.js"
import { categoryName, isTaxonomyId } from "../taxonomy/index.js"
import type { CatalogFormat } from "./item.js"
import type { RankedItem } from "./rank.js"

export interface RenderOptions {
  /** ISO 639-1 code of the answer; "ko" gets the Korean templates. */
  readonly language: string
  /** Start with one line introducing the list (default false: the LLM is asked for the list alone). */
  readonly intro?: boolean
}

interface Templates {
  readonly intro: (count: number, personal: boolean) => string
  readonly empty: string
  /** `personal`: other items of the answer matched the user, so this one is a filler, not a starter. */
  readonly reason: (ranked: RankedItem, personal: boolean) => string
}

const maxTopicsInReason = 3

const formatEn: Readonly<Record<CatalogFormat, string>> = {
  article: "article", video: "video", course: "course", documentation: "reference", repository: "repository",
  podcast: "podcast", news: "news source", book: "book", tool: "tool"
}

const formatKo: Readonly<Record<CatalogFormat, string>> = {
  article: "글", video: "영상", course: "강좌", documentation: "문서", repository: "저장소",
  podcast: "팟캐스트", news: "뉴스", book: "책", tool: "도구"
}

/** The interest's category as a Korean user reads it; an id outside the taxonomy keeps the name it came with. */
const interestNameKo = (interest: Interest): string =>
  isTaxonomyId(interest.id) ? categoryName(interest.id, "ko") : interest.name

const listEn = (words: ReadonlyArray<string>): string =>
  words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`

const withArticle = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`)

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

const english: Templates = {
  intro: (count, personal) =>
    personal
      ? `Here ${count === 1 ? "is 1 pick" : `are ${count} picks`} based on your recent browsing:`
      : `Here ${count === 1 ? "is 1 well-regarded place" : `are ${count} well-regarded places`} to start:`,
  empty: "Nothing new in the catalog fits yet: everything that matches was visited just now.",
  reason: ({ item, matchedTopics, matchedInterests, inPeriod }, personal) => {
    const what = `${inPeriod ? "recent " : ""}${formatEn[item.format]}`
    const topics = listEn(matchedTopics.slice(0, maxTopicsInReason))
    const interest = matchedInterests[0]?.name
    if (topics !== "" && interest !== undefined) {
      return `${capitalize(withArticle(what))} on ${topics}, matching your interest in ${interest}.`
    }
    if (topics !== "") return `${capitalize(withArticle(what))} on ${topics}, which you have been reading about.`
    if (interest !== undefined) return `${capitalize(withArticle(what))} for your interest in ${interest}.`
    return personal
      ? `${capitalize(withArticle(`popular ${what}`))} you may also like.`
      : `${capitalize(withArticle(`well-known ${what}`))} to start with.`
  }
}

const korean: Templates = {
  intro: (count, personal) =>
    personal ? `최근 관심사를 바탕으로 고른 추천 ${count}개입니다:` : `처음 둘러보기 좋은 추천 ${count}개입니다:`,
  empty: "추천할 새 항목이 없습니다. 관련 항목은 방금 모두 방문하셨습니다.",
  // Particles depend on the last syllable of the word before them, so the
  // sentences put them after fixed words ("주제와", "분야인") only.
  reason: ({ item, matchedTopics, matchedInterests, inPeriod }, personal) => {
    const what = `${inPeriod ? "최신 " : ""}${formatKo[item.format]}`
    const topics = matchedTopics.slice(0, maxTopicsInReason).join(", ")
    const interest = matchedInterests[0] === undefined ? undefined : interestNameKo(matchedInterests[0])
    if (topics !== "" && interest !== undefined) {
      return `최근 살펴보신 ${topics} 주제와 관련된 ${what}입니다 (관심 분야: ${interest}).`
    }
    if (topics !== "") return `최근 살펴보신 ${topics} 주제와 관련된 ${what}입니다.`
    if (interest !== undefined) return `관심 분야인 ${interest}에 맞는 ${what}입니다.`
    return personal ? `함께 보기 좋은 인기 ${what}입니다.` : `처음 시작하기 좋은 ${what}입니다.`
  }
}

export const templatesFor = (language: string): Templates => (language === "ko" ? korean : english)

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim()

/**
 * "1. Title — url\n   why\n": one item, ready to stream; the shape the LLM
 * prompt asks for (src/domain/prompt.ts), so clients see one format.
 */
export const renderItem = (ranked: RankedItem, position: number, language: string, personal = true): string =>
  `${position}. ${oneLine(ranked.item.title)} — ${ranked.item.url}\n   ${templatesFor(language).reason(ranked, personal)}\n`

/** Some item of the answer matched the user (so one that did not is a filler, not a starter). */
export const isPersonal = (ranked: ReadonlyArray<RankedItem>): boolean =>
  ranked.some((r) => r.matchedTopics.length > 0 || r.matchedInterests.length > 0)

/** The chunks of the answer: the intro line (if asked), then one per item. */
export const renderRecommendations = (ranked: ReadonlyArray<RankedItem>, options: RenderOptions): Array<string> => {
  const templates = templatesFor(options.language)
  if (ranked.length === 0) return [`${templates.empty}\n`]
  const personal = isPersonal(ranked)
  const intro = options.intro === true ? [`${templates.intro(ranked.length, personal)}\n\n`] : []
  return [...intro, ...ranked.map((r, i) => renderItem(r, i + 1, options.language, personal))]
}
