import { compilePhrases, findPhrase, type Phrase } from "./phrases.js";
import type { Word } from "./words.js";

/**
 * Where a customer's expectation came from (docs/reference/sensor.md#sources): the words that name
 * a channel, and the channel named nearest the mismatch phrase. The names are exact: they become
 * the label `expectation:<source>`.
 */
export const EXPECTATION_SOURCES = ["landing", "email", "sales", "interface", "partner", "docs", "unknown"] as const;
export type ExpectationSource = (typeof EXPECTATION_SOURCES)[number];

const CUES: Record<Exclude<ExpectationSource, "unknown">, readonly string[]> = {
  landing: [
    "website", "site", "web site", "landing", "homepage", "home page", "pricing page", "features page", "feature page",
    "сайт", "лендинг", "главной странице", "=на главной", "странице тарифов", "странице возможностей", "прайс", "реклам",
  ],
  email: ["email", "e mail", "newsletter", "mailing", "mail you sent", "письмо", "рассылка", "рассылке", "почту", "почте", "емейл", "имейл"],
  sales: [
    "sales", "account manager", "account executive", "rep", "salesperson", "salesman", "demo", "our call", "the call", "kickoff",
    "менеджер", "продаж", "продажник", "продавец", "демо", "созвон", "презентации", "коммерческое предложение", "=кп",
    "=договоре", "=договору", "=договора",
  ],
  interface: [
    "in the app", "the app", "banner", "tooltip", "button", "dialog", "popup", "pop up", "wizard", "screen", "hint", "placeholder",
    "admin panel", "приложении", "баннер", "подсказка", "кнопка", "окне", "мастере", "экране", "интерфейсе", "строке поиска", "админке",
    "уведомлении", "настройках", "личном кабинете", "=меню", "виджете",
  ],
  partner: [
    "partner", "reseller", "agency", "=integrator", "consultant", "implementation partner",
    "партнер", "интегратор", "агентство", "реселлер", "подрядчик", "дистрибьютор",
  ],
  docs: [
    "docs", "documentation", "help center", "help article", "knowledge base", "article", "guide",
    "faq", "документации", "справке", "статье", "базы знаний", "инструкции", "=доке", "=доках",
  ],
};

/**
 * Names too general to be a channel alone ("the page", "на странице"): one counts only as the
 * subject of a claim verb after it ("на странице выгрузки прямо написано"), never as where a
 * phrase's expectation came from, and any other channel named beats it.
 */
const WEAK_CUES: Partial<Record<Exclude<ExpectationSource, "unknown">, readonly string[]>> = {
  interface: ["=странице", "=страничке"],
};

/** The verbs a general name is the subject of in a claim: writing and stating, not showing ("на странице показана ошибка"). */
export const WEAK_CLAIM_VERBS: ReadonlySet<string> = new Set(["написано", "сказано", "указано", "заявлено", "обещано"]);

/** Verbs that, next to a channel's name, report what the channel said ("the website says", "менеджер сказал"). */
export const CLAIM_VERBS: readonly string[] = [
  "say", "said", "state", "claim", "advertise", "announce", "describe", "list", "tell", "told", "show", "mention",
  "confirm", "assure", "=ticked", "=написано", "=написали", "=сказано", "=сказал", "=сказала", "=сказали",
  "=говорил", "=говорила", "=говорили", "=говорилось", "=указано", "=заявлено", "=обещают", "=уверял", "=уверяли",
  "=пишет", "=объявили", "=подтвердил", "=подтвердила",
  "=написан", "=написана", "=написаны", "=пишут", "=писали", "=писал", "=писала", "=написал", "=написала",
  "=рассказывали", "=рассказывал", "=рассказал", "=рассказала", "=рассказали", "=сообщили", "=сообщил", "=сообщила",
  "=сообщалось", "=говорится", "=говорит", "=указан", "=указана", "=указаны", "=заявлена", "=заявлен", "=заявлены",
  "=обещано", "=обещает", "=утверждает", "=утверждал", "=утверждали", "=утверждается", "=значится", "=показано",
  "=показывают", "=показывали", "=гарантирует", "=гарантировал", "=подтвердили", "=упоминается", "=упоминали",
  "=описано", "=описана", "=описан", "=судя", "=галочка", "=галочкой", "=отмечено",
  "=словам", "со слов",
];

export interface SourceCue {
  source: Exclude<ExpectationSource, "unknown">;
  /** Index of the cue's first word. */
  at: number;
  /** Index of the cue's last word. */
  end: number;
  /** A general name (WEAK_CUES): a channel only as the subject of a claim. */
  weak?: boolean;
}

const compile = (cues: Partial<Record<SourceCue["source"], readonly string[]>>) =>
  Object.entries(cues).map(([source, phrases]) => ({ source: source as SourceCue["source"], phrases: compilePhrases(phrases) }));
const compiledCues = compile(CUES);
const compiledWeakCues = compile(WEAK_CUES);

/** Every channel named in the text, in order; with `weak`, the general names too, where no other channel starts. */
export function findSourceCues(words: readonly Word[], weak = false): SourceCue[] {
  const cues: SourceCue[] = [];
  for (const { source, phrases } of compiledCues) {
    for (const phrase of phrases) {
      for (const at of findPhrase(phrase, words)) cues.push({ source, at: at[0]!, end: at[at.length - 1]! });
    }
  }
  if (weak) {
    const taken = new Set(cues.map((cue) => cue.at));
    for (const { source, phrases } of compiledWeakCues) {
      for (const phrase of phrases) {
        for (const at of findPhrase(phrase, words)) if (!taken.has(at[0]!)) cues.push({ source, at: at[0]!, end: at[at.length - 1]!, weak: true });
      }
    }
  }
  return cues.sort((a, b) => a.at - b.at);
}

export const claimVerbs: readonly Phrase[] = compilePhrases(CLAIM_VERBS);

/**
 * The channel named nearest any of the mismatch occurrences, a name in the same sentence counting
 * before one outside it; `unknown` when the text names none.
 */
export function classifySource(words: readonly Word[], cues: readonly SourceCue[], occurrences: readonly number[][]): ExpectationSource {
  let best: { source: ExpectationSource; cost: number } = { source: "unknown", cost: Number.POSITIVE_INFINITY };
  for (const cue of cues) {
    for (const at of occurrences) {
      const first = at[0]!;
      const distance = cue.at >= first ? cue.at - at[at.length - 1]! : first - cue.end;
      const otherSentence = words[cue.at]!.sentence !== words[first]!.sentence;
      const cost = Math.abs(distance) + (otherSentence ? 1_000 : 0) + (cue.weak ? 10_000 : 0);
      if (cost < best.cost) best = { source: cue.source, cost };
    }
  }
  return best.source;
}
