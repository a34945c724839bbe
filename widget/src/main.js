// Orienta's embeddable chat widget. A site adds one tag:
//   <script src="https://<gateway>/widget.js" data-lang="en" data-title="Career help" data-color="#00558C" defer></script>
// and gets a launcher button and a chat panel inside a Shadow DOM, talking to the gateway
// that served the script. README ("Web chat widget") documents the attributes and contract.
import { accessibleColor } from "./color.js";
import { createConnection } from "./connection.js";
import { attrs, el } from "./dom.js";
import { createRenderer } from "./render.js";
import { store } from "./store.js";
import { CSS, FULL_SCREEN } from "./styles.js";
import { pickLanguage, textsFor } from "./texts.js";

// Replaced by the gateway with the texts from data/content/widget.yml (bot/webchat/widget.py).
const CONFIG = "__ORIENTA_WIDGET_CONFIG__";
const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 5v2h12V8H6zm0 4v2h8v-2H6z"/></svg>';

function start(script) {
  if (typeof CONFIG === "string") {
    console.error("Orienta widget: load widget.js from the Orienta gateway, which fills in its texts.");
    return;
  }
  if (document.querySelector("orienta-chat")) return; // embedded twice
  const gateway = new URL(script.src, location.href).origin;
  const language = pickLanguage(CONFIG, script.dataset.lang || document.documentElement.lang);
  const title = (script.dataset.title || "Orienta").slice(0, 80);
  const t = textsFor(CONFIG, language, { title });
  const render = createRenderer(t, gateway, language);

  const host = attrs(document.createElement("orienta-chat"), { lang: language });
  const shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", null, CSS));
  }
  const root = attrs(el("div", "root"), { lang: language });
  root.style.setProperty("--accent", accessibleColor(script.dataset.color, (m) => console.warn(m)));

  const launcher = attrs(el("button", "launcher"), {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": "orienta-panel",
    "aria-label": t("open_chat"),
  });
  launcher.innerHTML = ICON; // a constant, never data
  launcher.appendChild(el("span", null, title));

  const panel = attrs(el("section", "panel"), { id: "orienta-panel", role: "dialog", "aria-labelledby": "orienta-title" });
  panel.hidden = true;
  const header = panel.appendChild(el("div", "header"));
  header.appendChild(attrs(el("h2", null, title), { id: "orienta-title" }));
  const close = header.appendChild(attrs(el("button", "close", "×"), { type: "button", "aria-label": t("close_chat") }));

  // No consent panel of its own: the bot's first message is the privacy notice with "I agree" /
  // "No, thanks" (actions/privacy/session.py), as on every channel, so the answer is recorded in
  // the conversation (consent_given) where export, erasure and the analytics see it.

  const chat = [];
  const scroller = attrs(el("div", "scroller"), { role: "region", "aria-label": t("log_label"), tabindex: "0" });
  const log = scroller.appendChild(el("ol", "log"));
  const typing = scroller.appendChild(attrs(el("p", "typing"), { "aria-hidden": "true" }));
  typing.appendChild(document.createTextNode(t("typing") + " "));
  const dots = typing.appendChild(el("span", "dots"));
  for (let i = 0; i < 3; i += 1) dots.appendChild(el("span", null, "•"));
  typing.hidden = true;
  const status = attrs(el("p", "status"), { role: "status" });
  const live = attrs(el("div", "visually-hidden"), { "aria-live": "polite" });
  const footer = el("div", "footer");
  const form = footer.appendChild(attrs(el("form", "composer"), { novalidate: "" }));
  form.appendChild(attrs(el("label", "visually-hidden", t("input_label")), { for: "orienta-input" }));
  const input = form.appendChild(
    attrs(el("textarea"), {
      id: "orienta-input",
      rows: "1",
      maxlength: String(CONFIG.max_message_chars),
      placeholder: t("placeholder"),
      autocomplete: "off",
    }),
  );
  form.appendChild(attrs(el("button", "primary", t("send")), { type: "submit" }));
  const handoff = footer.appendChild(attrs(el("button", "handoff", t("talk_to_person")), { type: "button" }));
  chat.push(scroller, status, footer);
  chat.forEach((node) => panel.appendChild(node));
  panel.appendChild(live);

  root.append(launcher, panel);
  shadow.appendChild(root);
  document.body.appendChild(host);

  let replies = null;
  let unread = 0; // messages that arrived while the panel was closed
  const sending = new Map(); // message id -> its bubble
  const badge = attrs(el("span", "unread"), { "aria-hidden": "true" });

  function setUnread(count) {
    unread = count;
    badge.textContent = String(count);
    if (count && !badge.isConnected) launcher.appendChild(badge);
    if (!count) badge.remove();
    launcher.setAttribute("aria-label", t("open_chat") + (count ? " " + t("unread", { count }) : ""));
  }

  function scrollDown() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function announce(text) {
    live.appendChild(el("p", null, text));
    while (live.childElementCount > 3) live.firstChild.remove();
  }

  function clearReplies() {
    if (replies) replies.remove();
    replies = null;
  }

  function showReplies(quickReplies) {
    clearReplies();
    replies = render.replies(quickReplies, (reply) => {
      clearReplies();
      input.focus(); // the pressed button is gone; keep the keyboard in the chat
      say(reply.payload, reply.title);
    });
    if (replies) log.appendChild(replies);
  }

  function add(entry, { fresh }) {
    const item = render.message(entry);
    if (item) {
      if (replies && fresh) clearReplies();
      log.insertBefore(item, replies && !fresh ? null : replies);
      if (fresh && entry.from !== "user") announce(render.announcement(entry, item));
    }
    const quick = entry.payload && entry.payload.quick_replies;
    if (Array.isArray(quick) && quick.length) showReplies(quick);
    scrollDown();
    return item;
  }

  function showSending(item) {
    if (item.display_text === null) return;
    const bubble = add({ from: "user", ts: item.ts, payload: { text: item.display_text || item.message } }, { fresh: true });
    if (bubble) {
      bubble.classList.add("msg--sending");
      bubble.appendChild(el("span", "meta", t("sending")));
      sending.set(item.id, bubble);
    }
  }

  function settled(id) {
    const bubble = sending.get(id);
    if (bubble) {
      bubble.classList.remove("msg--sending");
      bubble.lastChild.remove();
      sending.delete(id);
    }
  }

  const connection = createConnection(gateway, {
    onStatus(state) {
      status.textContent = state === "online" ? "" : t(state === "connecting" ? "connecting" : "offline");
      if (state !== "online") typing.hidden = true;
    },
    onHistory(available, entries, unacked) {
      if (!available && log.childElementCount) return; // a reconnect: what is shown stays
      log.textContent = "";
      replies = null;
      sending.clear();
      entries.forEach((entry, index) => {
        const last = index === entries.length - 1;
        const payload = last ? entry.payload : { ...entry.payload, quick_replies: undefined };
        add({ ...entry, payload }, { fresh: false });
      });
      if (!available) log.appendChild(el("li", "status", t("history_unavailable")));
      unacked.forEach(showSending);
      typing.hidden = !unacked.length;
      if (available && !entries.length && !unacked.length) connection.send(CONFIG.greet_payload, null);
    },
    onBot(payload) {
      const from = payload.metadata && payload.metadata.from === "operator" ? "operator" : "bot";
      if (add({ from, ts: Date.now() / 1000, payload }, { fresh: true }) && panel.hidden) setUnread(unread + 1);
    },
    onAck(item) {
      settled(item.id);
      typing.hidden = !connection.hasPending();
    },
  }, language);

  function say(message, shown) {
    const item = connection.send(message, shown === undefined ? undefined : shown);
    showSending(item);
    if (connection.connected()) typing.hidden = false;
  }

  function open() {
    setUnread(0);
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    store.setOpen(true);
    connection.connect();
    input.focus();
  }

  function shut() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    store.setOpen(false);
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : shut()));
  close.addEventListener("click", shut);
  // Full screen (a phone, strong zoom) the panel covers the page, so it acts as a modal
  // dialog: Tab cycles within it instead of moving to links hidden behind it.
  const fullScreen = window.matchMedia(FULL_SCREEN);
  function cycleFocus(event) {
    const focusable = Array.from(panel.querySelectorAll("button, textarea, a[href], [tabindex='0']")).filter(
      (node) => node.getClientRects().length > 0,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && shadow.activeElement === first) last.focus();
    else if (!event.shiftKey && shadow.activeElement === last) first.focus();
    else return;
    event.preventDefault();
  }
  function markModal() {
    if (fullScreen.matches) panel.setAttribute("aria-modal", "true");
    else panel.removeAttribute("aria-modal");
  }
  markModal();
  if (fullScreen.addEventListener) fullScreen.addEventListener("change", markModal);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      shut();
    } else if (event.key === "Tab" && !panel.hidden && fullScreen.matches) {
      cycleFocus(event);
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  handoff.addEventListener("click", () => say(CONFIG.handoff_payload, t("talk_to_person")));

  // A returning visitor mid-conversation (or with the panel left open) reconnects at once:
  // replies and operators' messages arrive while on another page. A new one connects only
  // when they open the chat.
  if (store.session() || store.wasOpen()) connection.connect();
  if (store.wasOpen()) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
  }
}

const script = document.currentScript;
if (script) {
  if (document.body) start(script);
  else document.addEventListener("DOMContentLoaded", () => start(script));
}
