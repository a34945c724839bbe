// The widget's style sheet, adopted by its shadow root: the site's CSS cannot reach in
// and this cannot leak out. A constructed sheet needs no 'unsafe-inline' in the site's
// Content-Security-Policy. Sizes are in px/em from a fixed 16px base, so a site's root
// font size cannot shrink the widget, while browser zoom still scales it.
// Below this the panel fills the screen (main.js then keeps Tab inside it).
export const FULL_SCREEN = "(max-width: 480px), (max-height: 520px)";

export const CSS = `
:host { all: initial; }
.root { --accent: #00558c; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; }
*, *::before, *::after { box-sizing: border-box; }
button, textarea, a { font: inherit; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; padding: 0; }
:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 1px; box-shadow: 0 0 0 5px #ffdd00; }
.launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; display: flex; align-items: center; gap: .5em;
  min-height: 48px; padding: .6em 1.1em; border: 2px solid #fff; border-radius: 999px; background: var(--accent); color: #fff;
  cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.35); font-weight: 600; }
.launcher svg { width: 1.3em; height: 1.3em; flex: none; }
.unread { min-width: 1.5em; padding: 0 .35em; border-radius: 999px; background: #fff; color: #1b1b1b; font-size: .85em; text-align: center; }
.panel { position: fixed; right: 16px; bottom: 80px; z-index: 2147483001; display: flex; flex-direction: column;
  width: min(380px, calc(100vw - 32px)); height: min(600px, calc(100vh - 96px)); background: #fff; border: 1px solid #6b7280;
  border-radius: 12px; box-shadow: 0 8px 28px rgba(0,0,0,.3); overflow: hidden; }
.panel[hidden] { display: none; }
.header { display: flex; align-items: center; gap: .5em; padding: .5em .5em .5em 1em; background: var(--accent); color: #fff; }
.header h2 { flex: 1; margin: 0; font-size: 1.1em; overflow-wrap: anywhere; }
.close { min-width: 44px; min-height: 44px; border: 0; border-radius: 8px; background: transparent; color: #fff; cursor: pointer; font-size: 1.4em; line-height: 1; }
.scroller { flex: 1; overflow-y: auto; padding: .75em; background: #f4f6f9; }
.log { list-style: none; margin: 0; padding: 0; }
.msg { max-width: 88%; margin: .4em 0; padding: .5em .75em; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg--bot, .msg--operator { background: #fff; border: 1px solid #c9ced6; }
.msg--operator { border: 2px solid #1b1b1b; }
.msg--user { margin-left: auto; background: var(--accent); color: #fff; }
.msg--user a { color: #fff; }
.msg a { color: var(--accent); }
.msg--sending { opacity: .85; border: 2px dashed #fff; }
.who { display: block; font-size: .8em; font-weight: 700; margin-bottom: .15em; }
.meta { display: block; margin-top: .2em; font-size: .75em; color: #4b5563; }
.msg--user .meta { color: #fff; }
.msg p { margin: 0; }
.msg img { display: block; max-width: 100%; height: auto; border-radius: 6px; }
.card { white-space: normal; }
.card h3 { margin: 0 0 .25em; font-size: 1em; }
.card p { margin: 0 0 .15em; font-size: .93em; }
.badge { display: inline-block; margin-bottom: .3em; padding: 0 .4em; border-radius: 4px; background: #fff1c2; color: #5c4400; font-size: .8em; font-weight: 700; }
.action { display: inline-block; margin-top: .35em; padding: .35em .85em; border-radius: 8px; background: var(--accent); color: #fff !important; text-decoration: none; }
figure { margin: 0; }
figcaption { margin-top: .3em; font-weight: 600; }
.replies { display: flex; flex-wrap: wrap; gap: .4em; margin: .3em 0 .6em; padding: 0; list-style: none; }
.replies button, .handoff { min-height: 44px; padding: .35em .9em; border: 2px solid var(--accent); border-radius: 22px; background: #fff; color: var(--accent); cursor: pointer; }
.replies button:hover, .handoff:hover { background: var(--accent); color: #fff; }
.typing { margin: .4em 0 0; font-size: .9em; color: #374151; }
.typing[hidden] { display: none; }
.dots span { display: inline-block; animation: blink 1.2s infinite; }
.dots span:nth-child(2) { animation-delay: .2s; } .dots span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .2; } 40% { opacity: 1; } }
.status { margin: 0; padding: 0 1em; font-size: .85em; color: #374151; }
.status:empty { display: none; }
.primary { min-height: 44px; padding: .5em 1.1em; border: 0; border-radius: 8px; background: var(--accent); color: #fff; cursor: pointer; font-weight: 600; }
.footer { padding: .5em .75em .75em; border-top: 1px solid #c9ced6; }
.composer { display: flex; gap: .5em; align-items: flex-end; }
.composer textarea { flex: 1; min-width: 0; min-height: 44px; max-height: 8em; resize: none; padding: .55em; border: 1px solid #6b7280; border-radius: 8px; color: #1b1b1b; background: #fff; }
.handoff { margin-top: .5em; }
@media ${FULL_SCREEN} {
  .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; border: 0; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) { .launcher, .primary, .msg--user, .action { border: 2px solid ButtonText; } }
`;
