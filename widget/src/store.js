// What the widget keeps in the site's localStorage: the session id (so reloads, other
// pages and other tabs of the site continue one conversation), whether the
// panel was open, and messages not yet acknowledged by the gateway (sent again after a
// reload or reconnect). The conversation itself is not kept here: it comes from the
// gateway's history. Storage that is unavailable (blocked, full) just means no memory.
const PREFIX = "orienta.widget.";

function read(key, fallback) {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (error) {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) window.localStorage.removeItem(PREFIX + key);
    else window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (error) {
    /* no storage: the widget still works for this page view */
  }
}

export const store = {
  session: () => read("session", null),
  setSession: (id) => write("session", id),
  wasOpen: () => read("open", false) === true,
  setOpen: (open) => write("open", open),
  pending: () => {
    const list = read("pending", []);
    return Array.isArray(list) ? list : [];
  },
  setPending: (list) => write("pending", list.length ? list : null),
};

export function newId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
