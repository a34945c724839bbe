// The conversation with the gateway over socket.io, in Rasa's protocol plus Orienta's
// additions (bot/webchat/protocol.py): every user message gets an id and asks for an
// acknowledgement; until it is acknowledged it stays in `pending` (also in localStorage)
// and is sent again after each reconnect, which the gateway recognises by its id. After
// each (re)connect the widget asks for the history, so replies that were lost with a
// dead connection are shown too.
import { io } from "socket.io-client";
import { newId, store } from "./store.js";

const CONNECT_TIMEOUT_MS = 10000;

// `language` (the page's data-lang or lang, as the widget chose it) goes with every message as
// customData.language: the gateway speaks it until the user chooses (bot/languages.py).
export function createConnection(gateway, events, language) {
  let socket = null;
  let ready = false; // session confirmed and history received on this connection
  let pending = store.pending();

  function savePending() {
    store.setPending(pending);
  }

  function transmit(item) {
    if (!ready) return;
    const data = { message: item.message, session_id: store.session(), message_id: item.id };
    data.customData = { language };
    if (item.display_text !== undefined) data.customData.display_text = item.display_text;
    socket.emit("user_uttered", data, (ack) => {
      const at = pending.findIndex((p) => p.id === item.id);
      if (at >= 0) pending.splice(at, 1);
      savePending();
      events.onAck(item, ack || {});
    });
  }

  function connect() {
    if (socket) return;
    events.onStatus("connecting");
    socket = io(gateway, {
      path: "/socket.io/",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      timeout: CONNECT_TIMEOUT_MS,
      reconnectionDelay: 500,
      reconnectionDelayMax: 8000,
    });
    socket.on("connect", () => {
      ready = false;
      socket.emit("session_request", { session_id: store.session(), history: true });
    });
    socket.on("session_confirm", (id) => {
      if (typeof id === "string") store.setSession(id);
    });
    socket.on("history", (history) => {
      const entries = history && Array.isArray(history.entries) ? history.entries : [];
      const ids = history && Array.isArray(history.message_ids) ? history.message_ids : [];
      const received = new Set(ids.concat(entries.map((e) => e.message_id).filter(Boolean)));
      // A pending message the tracker already holds reached Rasa; its ack was lost.
      pending = pending.filter((item) => !received.has(item.id));
      savePending();
      ready = true;
      events.onStatus("online");
      events.onHistory(!!(history && history.available), entries, pending.slice());
      pending.forEach(transmit);
    });
    socket.on("bot_uttered", (payload) => {
      if (payload && typeof payload === "object") events.onBot(payload);
    });
    socket.on("disconnect", () => {
      ready = false;
      events.onStatus("offline");
    });
    socket.on("connect_error", () => events.onStatus("offline"));
  }

  // `display_text` is what the user saw (a button's title), null for a hidden message.
  function send(message, display_text) {
    const item = { id: newId(), message, display_text, ts: Date.now() / 1000 };
    pending.push(item);
    savePending();
    transmit(item);
    return item;
  }

  return { connect, send, connected: () => ready, hasPending: () => pending.length > 0 };
}
