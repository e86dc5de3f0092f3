/**
 * Answers written the way real models write them when given the worker's
 * prompt (src/domain/prompt.ts asks for "1. {title} — {link}" with the reason
 * on the next line), and the ways they stray from it: markdown links and
 * bold, nested "Link:"/"Why:" bullets, numbered headings with a paragraph,
 * bare URLs in parentheses, Korean labels, an intro and a closing remark,
 * Perplexity's citation markers and the Sources block the worker appends.
 */
import type { CatalogItem } from "../../src/domain/catalog/item.js"

const candidate = (id: string, url: string, title: string, categories: ReadonlyArray<string>, language = "en"): CatalogItem => ({
  id, url, title, description: "", language, format: "documentation", categories, tags: []
})

export const candidates: ReadonlyArray<CatalogItem> = [
  candidate("g-python-tutorial", "https://docs.python.org/3/tutorial/", "The Python Tutorial", ["599"]),
  candidate("g-real-python", "https://realpython.com/", "Real Python", ["599"]),
  candidate("g-fastapi-docs", "https://fastapi.tiangolo.com/", "FastAPI Documentation", ["599"]),
  candidate("ko-jump-to-python", "https://wikidocs.net/book/1", "점프 투 파이썬", ["599"], "ko"),
  candidate("ko-opentutorials", "https://opentutorials.org/", "생활코딩", ["599"], "ko")
]

export interface RecordedAnswer {
  readonly name: string
  readonly text: string
  /** What the items must be: url, title, source and the start of the reason. */
  readonly expected: ReadonlyArray<{ readonly url: string; readonly title: string; readonly source: string; readonly reason: string }>
}

