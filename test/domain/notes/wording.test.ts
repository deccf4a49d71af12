import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../../src/domain/markdown/escape.js";
import { findAvailabilityClaims, NOTES_WORDING } from "../../../src/domain/notes/wording.js";
import { NOTES_LOCALES } from "../../../src/domain/vocabulary.js";

const phrases = (text: string, options?: { abbreviation?: boolean }) => findAvailabilityClaims(text, options).map((c) => c.phrase);

describe("findAvailabilityClaims", () => {
  it("finds English claims of general availability", () => {
    for (const text of [
      "Now generally available.",
      "It reached General Availability today",
      "Available to all customers",
      "now available for everyone on every plan",
      "Open to everyone",
      "Shipped as GA",
    ]) {
      expect(phrases(text), text).not.toEqual([]);
    }
  });

  it("finds Russian claims", () => {
    for (const text of ["Функция общедоступна", "Теперь доступно всем", "доступна для всех", "Это для всех пользователей", "Общедоступный релиз"]) {
      expect(phrases(text), text).not.toEqual([]);
    }
  });

  it("leaves honest limited wording alone", () => {
    for (const text of [
      "It is not yet available to all accounts.",
      "It isn't available to everyone yet.",
      "This is a beta for about 20% of accounts on the pro plan.",
      "It may still change before the full release.",
      "Доступно не всем: только 20% аккаунтов.",
      "Пока не для всех пользователей.",
      "до полного релиза детали могут измениться",
      "Gallery, GAAP and GraphQL",
    ]) {
      expect(phrases(text), text).toEqual([]);
    }
  });

  it("checks the abbreviation GA only where asked", () => {
    expect(phrases("Regions: GA and EU")).toEqual(["GA"]);
    expect(phrases("Regions: GA and EU", { abbreviation: false })).toEqual([]);
  });

  it("sees through escaping, zero-width spaces and line breaks", () => {
    expect(phrases(escapeMarkdown("generally_available? no: *generally* available"))).toEqual(["generally available"]);
    expect(findAvailabilityClaims("It is now generally\navailable.")).toEqual([{ phrase: "generally available", line: 1 }]);
    expect(findAvailabilityClaims("one\ntwo\nдоступно\u200b всем")).toEqual([{ phrase: "доступно всем", line: 3 }]);
  });

  it("has no claim in the names of anything but the ga status", () => {
    for (const locale of NOTES_LOCALES) {
      const words = NOTES_WORDING[locale];
      const { ga: _ga, ...otherStatuses } = words.statuses;
      const names = [
        ...Object.values(words.audiences), ...Object.values(otherStatuses), ...Object.values(words.changeTypes),
        ...Object.values(words.limitationKinds), ...Object.values(words.items), ...Object.values(words.itemStates), ...Object.values(words.rules),
      ];
      expect(names.filter((name) => phrases(name).length > 0), locale).toEqual([]);
      // A promise's min_status may be ga: its name appears in notes for beta releases.
      expect(phrases(words.statuses.ga), locale).toEqual([]);
    }
  });
});
