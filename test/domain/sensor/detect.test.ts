import { describe, expect, it } from "vitest";
import { cleanText } from "../../../src/domain/sensor/clean-text.js";
import { createDetector, detectMismatch } from "../../../src/domain/sensor/detect.js";
import { stemOf } from "../../../src/domain/sensor/words.js";
import { parsePolicy } from "../../../src/domain/policy/resolve.js";

const detector = createDetector();
const detect = (text: string) => detectMismatch(detector, text);

describe("expectation-mismatch phrases (docs/reference/sensor.md#phrases)", () => {
  it("finds the phrases the spec names, in English and Russian, in their inflections", () => {
    for (const text of [
      "I expected the export to include everything.",
      "You promised a receipt within a minute.",
      "We were promised SSO.",
      "The website says every plan gets it.",
      "Я думал, что это бесплатно.",
      "Я рассчитывала на другое.",
      "Нам обещали выгрузку за сутки.",
      "На сайте написано, что доступно всем.",
      "Менеджер сказал, что всё включено.",
    ]) {
      expect(detect(text).mismatch, text).toBe(true);
    }
  });

  it("finds Russian expectations in both aspects, with particles, in either word order and in colloquial forms", () => {
    for (const text of [
      "Вы же пообещали выгрузку за сутки.",
      "Я подумала, что это входит в тариф.",
      "Мы расчитывали на другое.", // a common typo
      "Он же должен был работать на всех тарифах.",
      "Сказали нам, что всё включено.",
      "Вы сами писали, что лимита нет.",
      "Типа было написано, что бесплатно.",
      "Вроде как у вас написано, что SSO есть на Pro.",
      "По словам вашего менеджера, всё будет к понедельнику.",
      "Про лимит нас никто не предупредил.",
      "В документации ни слова про лимит.",
      "Статья «Массовое редактирование» всё ещё висит, и там сказано, что функция доступна всем.",
      "На странице выгрузки прямо написано «любые счета».",
      "Мы исходили из того, что синхронизация мгновенная.",
    ]) {
      expect(detect(text).mismatch, text).toBe(true);
    }
  });

  it("leaves polite requests and present tenses that set no expectation", () => {
    for (const text of [
      "Рассчитываю на быстрый ответ, спасибо.",
      "Предполагаю, что это баг в последней версии.",
      "Подумал, может, есть способ выгрузить заказы?",
      "Как и обещали, исправление пришло в четверг, спасибо!",
      "В письме написано, как сбросить пароль, но ссылка не работает.",
      "Как ожидалось, оплата прошла на одной странице.",
      "На странице показано: ошибка 500.",
    ]) {
      expect(detect(text).mismatch, text).toBe(false);
    }
  });

  it("stems with Snowball: inflections meet one stem in each language", () => {
    expect(stemOf("promised")).toBe(stemOf("promises"));
    expect(stemOf("обещали")).toBe(stemOf("обещал"));
    expect(stemOf("рассчитывал")).toBe(stemOf("рассчитывали"));
  });

  it("says nothing about a plain bug report, a how-to question or thanks", () => {
    for (const text of [
      "The export fails with a 500 error since this morning.",
      "How do I add a colleague as an admin?",
      "Спасибо, всё работает!",
      "Поиск тормозит со вчерашнего дня.",
    ]) {
      expect(detect(text).mismatch, text).toBe(false);
    }
  });

  it("ignores negated phrases", () => {
    expect(detect("I know you never promised gift cards, just asking.").mismatch).toBe(false);
    expect(detect("Я понимаю, что подарочные карты никто не обещал.").mismatch).toBe(false);
    expect(detect("I don't expect a quick answer, but is there an archive option?").mismatch).toBe(false);
  });

  it("keeps phrases that are themselves a negation (nobody told us)", () => {
    expect(detect("Nobody told us about a 50,000 invoice limit.").mismatch).toBe(true);
  });

  it("ignores bug-report wording: expected behaviour and as expected", () => {
    expect(detect("**Expected behavior**\nThe new logo.").mismatch).toBe(false);
    expect(detect("After your fix the search works as expected.").mismatch).toBe(false);
  });

  it("ignores quoted lines, quoted earlier replies, signatures and code", () => {
    expect(detect("Thanks, fixed.\n\n> We promised the fix for Thursday.").mismatch).toBe(false);
    expect(detect("Thanks!\n\nOn Tue, Nov 17, 2026 at 4:02 PM Support <s@example.com> wrote:\nYou were promised a refund.").mismatch).toBe(false);
    expect(detect("Logs:\n```\nERROR you promised a string, got null\n```").mismatch).toBe(false);
    expect(detect("See `expected: true, promised: false` in the payload.").mismatch).toBe(false);
    expect(detect("Thanks\n-- \nAcme: the website says it all").mismatch).toBe(false);
    expect(cleanText("mine\n> theirs\nmine too")).toBe("mine\nmine too");
  });

  it("adds the policy's phrases to the built-in ones", () => {
    expect(detect("The brochure stated otherwise.").mismatch).toBe(false);
    expect(detectMismatch(createDetector(["brochure stated"]), "The brochure stated otherwise.").mismatch).toBe(true);
  });
});

describe("where the expectation came from (docs/reference/sensor.md#sources)", () => {
  it.each([
    ["Your landing page says it is included.", "landing"],
    ["The email you sent said every plan gets it.", "email"],
    ["Our account manager told us SSO would work with any provider.", "sales"],
    ["The banner in the app says it is available.", "interface"],
    ["Our reseller assured us it was included.", "partner"],
    ["According to your documentation it takes 24 hours, the docs say so.", "docs"],
    ["I thought it would be free.", "unknown"],
    ["В письме было написано, что всё готово за сутки.", "email"],
    ["Менеджер сказал, что SSO работает с любым провайдером.", "sales"],
    ["На лендинге было сказано, что оплата на одной странице уже работает.", "landing"],
    ["Статья в справке висит, и там сказано, что функция доступна всем.", "docs"],
    ["На странице выгрузки прямо написано «любые счета».", "interface"],
  ])("%s → %s", (text, source) => {
    expect(detect(text).source).toBe(source);
  });
});

describe("policy sensor (docs/reference/policy.md)", () => {
  it("defaults to off, this repository, 14 days, no extra phrases", () => {
    const parsed = parsePolicy("");
    if (!parsed.ok) throw new Error("default policy refused");
    expect(parsed.policy.sensor).toEqual({ enabled: false, window_days: 14, phrases: [] });
  });

  it("refuses a broken value with its line and key", () => {
    const parsed = parsePolicy("sensor:\n  enabled: true\n  window_days: 0\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatchObject({ line: 3, key: "sensor.window_days" });
  });

  it("refuses a releases_from that is not owner/repo", () => {
    const parsed = parsePolicy("sensor:\n  releases_from: just-a-name\n");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ line: 2, key: "sensor.releases_from" });
  });
});
