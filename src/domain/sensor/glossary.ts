import { normalise, stemOf, type Word } from "./words.js";

/**
 * Russian words of a help desk and the English words a manifest would use for the same thing
 * (docs/reference/sensor.md#ranking): manifests are written in one language, tickets in two, so a
 * Russian ticket about "выгрузка счетов" must meet a release titled "Invoice export". This is a
 * general product and help-desk vocabulary (accounts, billing, orders, files, search, mobile,
 * editing, integrations, places), not the words of any one set of manifests; names written in
 * Latin letters or transliterated ("чекаут") are met by transliteration.ts instead.
 *
 * An entry is `russian words = english words`. A Russian word is compared by its Snowball stem,
 * or, written `word*`, is the start of any word (for roots whose stems vary: "опечат*" meets
 * "опечатка", "опечатки", "опечаток"); a word written `=word` must be exactly that form.
 */
const ENTRIES: readonly string[] = [
  // Accounts and access
  "аккаунт* учетн* = account",
  "пользовател* юзер* = user people",
  "сотрудник* = employee staff people",
  "админ* администратор* = admin administrator",
  "пароль пароля паролем пароли = password",
  "логин* = login sign",
  "=вход =входа =входе =входом = sign login",
  "единый единого едином = single",
  "авторизац* = login sign authorization",
  "регистрац* зарегистр* = signup register",
  "приглас* приглашени* = invite",
  "доступ* = access available",
  "роль роли ролей = role",
  "разрешени* = permission",
  "двухфакторн* = two factor",
  "идентификац* = identity",
  "провайдер* = provider",
  "автоматическ* автоматом = automatic automatically",
  "созда* = create created",
  "организац* компани* = company organisation organization",
  "команд* = team",
  "корпоративн* = company enterprise corporate",
  "сертификат* = certificate",
  "подпись подписи = signature sign",
  // Billing
  "счет счета счетов счетами счетах = invoice bill",
  "оплат* платеж* заплат* = payment pay",
  "подписк* = subscription",
  "тариф* = plan pricing",
  "цена цены цену ценой = price",
  "скидк* = discount",
  "промокод* купон* = coupon promo code",
  "возврат* = refund return",
  "квитанц* чек чека чеки = receipt",
  "списани* списал* = charge",
  "бесплатн* = free",
  "пробн* = trial",
  "налог* ндс = tax",
  "валют* = currency",
  "итог* = total",
  "округл* = round rounded",
  "сумм* = amount total",
  // Orders and shops
  "заказ* = order",
  "корзин* = cart",
  "доставк* доставля* = delivery",
  "оформлени* = checkout",
  "покупател* = shopper customer buyer",
  "клиент* = customer client",
  "товар* = product item",
  "каталог* = catalog catalogue",
  "склад* = warehouse stock",
  "подарочн* = gift",
  "карта карты карту картой карт картам картами = card",
  "способ* = method",
  "магазин* = shop store",
  "страниц* = page",
  "одностраничн* = page",
  "экран* = screen",
  "шаг шага шагов шаги = step",
  "кнопк* = button",
  "ссылк* = link",
  "футер* подвал* = footer",
  "классическ* = classic",
  "старый старого старом старая старую старой старые = old classic",
  // Files and data
  "выгру* экспорт* = export download",
  "загру* импорт* = import upload",
  "скача* скачив* = download",
  "файл* = file",
  "вложени* = attachment",
  "документ* = document",
  "отчет* = report",
  "таблиц* = table spreadsheet",
  "формат* = format",
  "период* диапазон* = range period",
  "дата даты дату датой = date",
  "лимит* ограничени* = limit",
  "объем* размер* = size",
  "резервн* бэкап* = backup",
  "архив* = archive",
  "удал* = delete remove",
  "очеред* = queue",
  "готов* = ready",
  "любой любая любое любые любую любого любым = any",
  "кажд* = every each",
  "сразу одновременн* = once",
  "много многих несколько = many multiple",
  // Search
  "поиск* поисков* иска* ищет найти найд* находит = search find",
  "опечат* орфограф* = typo misspelt spelling",
  "исправ* = correct fix",
  "результат* = result",
  "фильтр* = filter",
  "сортир* сортировк* = sort",
  "умн* = smart",
  "точн* = exact",
  "совпадени* = match",
  "запрос* = query request",
  "язык* = language",
  "английск* = english",
  "понима* понял* = understand",
  // Mobile, sync and notifications
  "мобильн* = mobile",
  "приложени* = app",
  "телефон* смартфон* = phone",
  "планшет* = tablet",
  "устройств* = device",
  "офлайн* оффлайн* = offline",
  "онлайн* = online",
  "сеть сети сетью = connection network",
  "связь связи = connection",
  "интернет* = connection internet",
  "подключени* = connection connect",
  "синхрониз* = sync",
  "уведомлени* = notification",
  "календар* = calendar",
  // Editing and rollouts
  "массов* = bulk",
  "редакт* = edit",
  "измен* = change edit",
  "групп* = group",
  "выдел* выбор* выбра* = select selection choose",
  "отключ* выключ* = off switch",
  "откат* = rollback",
  "функци* = feature",
  "возможност* = feature",
  "раскатк* = rollout",
  "эксперимент* = experiment",
  "бета* = beta",
  // Integrations
  "интеграц* = integration",
  "вебхук* = webhook",
  // Speed and time
  "быстр* скорост* = fast quick",
  "мгновенн* моментальн* = instant instantly",
  "медленн* = slow",
  "позже потом = later",
  // Places (regions are named by their codes in manifests)
  "ес евросоюз* европ* германи* франци* нидерланд* голланд* испани* итали* польш* австри* бельги* ирланди* " +
    "португали* швеци* финлянди* дани* чехи* = eu europe",
  "сша америк* = us usa",
  "великобритани* британи* англи* = uk",
  "канад* = canada",
];

interface Entry {
  english: string[];
}

const byStem = new Map<string, Entry>();
const byExact = new Map<string, Entry>();
const prefixes: Array<{ prefix: string; entry: Entry }> = [];

for (const line of ENTRIES) {
  const [russian = "", english = ""] = line.split(" = ");
  const entry: Entry = { english: english.split(/\s+/).filter(Boolean).map((word) => stemOf(word)) };
  for (const word of normalise(russian).split(/\s+/).filter(Boolean)) {
    if (word.endsWith("*")) prefixes.push({ prefix: word.slice(0, -1), entry });
    else if (word.startsWith("=")) byExact.set(word.slice(1), entry);
    else byStem.set(stemOf(word), entry);
  }
}
// The longest root first, so "одностраничн*" is read before "страниц*" could be.
prefixes.sort((a, b) => b.prefix.length - a.prefix.length);

/** The English stems a Russian word of a ticket stands for; none for a word the glossary does not know. */
export function englishStems(word: Word): readonly string[] {
  const exact = byExact.get(word.surface) ?? byStem.get(word.stem);
  if (exact) return exact.english;
  return prefixes.find(({ prefix }) => word.surface.startsWith(prefix))?.entry.english ?? [];
}
