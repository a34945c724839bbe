// Talk to the gateway the way rasa-webchat 1.x does, with the same library
// (socket.io-client 3, Engine.IO protocol 4), and print what happened as JSON.
//
// usage: node rasa_webchat_session.js <gateway url> <message> [session id]
// Starts (or resumes) a session, sends one message with customData, waits
// until the replies stop for a second, and prints
// {"session_id", "replies", "transport"}.
"use strict";

const io = require("socket.io-client");

const [url, message, resumeId] = process.argv.slice(2);
const socket = io(url, { path: "/socket.io/", reconnection: false });
const replies = [];
let quiet = null;

function finish() {
  const transport = socket.io.engine.transport.name;
  socket.close();
  process.stdout.write(JSON.stringify({ session_id: socket.orientaSession, replies, transport }) + "\n", () =>
    process.exit(0),
  );
}

socket.on("connect", () => {
  socket.emit("session_request", { session_id: resumeId || null });
});

socket.on("session_confirm", (sessionId) => {
  socket.orientaSession = sessionId;
  socket.emit("user_uttered", { message, session_id: sessionId, customData: { language: "en" } });
});

socket.on("bot_uttered", (reply) => {
  replies.push(reply);
  clearTimeout(quiet);
  quiet = setTimeout(finish, 1000);
});

socket.on("connect_error", (error) => {
  process.stderr.write(`connect_error: ${error.message}\n`);
  process.exit(1);
});

setTimeout(() => {
  process.stderr.write("no reply within 60 s\n");
  process.exit(1);
}, 60000);
