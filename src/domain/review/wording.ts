import type { NotesLocale } from "../vocabulary.js";

/**
 * The names of things in the weekly review, per language; the templates hold the sentences. Source
 * codes are the sensor's (docs/reference/sensor.md); an unknown code is shown as written.
 */
export interface ReviewWording {
  sources: Readonly<Record<string, string>>;
  trends: Readonly<Record<"up" | "down" | "same", string>>;
  /** The parts of a promise whose change raises its version. */
  promiseParts: Readonly<Record<string, string>>;
  /** The line before another repository's review in a shared issue ({repo}: owner/name). */
  sectionLead: string;
}

export const REVIEW_WORDING: Record<NotesLocale, ReviewWording> = {
  en: {
    sources: {
      landing: "Landing page",
      email: "Email",
      sales: "Sales",
      interface: "In the product",
      partner: "Partner",
      docs: "Documentation",
      unknown: "Not said",
    },
    trends: { up: "up", down: "down", same: "unchanged" },
    promiseParts: { text: "wording", conditions: "conditions", exceptions: "exceptions" },
    sectionLead: "Issues and releases of {repo}",
  },
  ru: {
    sources: {
      landing: "Лендинг",
      email: "Рассылка",
      sales: "Продажи",
      interface: "Интерфейс",
      partner: "Партнёр",
      docs: "Документация",
      unknown: "Не указан",
    },
    trends: { up: "выросла", down: "снизилась", same: "без изменений" },
    promiseParts: { text: "формулировка", conditions: "условия", exceptions: "исключения" },
    sectionLead: "Обращения и релизы {repo}",
  },
};
