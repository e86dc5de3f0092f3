// The playground: one page, no build step, nothing from another origin.
// It calls the worker's own API: /v1/recommendations (SSE over fetch, or the
// WebSocket), /v1/analyze for the charts and /v1/feedback for clicks.
import { samples } from "./samples.js"

const texts = {
  en: {
    title: "llm-worker-rec playground", intro: "Pick a browsing context, press Recommend, and watch the answer stream in.",
    apiDocs: "API reference", sample: "Sample", context: "Browser context (JSON)", contentType: "Content type",
    period: "Period", userId: "User id", apiKey: "API key (if required)", transport: "Transport", recommend: "Recommend",
    answer: "Recommendation", analysis: "What the worker sees", behaviour: "Behaviour", language: "Language",
    topics: "Top topics by weight", interests: "Interests by score", streaming: "Streaming…", connecting: "Connecting…",
    badJson: "The browser context is not valid JSON.", done: "Complete", provider: "provider", chunks: "chunks",
    none: "none yet", failed: "Failed"
  },
  ko: {
    title: "llm-worker-rec 플레이그라운드", intro: "브라우징 컨텍스트를 고르고 추천을 누르면 답이 생성되는 대로 흘러 들어옵니다.",
    apiDocs: "API 문서", sample: "샘플", context: "브라우저 컨텍스트 (JSON)", contentType: "콘텐츠 유형",
    period: "기간", userId: "사용자 ID", apiKey: "API 키 (필요한 경우)", transport: "전송 방식", recommend: "추천",
    answer: "추천 결과", analysis: "워커가 본 관심사", behaviour: "행동 유형", language: "언어",
    topics: "가중치 상위 주제", interests: "관심 분야 점수", streaming: "스트리밍 중…", connecting: "연결 중…",
    badJson: "브라우저 컨텍스트가 올바른 JSON이 아닙니다.", done: "완료", provider: "제공자", chunks: "조각",
    none: "아직 없음", failed: "실패"
  }
}
const lang = (navigator.languages?.[0] ?? navigator.language ?? "en").toLowerCase().startsWith("ko") ? "ko" : "en"
const t = texts[lang]
document.documentElement.lang = lang
for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t[element.dataset.i18n]

const $ = (id) => document.getElementById(id)
const sampleSelect = $("sample")
for (const sample of samples) sampleSelect.append(new Option(sample.name[lang], sample.id))

// The chosen sample lives in the URL fragment (#sample=cook-ko), so a link shares it; the key never does.
const fromFragment = () => new URLSearchParams(location.hash.slice(1)).get("sample")
const showSample = (id) => {
  const sample = samples.find((s) => s.id === id) ?? samples[0]
  sampleSelect.value = sample.id
  $("context").value = JSON.stringify(sample.context, null, 2)
  $("content-type").value = sample.content_type
  $("content-period").value = sample.content_period
}
sampleSelect.addEventListener("change", () => {
  history.replaceState(null, "", `#sample=${encodeURIComponent(sampleSelect.value)}`)
  showSample(sampleSelect.value)
})
window.addEventListener("hashchange", () => showSample(fromFragment()))
showSample(fromFragment())

const headers = () => {
  const key = $("api-key").value.trim()
  return { "content-type": "application/json", ...(key === "" ? {} : { authorization: `Bearer ${key}` }) }
}

// ------------------------------------------------------------------ the answer

const answer = $("answer")
let current = { text: "", chunks: 0, id: undefined, idReady: undefined }

// Links in the answer become anchors; a click is recorded as feedback. Linear-time pattern.
const link = /https?:\/\/[^\s<>"'`]+/g
const renderAnswer = () => {
  const nodes = []
  let last = 0
  for (const match of current.text.matchAll(link)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, "")
    nodes.push(document.createTextNode(current.text.slice(last, match.index)))
    const a = document.createElement("a")
    a.href = url
    a.textContent = url
    a.target = "_blank"
    a.rel = "noopener noreferrer"
    nodes.push(a)
    last = match.index + url.length
  }
  nodes.push(document.createTextNode(current.text.slice(last)))
  answer.replaceChildren(...nodes)
  answer.dataset.chunks = String(current.chunks)
}

answer.addEventListener("click", async (event) => {
  const a = event.target.closest("a")
  if (a === null) return
  const id = current.id ?? (await current.idReady)
  if (id === undefined) return
  const response = await fetch("/v1/feedback", {
    method: "POST", headers: headers(), keepalive: true,
    body: JSON.stringify({ recommendation_id: id, event: "click", clicked_url: a.href, user_id: $("user-id").value })
  })
  a.dataset.feedback = response.ok ? "recorded" : `failed ${response.status}`
})

const setStatus = (text, isError = false) => {
  $("status").textContent = text
  $("status").classList.toggle("error", isError)
}

