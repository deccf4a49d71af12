import { describe, expect, it } from "vitest";
import { classifyTicket } from "../../../src/domain/sensor/classify.js";
import type { SensorPromise, SensorRelease } from "../../../src/domain/sensor/candidates.js";
import { createDetector } from "../../../src/domain/sensor/detect.js";
import { englishStems } from "../../../src/domain/sensor/glossary.js";
import { quantityTokens } from "../../../src/domain/sensor/quantities.js";
import { keysMeet, soundKey } from "../../../src/domain/sensor/transliteration.js";
import { wordsOf, stemOf } from "../../../src/domain/sensor/words.js";

const word = (text: string) => wordsOf(text)[0]!;

describe("sound keys: Latin names written in Cyrillic (docs/reference/sensor.md#ranking)", () => {
  it.each([
    ["чекаут", "checkout"], ["офлайн", "offline"], ["оффлайн", "offline"], ["экспорт", "export"], ["вебхук", "webhook"],
    ["андроид", "Android"], ["энтерпрайз", "enterprise"], ["джира", "Jira"], ["эксель", "Excel"], ["дашборд", "dashboard"],
  ])("%s meets %s", (cyrillic, latin) => {
    expect(keysMeet(soundKey(cyrillic), soundKey(latin))).toBe(true);
  });

  it("meets an inflected Russian word by the English word's key at its start", () => {
    expect(keysMeet(soundKey("мобильном"), soundKey("mobile"))).toBe(true);
    expect(keysMeet(soundKey("чекауте"), soundKey("checkout"))).toBe(true);
  });

  it("keeps apart different words and refuses keys too short to mean anything", () => {
    expect(keysMeet(soundKey("поиск"), soundKey("search"))).toBe(false);
    expect(keysMeet(soundKey("планшет"), soundKey("plan"))).toBe(false); // a four-letter key meets only its equal
    expect(keysMeet(soundKey("про"), soundKey("pro"))).toBe(false); // "про" is a preposition
  });
});

describe("quantities in one spelling for both languages", () => {
  it("reads spans of time, sizes and counts the same in Russian and English", () => {
    expect(quantityTokens(wordsOf("ready within 24 hours"))).toEqual(quantityTokens(wordsOf("готово за 24 часа")));
    expect(quantityTokens(wordsOf("за сутки"))).toEqual(["#1440min"]);
    expect(quantityTokens(wordsOf("offline-sync-5min"))).toEqual(quantityTokens(wordsOf("за 5 минут")));
    expect(quantityTokens(wordsOf("at most 50,000 invoices"))).toEqual(["#50000"]);
    expect(quantityTokens(wordsOf("лимит 50 000 счетов"))).toEqual(["#50000"]);
    expect(quantityTokens(wordsOf("50 тысяч"))).toEqual(["#50000"]);
    expect(quantityTokens(wordsOf("within a minute"))).toEqual(quantityTokens(wordsOf("за минуту")));
    expect(quantityTokens(wordsOf("larger than 20 MB"))).toEqual(quantityTokens(wordsOf("больше 20 МБ")));
  });

  it("takes no greeting for a day and no small bare number for a count", () => {
    expect(quantityTokens(wordsOf("Добрый день! Оплата в 3 шага."))).toEqual([]);
  });
});

describe("the glossary: Russian words a ticket uses for what an English manifest names", () => {
  it("gives the English stems of a Russian word in its inflections", () => {
    expect(englishStems(word("выгрузку"))).toContain(stemOf("export"));
    expect(englishStems(word("опечаток"))).toContain(stemOf("typo"));
    expect(englishStems(word("счетов"))).toContain(stemOf("invoice"));
    expect(englishStems(word("уведомления"))).toContain(stemOf("notification"));
  });

  it("knows nothing of a word outside it", () => {
    expect(englishStems(word("здравствуйте"))).toEqual([]);
    expect(englishStems(word("export"))).toEqual([]);
  });
});

// Releases that are not the corpus's: the glossary and the sound keys are general, not its words.
const release = (slug: string, title: string, changes: string[], extra: Partial<SensorRelease> = {}): SensorRelease => ({
  slug, title, changes, limitations: [], plans: [], regions: [], promises: [], campaigns: [], ...extra,
});
const releases = [
  release("two-factor", "Two-factor login", ["Confirm sign-in with a code from your phone"], { promises: ["sms-code-1min"] }),
  release("calendar-sync", "Calendar sync with Google", ["Orders appear in your Google Calendar"]),
  release("coupons", "Discount coupons at checkout", ["Customers enter a promo code in the cart"], { plans: ["pro"] }),
  release("webhooks-v2", "Signed webhooks", ["Every webhook carries a signature header"]),
];
const promises = new Map<string, SensorPromise>([
  ["sms-code-1min", { id: "sms-code-1min", text: "The sign-in code arrives within a minute.", conditions: [], exceptions: ["Roaming numbers"] }],
]);
const detector = createDetector();
const first = (body: string) =>
  classifyTicket(detector, { subject: "", body, createdAt: new Date("2026-11-20T00:00:00Z") }, { releases, promises, windowDays: 14 }).releases[0];

describe("a Russian ticket about English manifests", () => {
  it.each([
    ["Нам обещали, что код для входа придёт за минуту, ждём уже десять.", "two-factor"],
    ["Менеджер сказал, что заказы будут появляться в календаре гугл автоматически.", "calendar-sync"],
    ["На сайте написано, что скидки по промокоду работают в корзине. Купон не принимается.", "coupons"],
    ["Я думал, каждый вебхук будет с подписью, а заголовка нет.", "webhooks-v2"],
  ])("%s → %s", (body, slug) => {
    expect(first(body)).toBe(slug);
  });

  it("names nothing when the Russian text names none of them", () => {
    expect(first("Я думал, что будет дешевле.")).toBeUndefined();
  });
});
