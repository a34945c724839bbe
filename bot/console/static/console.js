// Live updates: an element with data-live gets the server-rendered fragment of each SSE "update".
// The HTML comes from the console's own templates (autoescaped); nothing a user typed is parsed here.
(function () {
  "use strict";
  document.querySelectorAll("[data-live]").forEach(function (target) {
    var source = new EventSource(target.getAttribute("data-live"));
    source.addEventListener("update", function (event) {
      var atBottom = target.scrollTop + target.clientHeight >= target.scrollHeight - 4;
      target.innerHTML = JSON.parse(event.data).html;
      if (atBottom) target.scrollTop = target.scrollHeight;
    });
  });
  var turns = document.getElementById("turns");
  if (turns) turns.scrollTop = turns.scrollHeight;
})();