export const answers: ReadonlyArray<RecordedAnswer> = [
  {
    name: "gpt-4.1-mini, as prompted (English)",
    text: [
      "1. The Python Tutorial — https://docs.python.org/3/tutorial/",
      "   A thorough walk through the language that matches your recent Python searches.",
      "2. Real Python — https://realpython.com",
      "   Practical tutorials on the machine learning topics you have been reading about.",
      "3. Scikit-learn User Guide — https://scikit-learn.org/stable/user_guide.html",
      "   The reference for the machine-learning library most tutorials build on.",
      ""
    ].join("\n"),
    expected: [
      { url: "https://docs.python.org/3/tutorial/", title: "The Python Tutorial", source: "catalog", reason: "A thorough walk" },
      { url: "https://realpython.com", title: "Real Python", source: "catalog", reason: "Practical tutorials" },
      { url: "https://scikit-learn.org/stable/user_guide.html", title: "Scikit-learn User Guide", source: "model", reason: "The reference" }
    ]
  },
  {
    name: "gpt-4o, Korean, markdown links in bold",
    text: [
      "1. **[점프 투 파이썬](https://wikidocs.net/book/1)** - 파이썬 기초를 처음부터 차근차근 익힐 수 있는 무료 입문서입니다.",
      "2. **[생활코딩](https://www.opentutorials.org/)** - 최근 살펴보신 웹 개발 주제를 영상과 글로 배울 수 있습니다.",
      "3. **[파이썬 공식 튜토리얼](https://docs.python.org/ko/3/tutorial/index.html)** - 공식 문서의 한국어 번역본입니다.",
      "",
      "즐거운 학습 되세요!",
      ""
    ].join("\n"),
    expected: [
      { url: "https://wikidocs.net/book/1", title: "점프 투 파이썬", source: "catalog", reason: "파이썬 기초를" },
      { url: "https://www.opentutorials.org/", title: "생활코딩", source: "catalog", reason: "최근 살펴보신" },
      { url: "https://docs.python.org/ko/3/tutorial/index.html", title: "파이썬 공식 튜토리얼", source: "model", reason: "공식 문서의" }
    ]
  },
  {
    name: "llama3.1:8b via Ollama, intro and nested Link/Why bullets",
    text: [
      "Based on your browsing history, here are some personalized recommendations:",
      "",
      "1. **FastAPI Documentation**",
      "   - **Link:** https://fastapi.tiangolo.com/",
      "   - **Why:** You have been searching for Python web frameworks, and FastAPI is a modern choice.",
      "2. **Kaggle Learn: Intro to Machine Learning**",
      "   - **Link:** [kaggle.com/learn](https://www.kaggle.com/learn/intro-to-machine-learning)",
      "   - **Why:** Hands-on micro-courses for your machine learning searches.",
      "3. **Full Stack Python**",
      "   - **Why:** A guide that ties the whole stack together (no link I can be sure of).",
      "",
      "I hope these recommendations help you on your learning journey!",
      ""
    ].join("\n"),
    expected: [
      { url: "https://fastapi.tiangolo.com/", title: "FastAPI Documentation", source: "catalog", reason: "You have been searching" },
      { url: "https://www.kaggle.com/learn/intro-to-machine-learning", title: "Kaggle Learn: Intro to Machine Learning", source: "model", reason: "Hands-on micro-courses" }
    ]
  },
  {
    name: "Perplexity sonar, numbered headings, citation markers and the Sources block",
    text: [
      "## Recommended resources",
      "",
      "### 1. Real Python",
      "In-depth tutorials on Python and machine learning, updated weekly[1].",
      "[Visit Real Python](https://realpython.com/)",
      "",
      "### 2. Hugging Face Course",
      "A free course on transformers and NLP with hands-on notebooks[2][3].",
      "https://huggingface.co/learn/nlp-course",
      "",
      "Sources:",
      "1. Real Python Tutorials — https://realpython.com/tutorials/",
      "2. https://huggingface.co/learn",
      "3. Hugging Face NLP Course — https://huggingface.co/learn/nlp-course"
    ].join("\n"),
    expected: [
      { url: "https://realpython.com/", title: "Real Python", source: "catalog", reason: "In-depth tutorials" },
      { url: "https://huggingface.co/learn/nlp-course", title: "Hugging Face Course", source: "model", reason: "A free course" },
      { url: "https://realpython.com/tutorials/", title: "Real Python Tutorials", source: "citation", reason: "" },
      { url: "https://huggingface.co/learn", title: "https://huggingface.co/learn", source: "citation", reason: "" }
    ]
  },
  {
    name: "Qwen2.5-7B via vLLM, Korean bullets with bare URLs in parentheses and labels",
    text: [
      "추천 콘텐츠입니다:",
      "- 점프 투 파이썬 (https://wikidocs.net/book/1): 파이썬 입문에 좋은 책입니다.",
      "  추천 이유: 최근 검색하신 파이썬 튜토리얼과 바로 이어집니다.",
      "- 백준 온라인 저지 (https://www.acmicpc.net/).",
      "  설명: 알고리즘 문제를 풀며 실력을 키울 수 있습니다.",
      "- 위키독스 — <https://wikidocs.net/>",
      ""
    ].join("\n"),
    expected: [
      { url: "https://wikidocs.net/book/1", title: "점프 투 파이썬", source: "catalog", reason: "파이썬 입문에" },
      { url: "https://www.acmicpc.net/", title: "백준 온라인 저지", source: "model", reason: "알고리즘 문제를" },
      { url: "https://wikidocs.net/", title: "위키독스", source: "model", reason: "" }
    ]
  },
  {
    name: "Korean catalog-style answer, 1) numbering, a non-http link and CRLF line ends",
    text: [
      "1) 생활코딩 — https://opentutorials.org",
      "   관심 분야인 웹 개발에 맞는 강좌입니다.",
      "2) 로컬 문서 — file:///etc/passwd",
      "   이 링크는 http(s)가 아니므로 항목이 되지 않습니다.",
      "3) 리얼 파이썬 — http://realpython.com/?utm_source=chatgpt.com",
      "   실습 위주의 글입니다.",
      ""
    ].join("\r\n"),
    expected: [
      { url: "https://opentutorials.org", title: "생활코딩", source: "catalog", reason: "관심 분야인" },
      { url: "http://realpython.com/?utm_source=chatgpt.com", title: "리얼 파이썬", source: "catalog", reason: "실습 위주의" }
    ]
  }
]
