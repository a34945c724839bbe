// The UI strings, from data/content/widget.yml via the gateway (CONFIG.languages):
// the page's data-lang if the widget has it, else its base language ("sv" for
// "sv-FI"), else the default. {placeholders} are filled in by fill().

export function pickLanguage(config, wanted) {
  const languages = config.languages || {};
  const tag = String(wanted || "").toLowerCase();
  if (languages[tag]) return tag;
  const base = tag.split("-")[0];
  return languages[base] ? base : config.default_language;
}

export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

export function textsFor(config, language, extra) {
  const table = config.languages[language];
  return (key, values) => fill(table[key], { ...extra, ...(values || {}) });
}
