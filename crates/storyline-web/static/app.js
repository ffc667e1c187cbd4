// storyline web UI: small enhancements only; every page works without this file.
"use strict";
(function () {
  var pop = null;
  var anchor = null;

  function hide() {
    if (pop) { pop.hidden = true; pop.textContent = ""; }
    anchor = null;
  }

  // A citation's sentence, shown beside it (hover or click); text is set as text, never HTML.
  function show(cite) {
    pop = pop || document.getElementById("cite-pop");
    if (!pop) return;
    pop.textContent = "";
    var q = document.createElement("blockquote");
    q.textContent = cite.getAttribute("data-text") || "(sentence not found)";
    var p = document.createElement("p");
    p.className = "meta";
    var source = document.createElement("span");
    source.textContent = (cite.getAttribute("data-source") || "") + " · ";
    var link = document.createElement("a");
    link.href = cite.getAttribute("href");
    link.textContent = "open in " + (cite.getAttribute("data-title") || "the article");
    p.appendChild(source);
    p.appendChild(link);
    pop.appendChild(q);
    pop.appendChild(p);
    pop.setAttribute("data-article", cite.getAttribute("data-article") || "");
    pop.setAttribute("data-sentence", cite.getAttribute("data-sentence") || "");
    var r = cite.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + r.left - 20, window.scrollX + document.documentElement.clientWidth - 500)) + "px";
    pop.style.top = (window.scrollY + r.bottom + 6) + "px";
    pop.hidden = false;
    anchor = cite;
  }

  // A conflict's value: mark the sources behind it in the source list.
  function selectValue(value) {
    var conflict = value.closest(".conflict");
    var was = value.classList.contains("selected");
    document.querySelectorAll(".conflict .value.selected").forEach(function (v) { v.classList.remove("selected"); });
    document.querySelectorAll("li.source.hl").forEach(function (s) { s.classList.remove("hl"); });
    if (was) return;
    value.classList.add("selected");
    var ids = (value.getAttribute("data-articles") || "").split(" ");
    var first = null;
    ids.forEach(function (id) {
      if (!id) return;
      var li = document.getElementById("src-" + id);
      if (li) {
        li.classList.add("hl");
        var d = li.closest("details");
        if (d) d.open = true;
        first = first || li;
      }
    });
    if (conflict) conflict.setAttribute("data-selected", value.getAttribute("data-articles") || "");
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var cite = t.closest("a.cite");
    if (cite && !(ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0)) {
      ev.preventDefault();
      show(cite);
      return;
    }
    var value = t.closest(".conflict .value");
    if (value && !t.closest("a")) {
      selectValue(value);
      return;
    }
    if (pop && !pop.hidden && !t.closest("#cite-pop")) hide();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hide();
    var t = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && t instanceof Element && t.matches(".conflict .value")) {
      ev.preventDefault();
      selectValue(t);
    }
  });
  document.addEventListener("mouseover", function (ev) {
    var t = ev.target;
    if (t instanceof Element) {
      var cite = t.closest("a.cite");
      if (cite && cite !== anchor) show(cite);
    }
  });
})();
