/** Reads the data a page embedded with `jsonScript` (src/web/html.ts). */
export function readPageData<T>(id = 'page-data'): T {
  const element = document.getElementById(id);
  if (!element?.textContent) throw new Error(`page data #${id} is missing`);
  return JSON.parse(element.textContent) as T;
}
