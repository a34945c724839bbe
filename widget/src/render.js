// Turns one conversation entry into list items. An entry is
// {from: "user" | "bot" | "operator", ts: seconds, payload: a bot_uttered payload}:
// text (with http(s) links), an image attachment, or a custom payload the gateway's
// contract defines (README): vacancy_card, chart, document. Unknown payloads show nothing.
import { attrs, el, link, linkedText, mediaUrl, webUrl } from "./dom.js";

export function createRenderer(t, gateway, language) {
  let clock = null; // made at the first message: loading the locale data is slow, the launcher must not wait
  const newWindow = t("new_window");

  function stamp(item, ts) {
    const when = new Date((ts || Date.now() / 1000) * 1000);
    if (!clock) {
      const options = { hour: "2-digit", minute: "2-digit" };
      try {
        clock = new Intl.DateTimeFormat(language, options);
      } catch (error) {
        clock = new Intl.DateTimeFormat(undefined, options);
      }
    }
    item.appendChild(attrs(el("time", "meta", clock.format(when)), { datetime: when.toISOString() }));
  }

  function card(item, vacancy) {
    item.classList.add("card");
    if (vacancy.demo === true) item.appendChild(el("p", "badge", t("card_demo")));
    const title = (vacancy.position ? vacancy.position + ". " : "") + String(vacancy.title || "");
    item.appendChild(el("h3", null, title));
    const where = [vacancy.employer, vacancy.place].filter((v) => typeof v === "string" && v).join(" · ");
    if (where) item.appendChild(el("p", null, where));
    let dates = vacancy.published ? t("card_published", { date: vacancy.published }) : "";
    if (vacancy.deadline) dates += (dates ? " · " : "") + t("card_deadline", { date: vacancy.deadline });
    if (dates) item.appendChild(el("p", null, dates));
    if (typeof vacancy.source === "string" && vacancy.source) item.appendChild(el("p", "meta", vacancy.source));
    const apply = webUrl(vacancy.apply_url);
    const ad = webUrl(vacancy.url);
    if (apply || ad) item.appendChild(link(apply || ad, t(apply ? "card_apply" : "card_open_ad"), newWindow, "action"));
  }

  // The alt text states every score, so it is also a paragraph; if the image is gone
  // (charts expire), the words are shown instead.
  function chart(item, payload) {
    const figure = el("figure");
    const words = el("p", "visually-hidden", t("chart_in_words") + " " + (payload.alt || ""));
    const src = mediaUrl(payload.url, gateway);
    if (src) {
      const img = attrs(el("img"), { alt: String(payload.alt || "") });
      img.addEventListener("error", () => {
        img.remove();
        words.className = "";
        words.textContent = t("chart_gone") + " " + t("chart_in_words") + " " + (payload.alt || "");
      });
      img.src = src;
      figure.appendChild(img);
    } else {
      words.className = "";
    }
    if (payload.title) figure.appendChild(el("figcaption", null, payload.title));
    item.appendChild(figure);
    item.appendChild(words);
  }

  function documentLink(item, payload) {
    const href = mediaUrl(payload.url, gateway);
    const name = String(payload.filename || "document.pdf").split(/[\\/]/).pop();
    if (payload.caption) item.appendChild(el("p", null, payload.caption));
    if (!href) return false;
    const anchor = link(href, t("document_download", { filename: name }), null, "action");
    anchor.setAttribute("download", name);
    anchor.removeAttribute("target");
    item.appendChild(anchor);
    return true;
  }

  function body(item, payload) {
    if (typeof payload.text === "string" && payload.text) {
      linkedText(item.appendChild(el("p")), payload.text, newWindow);
      return true;
    }
    if (payload.type === "vacancy_card" && payload.vacancy && typeof payload.vacancy === "object") {
      card(item, payload.vacancy);
      return true;
    }
    if (payload.type === "chart") {
      chart(item, payload);
      return true;
    }
    if (payload.type === "document") return documentLink(item, payload);
    const attachment = payload.attachment;
    if (attachment && attachment.type === "image" && attachment.payload) {
      const src = mediaUrl(attachment.payload.src, gateway);
      if (!src) return false;
      item.appendChild(attrs(el("img"), { src, alt: "" }));
      return true;
    }
    return false;
  }

  // The list item for an entry, or null when there is nothing to show.
  function message(entry) {
    const sender = entry.from === "user" ? "user" : entry.from === "operator" ? "operator" : "bot";
    const item = el("li", "msg msg--" + sender);
    const who = { user: "sender_you", bot: "sender_bot", operator: "sender_operator" }[sender];
    // Screen readers hear who speaks; an operator is also shown, since it matters to everyone.
    item.appendChild(el("span", sender === "operator" ? "who" : "visually-hidden", t(who) + (sender === "operator" ? "" : ":")));
    if (!body(item, entry.payload || {})) return null;
    stamp(item, entry.ts);
    return item;
  }

  // Quick replies for the newest bot message: an item of the log holding a list of buttons.
  function replies(quickReplies, choose) {
    const group = el("ul", "replies");
    for (const reply of quickReplies) {
      if (!reply || typeof reply.title !== "string" || typeof reply.payload !== "string") continue;
      const button = attrs(el("button", null, reply.title), { type: "button" });
      button.addEventListener("click", () => choose(reply));
      group.appendChild(el("li")).appendChild(button);
    }
    if (!group.childElementCount) return null;
    const item = el("li", "choices");
    item.appendChild(group);
    return item;
  }

  // What the live region says about a new message.
  function announcement(entry, item) {
    const sender = { user: "sender_you", operator: "sender_operator" }[entry.from] || "sender_bot";
    const words = Array.from(item.childNodes)
      .slice(1) // the sender's name, said by "announce" itself
      .filter((node) => node.nodeName !== "TIME")
      .map((node) => node.textContent)
      .join(" ")
      .trim();
    return t("announce", { sender: t(sender), text: words });
  }

  return { message, replies, announcement };
}
