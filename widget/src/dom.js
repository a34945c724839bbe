// Small DOM helpers. Everything the widget shows is put in with textContent or
// as attributes set one by one: no string of markup from anyone ever becomes HTML.

export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = String(text);
  return element;
}

export function attrs(element, values) {
  for (const [name, value] of Object.entries(values)) element.setAttribute(name, value);
  return element;
}

// Only web links are followed: ads and bot texts may carry anything (javascript:, data:).
export function webUrl(value, base) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

// A file the gateway serves (charts, documents): its own /media/ path, resolved against
// the gateway (not the embedding page), or an http(s) URL. Protocol-relative and other
// schemes are refused.
export function mediaUrl(value, gateway) {
  if (typeof value !== "string") return null;
  if (value.charAt(0) === "/" && value.charAt(1) !== "/") {
    const url = new URL(value, gateway);
    return url.pathname.indexOf("/media/") === 0 ? url.href : null;
  }
  return webUrl(value);
}

// Text with its http(s) links (bare, or markdown [label](url)) as anchors; the rest stays text.
const LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])/g;

export function linkedText(parent, text, newWindowLabel) {
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    parent.appendChild(document.createTextNode(text.slice(last, match.index)));
    const href = webUrl(match[2] || match[3]);
    const label = match[1] || match[3];
    if (href) parent.appendChild(link(href, label, newWindowLabel));
    else parent.appendChild(document.createTextNode(match[0]));
    last = match.index + match[0].length;
  }
  parent.appendChild(document.createTextNode(text.slice(last)));
  return parent;
}

export function link(href, label, newWindowLabel, className) {
  const anchor = attrs(el("a", className, label), { href, target: "_blank", rel: "noopener noreferrer" });
  if (newWindowLabel) anchor.appendChild(el("span", "visually-hidden", " " + newWindowLabel));
  return anchor;
}
