// ldcat's catalogue search: runs in the page over assets/search.json (written by `ldcat publish`),
// so it works on any static host. Every word of the query must occur in a dataset's title,
// description, keywords or variables; facets (catalogue, country, study design, decade of
// coverage) narrow the results and show how many each value would give. The state lives in the
// URL (?q=...&catalogue=...), so a search can be linked to and the back button works.
"use strict";
(function () {
  const PAGE = 50;
  const FACETS = [["catalogue", "Catalogue"], ["country", "Country"], ["design", "Study design"],
                  ["decade", "Coverage"]];
  const form = document.getElementById("search");
  const input = document.getElementById("q");
  const facets = document.getElementById("facets");
  const count = document.getElementById("count");
  const results = document.getElementById("results");
  const pager = document.getElementById("pager");
  let data = null;

  function state() {
    const params = new URLSearchParams(location.search);
    const chosen = {};
    for (const [name] of FACETS) chosen[name] = new Set(params.getAll(name));
    return {q: params.get("q") || "", chosen: chosen, page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1)};
  }

  function save(s, push) {
    const params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    for (const [name] of FACETS) for (const value of [...s.chosen[name]].sort()) params.append(name, value);
    if (s.page > 1) params.set("page", String(s.page));
    const url = location.pathname + (params.toString() ? "?" + params : "");
    (push ? history.pushState : history.replaceState).call(history, null, "", url);
  }

  function matches(entry, words) {
    return words.every((word) => entry.text.includes(word));
  }

  function within(entry, s, skip) {
    for (const [name] of FACETS) {
      if (name === skip || s.chosen[name].size === 0) continue;
      if (!entry[name].some((value) => s.chosen[name].has(value))) return false;
    }
    return true;
  }

  function render() {
    const s = state();
    input.value = s.q;
    const words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
    const found = data.datasets.filter((e) => matches(e, words));
    const shown = found.filter((e) => within(e, s, null));
    // Facet counts: how many each value would give with the other facets as chosen.
    facets.replaceChildren();
    for (const [name, label] of FACETS) {
      const counts = new Map();
      for (const entry of found) {
        if (!within(entry, s, name)) continue;
        for (const value of new Set(entry[name])) counts.set(value, (counts.get(value) || 0) + 1);
      }
      for (const value of s.chosen[name]) if (!counts.has(value)) counts.set(value, 0);
      if (counts.size === 0) continue;
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = label;
      set.append(legend);
      const order = [...counts].sort((a, b) => name === "decade" ? a[0].localeCompare(b[0]) : b[1] - a[1] || a[0].localeCompare(b[0]));
      for (const [value, n] of order) {
        const row = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.checked = s.chosen[name].has(value);
        box.addEventListener("change", () => {
          const next = state();
          if (box.checked) next.chosen[name].add(value); else next.chosen[name].delete(value);
          next.page = 1;
          save(next, true);
          render();
        });
        const text = document.createElement("span");
        text.textContent = (data.names[name] && data.names[name][value]) || value;
        const number = document.createElement("span");
        number.className = "n";
        number.textContent = n.toLocaleString("en");
        const left = document.createElement("span");
        left.append(box, " ", text);
        row.append(left, number);
        set.append(row);
      }
      facets.append(set);
    }
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const page = Math.min(s.page, pages);
    count.textContent = shown.length.toLocaleString("en") + (shown.length === 1 ? " dataset" : " datasets");
    results.replaceChildren();
    results.start = (page - 1) * PAGE + 1;
    for (const entry of shown.slice((page - 1) * PAGE, page * PAGE)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = entry.href;
      link.textContent = entry.title;
      item.append(link);
      if (entry.catalogueName) {
        const meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = entry.catalogueName;
        item.append(" ", meta);
      }
      results.append(item);
    }
    pager.replaceChildren();
    if (pages > 1) {
      for (let n = 1; n <= pages; n++) {
        if (pages > 12 && n > 2 && n < pages - 1 && Math.abs(n - page) > 2) {
          if (n === 3 || n === pages - 2) pager.append("…");
          continue;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = String(n);
        if (n === page) button.setAttribute("aria-current", "page");
        button.addEventListener("click", () => {
          const next = state();
          next.page = n;
          save(next, true);
          render();
          results.scrollIntoView();
        });
        pager.append(button);
      }
    }
  }

  fetch("assets/search.json").then((response) => response.json()).then((loaded) => {
    data = loaded;
    form.hidden = false;
    facets.hidden = false;
    let typing = null;
    input.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        const next = state();
        next.q = input.value.trim();
        next.page = 1;
        save(next, false);
        render();
      }, 150);
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    window.addEventListener("popstate", render);
    render();
  });
})();
