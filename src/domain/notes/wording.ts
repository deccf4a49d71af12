import type { ItemState } from "../evaluation/checklist-items.js";
import type { RuleId } from "../evaluation/rules.js";
import type { PromiseField } from "../registry/changes.js";
import type { Audience, ChangeType, ChecklistItem, LimitationKind, NotesLocale, ReleaseStatus } from "../vocabulary.js";
import { ITEM_TITLES } from "../vocabulary.js";

/**
 * The product's own words for release notes, in each language the bundled templates speak. The
 * templates hold the sentences; this file holds the names of things (statuses, change types,
 * limitation kinds, checklist items) so that every template, bundled or overridden, names them
 * the same way.
 */
export interface NotesWording {
  audiences: Record<Audience, string>;
  statuses: Record<ReleaseStatus, string>;
  changeTypes: Record<ChangeType, string>;
  limitationKinds: Record<LimitationKind, string>;
  items: Record<ChecklistItem, string>;
  itemStates: Record<Exclude<ItemState, "met" | "not_applicable">, string>;
  rules: Record<RuleId, string>;
  /** A promise's fields, for "conditions changed". */
  promiseFields: Record<PromiseField, string>;
  /** `changed` holds `{fields}`, the changed fields joined in the language's way. */
  promiseChange: { changed: string; versionOnly: string };
  /** The BCP 47 tag lists are joined with (Intl.ListFormat). */
  listLocale: string;
}

export const NOTES_WORDING: Record<NotesLocale, NotesWording> = {
  en: {
    audiences: { new: "New users", existing: "Existing users", enterprise: "Enterprise customers", support: "Support" },
    statuses: { experiment: "Experiment", beta: "Beta", ga: "Full release", rollback: "Rolled back" },
    changeTypes: { feature: "New", improvement: "Improved", fix: "Fixed", deprecation: "Deprecated", removal: "Removed" },
    limitationKinds: {
      functional: "Functional",
      infrastructure: "Infrastructure",
      legal: "Legal and compliance",
      operational: "Operational",
      integration: "Integration",
    },
    items: ITEM_TITLES,
    itemStates: { missing: "not met", invalid: "invalid", needs_signoff: "waiting for a sign-off", waived: "waived" },
    rules: {
      rollout: "The rollout is above the limit for this status",
      hypothesis: "The experiment has no hypothesis",
      key_metric: "The experiment names no key metric",
      limitations: "Known limitations are not stated",
      transition: "This status change is not allowed by the policy",
      promises: "A promise the release refers to is not in the registry",
    },
    promiseFields: {
      text: "text", conditions: "conditions", exceptions: "exceptions", effective: "effective date",
      channels: "channels", min_status: "minimum status", owner: "owner", metric: "metric",
    },
    promiseChange: { changed: "{fields} changed", versionOnly: "only the version changed" },
    listLocale: "en",
  },
  ru: {
    audiences: { new: "Новые пользователи", existing: "Текущие пользователи", enterprise: "Корпоративные клиенты", support: "Поддержка" },
    statuses: { experiment: "Эксперимент", beta: "Бета", ga: "Полный релиз", rollback: "Откат" },
    changeTypes: { feature: "Новое", improvement: "Улучшено", fix: "Исправлено", deprecation: "Устаревает", removal: "Удалено" },
    limitationKinds: {
      functional: "Функциональное",
      infrastructure: "Инфраструктурное",
      legal: "Юридическое",
      operational: "Операционное",
      integration: "Интеграционное",
    },
    items: {
      analytics: "Аналитика",
      docs: "Документация",
      monitoring: "Мониторинг",
      support_training: "Обучение поддержки",
      rollback_plan: "План отката",
      segment_limits: "Ограничения по сегментам",
    },
    itemStates: { missing: "не выполнено", invalid: "заполнено с ошибками", needs_signoff: "ждёт подтверждения", waived: "временно снято" },
    rules: {
      rollout: "Охват больше, чем разрешено на этом статусе",
      hypothesis: "У эксперимента не указана гипотеза",
      key_metric: "У эксперимента не указана ключевая метрика",
      limitations: "Известные ограничения не перечислены",
      transition: "Политика не разрешает такую смену статуса",
      promises: "Обещания, на которое ссылается релиз, нет в реестре",
    },
    promiseFields: {
      text: "текст", conditions: "условия", exceptions: "исключения", effective: "дата вступления в силу",
      channels: "каналы", min_status: "минимальный статус", owner: "владелец", metric: "метрика",
    },
    promiseChange: { changed: "изменено: {fields}", versionOnly: "изменён только номер версии" },
    listLocale: "ru",
  },
};

