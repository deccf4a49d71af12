/* global document, location, fetch, setTimeout */
// The readiness board's filters. Which releases a visitor has was worked out by sayableFor when
// the page was written (#answers, one set per plan, region and channel); this only intersects
// those sets and hides what is not in them, so no targeting rule runs here.
(function () {
  "use strict";
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var embedded = read("feed-data");
  var answers = read("answers");
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  form.hidden = false;
  var pick = function (name) { return document.getElementById(name).value; };
  function apply() {
    var plan = pick("plan"), region = pick("region"), channel = pick("channel");
    var sets = [];
    if (plan) sets.push(answers.plan[plan]);
    if (region) sets.push(answers.region[region]);
    if (channel) sets.push(answers.channel[channel]);
    var visible = function (slug) { return sets.every(function (set) { return set.releases.indexOf(slug) >= 0; }); };
    var cards = document.querySelectorAll("article.release");
    var count = 0;
    cards.forEach(function (card) {
      var slug = card.getAttribute("data-slug");
      var on = visible(slug);
      card.hidden = !on;
      if (on) count += 1;
      card.querySelectorAll("[data-promise]").forEach(function (node) {
        var applies = !channel || (answers.channel[channel].promises[slug] || []).indexOf(node.getAttribute("data-promise")) >= 0;
        node.hidden = !applies;
      });
      card.querySelectorAll("[data-change]").forEach(function (node) {
        var index = Number(node.getAttribute("data-change"));
        node.hidden = sets.some(function (set) { return set.changes && set.changes[slug] && set.changes[slug].indexOf(index) < 0; });
      });
    });
    document.querySelectorAll(".calendar tbody tr").forEach(function (row) { row.hidden = !visible(row.getAttribute("data-slug")); });
    var words = [plan && "plan " + plan, region && "region " + region, channel && "the " + channel + " channel"].filter(Boolean);
    shown.textContent = words.length
      ? "Showing " + count + " of " + cards.length + " releases for " + words.join(", ") + "."
      : "Showing all " + cards.length + " releases.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  // Served over http(s), the feed.json beside the page is read: if it no longer matches what the
  // page was written from, say so. From a file the browser refuses the read, and the page stands.
  if (location.protocol === "http:" || location.protocol === "https:") {
    fetch("feed.json", { cache: "no-store" }).then(function (response) { return response.ok ? response.json() : null; }).then(function (feed) {
      if (feed && JSON.stringify(feed) !== JSON.stringify(embedded)) {
        var stale = document.getElementById("stale");
        stale.textContent = "feed.json beside this page is newer (as of " + feed.as_of + ") than the page: run readiness feed again to refresh it.";
        stale.hidden = false;
      }
    }).catch(function () { /* offline or refused: the embedded feed stands */ });
  }
  apply();
})();
