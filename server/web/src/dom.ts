/** Children of `h`: nodes, text (set as text, never parsed as HTML: server data can't inject markup), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element with attributes and children.
 *
 * @example
 * h("a", { href: "/graphql" }, "GraphQL")
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "number" ? String(child) : child);
  }
  return element;
}

/** The element with this id; a page that lacks it is a build error, so this throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** A definition list from label/value pairs (values left out when null). */
export function facts(rows: [string, Child][]): HTMLDListElement {
  const list = h("dl", { class: "facts" });
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === false) continue;
    list.append(h("dt", {}, label), h("dd", {}, value));
  }
  return list;
}