/**
 * Phrases that tell a reader a release is open to everyone. Notes for an experiment, a beta or a
 * rollback must contain none of them (docs/reference/release-notes.md). "Not yet available to all" is honest and allowed.
 * Each phrase comes with a word it cannot match without, so that text with none of these words
 * (most notes) is passed over in one quick search.
 */
const AVAILABILITY_CLAIMS: ReadonlyArray<{ word: string; pattern: RegExp }> = [
  { word: "general", pattern: /\bgenerally\s+available\b/gi },
  { word: "general", pattern: /\bgeneral\s+availability\b/gi },
  { word: "available", pattern: /(?<!(?:\bnot|n't)\s+(?:yet\s+)?)\bavailable\s+(?:to|for)\s+(?:all|every|everyone|everybody|anyone)\b/gi },
  { word: "open", pattern: /\bopen\s+to\s+(?:all|everyone|everybody)\b/gi },
  { word: "общедоступ", pattern: /общедоступ/giu },
  { word: "доступн", pattern: /(?<!\p{L})доступн\p{L}*\s+(?:для\s+)?(?:всем|всех|каждому|любому)(?!\p{L})/giu },
  { word: "всех", pattern: /(?<!(?:^|[^\p{L}])не\s+)(?<!\p{L})для\s+всех\s+(?:пользовател|клиент|аккаунт|тариф)/giu },
];
/**
 * The bare abbreviation "GA" is a claim in template wording but too ambiguous in person-written
 * text (a region code, for instance), so it is checked only where asked.
 */
const ABBREVIATION_CLAIM = { word: "GA", pattern: /(?<![\p{L}\p{N}_-])GA(?![\p{L}\p{N}_-])/gu };
const CLAIM_WORDS = new RegExp([...new Set(AVAILABILITY_CLAIMS.map((claim) => claim.word))].join("|"), "i");

export interface AvailabilityClaim {
  phrase: string;
  /** 1-based line in the text that was scanned. */
  line: number;
}

/** Takes out escapes, emphasis, zero-width spaces and `<br>`, which can split a claim without changing how it reads. */
function plainForScan(text: string): string {
  return text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, "")
    .replace(/[*_~`\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/<br>|&nbsp;/g, " ");
}

/**
 * Finds claims of general availability (in every bundled language, since a template may mix
 * them), including a phrase broken across lines, each reported on the line where it starts.
 */
export function findAvailabilityClaims(text: string, options: { abbreviation?: boolean } = {}): AvailabilityClaim[] {
  const claims = CLAIM_WORDS.test(text) ? [...AVAILABILITY_CLAIMS] : [];
  if (options.abbreviation !== false && text.includes(ABBREVIATION_CLAIM.word)) claims.push(ABBREVIATION_CLAIM);
  if (claims.length === 0) return [];
  const plain = plainForScan(text);
  const found: AvailabilityClaim[] = [];
  for (const { pattern } of claims) {
    for (const match of plain.matchAll(pattern)) {
      let line = 1;
      for (let i = plain.indexOf("\n"); i >= 0 && i < match.index; i = plain.indexOf("\n", i + 1)) line++;
      found.push({ phrase: match[0].replace(/\s+/g, " ").trim(), line });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}
