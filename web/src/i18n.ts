import { MESSAGES, type Lang, type MessageKey } from "./i18n-messages";

export type { Lang, MessageKey };

const STORAGE_KEY = "yrd.lang";
const listeners: (() => void)[] = [];

/** Chinese unless the visitor chose English (?lang=en, or the switch, remembered in this browser). */
function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl === "en" || fromUrl === "zh") return fromUrl;
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

let lang: Lang = initialLang();

export const currentLang = (): Lang => lang;

/** The text for `key` in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template: string = MESSAGES[lang][key] ?? MESSAGES.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A label for an enum value ("status" + "ACTIVE"), or the raw value when the platform added one we do not know. */
export function label(group: string, value: string): string {
  const key = `${group}.${value}` as MessageKey;
  return key in MESSAGES[lang] ? t(key) : value;
}

/** Fills every [data-i18n] element (and [data-i18n-placeholder] input) under `root`. */
export function applyStatic(root: ParentNode = document): void {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  root.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => (el.textContent = t(el.dataset.i18n as MessageKey)));
  root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]").forEach((el) => (el.placeholder = t(el.dataset.i18nPlaceholder as MessageKey)));
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyStatic();
  listeners.forEach((fn) => fn());
}

/** Wires the header's switch button and re-renders through `rerender` when the language changes. */
export function setupLanguageSwitch(button: HTMLButtonElement, rerender: () => void): void {
  listeners.push(rerender);
  button.addEventListener("click", () => setLang(lang === "zh" ? "en" : "zh"));
  applyStatic();
}

/** A moment in the page's language, in the visitor's time zone. */
export function dateTime(iso: string, timeOnly = false): string {
  const date = new Date(iso);
  const locale = lang === "zh" ? "zh-CN" : "en-GB";
  return timeOnly ? date.toLocaleTimeString(locale) : date.toLocaleString(locale);
}
