type Child = Node | string | number | null | undefined | false;

/**
 * Builds an element. Text always goes in as text nodes, never as HTML, so nothing the API returns
 * (names, scopes, reasons) can inject markup into the page.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** A term/definition row of a details list; skipped when there is nothing to show. */
export function row(term: string, ...value: Child[]): HTMLElement | null {
  if (value.every((v) => v === null || v === undefined || v === "" || v === false)) return null;
  return h("div", { class: "row" }, h("dt", {}, term), h("dd", {}, ...value));
}
