/**
 * The language of a short text (a title, a query), told by its script alone:
 * any Hangul → "ko"; else any kana → "ja"; else Han characters → "zh";
 * else Latin letters → "en". Titles mix scripts ("React 튜토리얼"), and the
 * rarer script is the one that tells the reader's language, hence the order.
 * Latin-script languages are not told apart: "en" stands for all of them,
 * which is right for this service's users (Korean and English) and cheap.
 */
export const detectLanguage = (text: string): string | undefined => {
  let kana = false
  let han = false
  let latin = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin = true
    } else if ((code >= 0xac00 && code <= 0xd7a3) || (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) {
      return "ko"
    } else if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff) || (code >= 0xff66 && code <= 0xff9f)) {
      kana = true
    } else if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) {
      han = true
    } else if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) {
      latin = true
    }
  }
  if (kana) return "ja"
  if (han) return "zh"
  if (latin) return "en"
  return undefined
}