let resolveId = () => {}
const onEvent = (event, data) => {
  if (event === "chunk") {
    current.text += data.content
    current.chunks++
    renderAnswer()
    setStatus(`${t.streaming} ${current.chunks} ${t.chunks}`)
  } else if (event === "done") {
    current.id = data.recommendation_id
    resolveId(data.recommendation_id)
    $("final").hidden = false
    $("final").textContent = `${data.content} · ${t.provider}: ${data.provider}`
    setStatus(`${t.done} · ${current.chunks} ${t.chunks}`)
    finish()
  } else if (event === "error") {
    resolveId(undefined)
    setStatus(`${t.failed}: ${data.code} — ${data.message}`, true)
    finish()
  }
}

const finish = () => {
  $("recommend").disabled = false
  document.body.dataset.state = "idle"
}

// ------------------------------------------------------------------ transports

const streamSse = async (request) => {
  const response = await fetch("/v1/recommendations", { method: "POST", headers: headers(), body: JSON.stringify(request) })
  if (!response.ok || response.body === null) {
    const error = await response.json().catch(() => ({ code: String(response.status), message: response.statusText }))
    return onEvent("error", error)
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += value
    let end
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      let event = "message"
      let data = ""
      for (const line of frame.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7)
        else if (line.startsWith("data: ")) data += line.slice(6)
      }
      if (data !== "") onEvent(event, JSON.parse(data))
    }
  }
}

// One socket for the page: later requests go over the same socket and replace the answer in progress.
let socket
const openSocket = () =>
  new Promise((resolve, reject) => {
    if (socket !== undefined && socket.readyState === WebSocket.OPEN) return resolve(socket)
    const key = $("api-key").value.trim()
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/recommendations/ws`
    let ws
    try {
      ws = new WebSocket(url, key === "" ? ["llm-worker-rec"] : ["llm-worker-rec", key])
    } catch {
      ws = new WebSocket(url, ["llm-worker-rec"]) // a key that is not a valid protocol token goes in the message
    }
    ws.addEventListener("open", () => resolve(ws), { once: true })
    ws.addEventListener("error", () => reject(new Error("WebSocket failed")), { once: true })
    ws.addEventListener("message", (message) => {
      const { event, data } = JSON.parse(message.data)
      onEvent(event, data)
    })
    ws.addEventListener("close", () => (socket = undefined))
    socket = ws
  })

const streamSocket = async (request) => {
  const ws = await openSocket()
  const key = $("api-key").value.trim()
  ws.send(JSON.stringify(key === "" ? request : { ...request, api_key: key }))
}

// ------------------------------------------------------------------ the analysis

const drawBars = (container, rows) => {
  container.replaceChildren(...rows.map(({ label, value }) => {
    const row = document.createElement("div")
    row.className = "bar-row"
    row.dataset.label = label
    row.dataset.value = String(value)
    const name = document.createElement("span")
    name.className = "label"
    name.textContent = label
    name.title = label
    const track = document.createElement("span")
    track.className = "track"
    const bar = document.createElement("span")
    bar.className = "bar"
    bar.style.display = "block"
    bar.style.width = `${Math.max(0, Math.min(1, value)) * 100}%`
    track.append(bar)
    const number = document.createElement("span")
    number.className = "value"
    number.textContent = value.toFixed(2)
    row.append(name, track, number)
    return row
  }))
  if (rows.length === 0) container.textContent = t.none
}

const showAnalysis = async (browserContext) => {
  const response = await fetch("/v1/analyze", {
    method: "POST", headers: headers(), body: JSON.stringify({ browser_context: browserContext })
  })
  if (!response.ok) return
  const analysis = await response.json()
  $("behaviour").textContent = analysis.behaviorPattern.label
  $("language").textContent = analysis.contentPreferences.primaryLanguage
  drawBars($("topics"), analysis.topics.slice(0, 10).map((topic) => ({ label: topic.term, value: topic.weight })))
  drawBars($("interests"), analysis.interests.slice(0, 8).map((interest) => ({ label: interest.name, value: interest.score })))
  document.body.dataset.analysis = "drawn"
}

$("recommend").addEventListener("click", () => {
  let browserContext
  try {
    browserContext = JSON.parse($("context").value)
  } catch {
    return setStatus(t.badJson, true)
  }
  const request = {
    user_id: $("user-id").value,
    browser_context: browserContext,
    content_type: $("content-type").value,
    content_period: $("content-period").value
  }
  current = { text: "", chunks: 0, id: undefined, idReady: new Promise((resolve) => (resolveId = resolve)) }
  renderAnswer()
  $("final").hidden = true
  $("recommend").disabled = true
  document.body.dataset.state = "streaming"
  setStatus(t.connecting)
  void showAnalysis(browserContext)
  const run = $("transport").value === "ws" ? streamSocket(request) : streamSse(request)
  run.catch((error) => onEvent("error", { code: "UNAVAILABLE", message: String(error.message ?? error) }))
})
