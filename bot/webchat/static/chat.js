// Orienta's demo chat page: talks to the gateway with Rasa's socket.io
// protocol (session_request / session_confirm, user_uttered / bot_uttered).
//
// It needs no library: the few Engine.IO v4 / Socket.IO v5 packets it uses are
// spoken directly over a WebSocket. The session id and the transcript live in
// sessionStorage, so a reload continues the same conversation while closing
// the tab (on a shared computer, say) forgets it. Messages typed while the
// connection is down are queued and sent when it comes back.
(function () {
  "use strict";

  var SESSION_KEY = "orienta.session";
  var TRANSCRIPT_KEY = "orienta.transcript";
  var log = document.getElementById("log");
  var statusLine = document.getElementById("status");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var socket = null;
  var connected = false;
  var queue = [];
  var retryDelay = 1000;
  var transcript = JSON.parse(sessionStorage.getItem(TRANSCRIPT_KEY) || "[]");
  var texts = JSON.parse(document.getElementById("chat-texts").textContent);

  function save() {
    sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript.slice(-200)));
  }

  // Only web links open from a card: an ad's URL comes from an outside API.
  function safeUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // A chart's image: the gateway's own /media/ path (the chart payload's contract), resolved
  // against this page's origin, or an http(s) URL. Anything else (javascript:, data:,
  // //other.host) is not loaded.
  function mediaUrl(value) {
    if (typeof value !== "string") return null;
    if (value.charAt(0) === "/" && value.charAt(1) !== "/") {
      var url = new URL(value, location.origin);
      return url.pathname.indexOf("/media/") === 0 ? url.href : null;
    }
    return safeUrl(value);
  }

  function line(parent, tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  // A vacancy card (custom payload {type: "vacancy_card", vacancy: {...}}, see README).
  function renderCard(item, card) {
    item.classList.add("card");
    if (card.demo) line(item, "p", "card__demo", texts.demo);
    var title = (card.position ? card.position + ". " : "") + card.title;
    line(item, "h3", "card__title", title);
    var where = [card.employer, card.place].filter(Boolean).join(" · ");
    if (where) line(item, "p", "card__where", where);
    var dates = texts.published.replace("{date}", card.published);
    if (card.deadline) dates += " · " + texts.deadline.replace("{date}", card.deadline);
    line(item, "p", "card__dates", dates);
    if (card.source) line(item, "p", "card__source", card.source);
    var href = safeUrl(card.apply_url || card.url || "");
    if (href) {
      var link = line(item, "a", "card__apply", texts.apply);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
  }

  // A result chart (custom payload {type: "chart", url, alt, title}, see README): the image
  // with its title as caption; the alt text, which states every score, is the image's alt
  // and also a paragraph screen readers reach in reading order without focusing the image.
  // If the image cannot be loaded (expired after a reload, say), the words are shown instead.
  function renderChart(item, chart) {
    item.classList.add("chart");
    var figure = document.createElement("figure");
    figure.className = "chart__figure";
    var words = document.createElement("p");
    words.className = "chart__words visually-hidden";
    words.textContent = texts.chartInWords + " " + (chart.alt || "");
    var src = mediaUrl(chart.url);
    if (src) {
      var img = document.createElement("img");
      img.className = "chart__image";
      img.alt = chart.alt || "";
      // The image arrives after the bubble is laid out: keep the newest message in view.
      img.addEventListener("load", function () {
        if (log.scrollHeight - log.scrollTop - log.clientHeight < img.height + 80) log.scrollTop = log.scrollHeight;
      });
      img.addEventListener("error", function () {
        img.remove();
        words.classList.remove("visually-hidden");
        words.textContent = texts.chartGone + " " + texts.chartInWords + " " + (chart.alt || "");
      });
      img.src = src;
      figure.appendChild(img);
    } else {
      words.classList.remove("visually-hidden");
    }
    if (chart.title) line(figure, "figcaption", "chart__title", chart.title);
    item.appendChild(figure);
    item.appendChild(words);
  }

  // A document such as the PDF summary (custom payload {type: "document", url, filename,
  // caption}, see README): a download link to the gateway's /media/ file, under its caption.
  function renderDocument(item, doc) {
    item.classList.add("document");
    if (doc.caption) line(item, "p", "document__caption", doc.caption);
    var href = mediaUrl(doc.url);
    var name = String(doc.filename || "document.pdf").split(/[\\/]/).pop();
    if (!href) return;
    var link = line(item, "a", "card__apply", texts.download.replace("{filename}", name));
    link.href = href;
    link.setAttribute("download", name);
  }

  function render(entry) {
    var item = document.createElement("li");
    item.className = "msg msg--" + entry.from;
    if (entry.card) {
      renderCard(item, entry.card);
    } else if (entry.document) {
      renderDocument(item, entry.document);
    } else if (entry.chart) {
      renderChart(item, entry.chart);
    } else if (entry.image) {
      var img = document.createElement("img");
      img.src = entry.image;
      img.alt = entry.text || "";
      item.appendChild(img);
    } else {
      item.textContent = entry.text;
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    transcript.push(entry);
    save();
    render(entry);
  }

  function showReplies(replies) {
    var group = document.createElement("li");
    group.className = "replies";
    replies.forEach(function (reply) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = reply.title;
      button.addEventListener("click", function () {
        group.remove();
        send(reply.payload, reply.title);
      });
      group.appendChild(button);
    });
    log.appendChild(group);
    log.scrollTop = log.scrollHeight;
  }

  function emit(event, data) {
    socket.send("42" + JSON.stringify([event, data]));
  }

  // `shown` is what the transcript shows (a button's title); null shows nothing.
  function send(payload, shown) {
    if (shown !== null) add({ from: "user", text: shown || payload });
    var data = { message: payload, session_id: sessionStorage.getItem(SESSION_KEY) };
    if (connected) {
      emit("user_uttered", data);
      statusLine.textContent = "Orienta is typing…";
    } else {
      queue.push(data);
      statusLine.textContent = "Not connected: your message will be sent when the connection is back.";
    }
  }

  function onEvent(name, data) {
    if (name === "session_confirm") {
      sessionStorage.setItem(SESSION_KEY, data);
      connected = true;
      statusLine.textContent = "";
      while (queue.length) {
        var pending = queue.shift();
        pending.session_id = data;
        emit("user_uttered", pending);
      }
    } else if (name === "bot_uttered") {
      statusLine.textContent = "";
      if (data.text) add({ from: "bot", text: data.text });
      if (data.attachment && data.attachment.type === "image") {
        add({ from: "bot", image: data.attachment.payload.src });
      }
      if (data.type === "vacancy_card" && data.vacancy) add({ from: "bot", card: data.vacancy });
      if (data.type === "document" && data.url) {
        add({ from: "bot", document: { url: data.url, filename: data.filename, caption: data.caption } });
      }
      if (data.type === "chart" && data.url) {
        add({ from: "bot", chart: { url: data.url, alt: data.alt, title: data.title } });
      }
      if (data.quick_replies && data.quick_replies.length) showReplies(data.quick_replies);
    }
  }

  function onPacket(packet) {
    var kind = packet.charAt(0);
    if (kind === "0") {
      socket.send("40"); // Engine.IO open -> join the default namespace
    } else if (kind === "2") {
      socket.send("3"); // ping -> pong
    } else if (packet.slice(0, 2) === "40") {
      retryDelay = 1000;
      emit("session_request", { session_id: sessionStorage.getItem(SESSION_KEY) });
    } else if (packet.slice(0, 2) === "42") {
      var event = JSON.parse(packet.slice(2));
      onEvent(event[0], event[1]);
    }
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/socket.io/?EIO=4&transport=websocket");
    socket.onmessage = function (message) { onPacket(message.data); };
    socket.onclose = function () {
      connected = false;
      statusLine.textContent = "Connection lost, reconnecting…";
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("restart").addEventListener("click", function () {
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(TRANSCRIPT_KEY);
    location.reload();
  });

  transcript.forEach(render);
  connect();
  if (!transcript.length) send("/greet", null); // a new visitor is greeted first
})();
