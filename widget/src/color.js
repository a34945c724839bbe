// The site's brand colour (data-color) carries white text (launcher, header, the user's
// bubbles) and is the text colour of quick replies on white, so it must reach 4.5:1
// against white (WCAG 1.4.3). A colour that does not is darkened until it does, with a
// warning in the console for the site's developers.

const MIN_CONTRAST = 4.5;
export const DEFAULT_COLOR = "#00558c";

function channels(hex) {
  const digits = hex.length === 4 ? hex.slice(1).replace(/./g, "$&$&") : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastWithWhite(rgb) {
  return 1.05 / (luminance(rgb) + 0.05);
}

function toHex(rgb) {
  return "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

export function accessibleColor(wanted, warn) {
  const valid = typeof wanted === "string" && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(wanted.trim());
  if (!valid) {
    if (wanted) warn(`Orienta widget: data-color ${JSON.stringify(wanted)} is not a #rrggbb colour; using ${DEFAULT_COLOR}.`);
    return DEFAULT_COLOR;
  }
  let rgb = channels(wanted.trim().toLowerCase());
  const ratio = contrastWithWhite(rgb);
  if (ratio >= MIN_CONTRAST) return toHex(rgb);
  while (contrastWithWhite(rgb) < MIN_CONTRAST) rgb = rgb.map((c) => c * 0.92);
  const used = toHex(rgb);
  warn(
    `Orienta widget: data-color ${wanted} has a contrast of ${ratio.toFixed(2)}:1 with white text ` +
      `(WCAG AA needs ${MIN_CONTRAST}:1); using the darker ${used} instead.`,
  );
  return used;
}
