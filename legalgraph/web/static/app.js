// The add page: files dropped on the drop zone go into the file input and are listed with
// their sizes. On "Add", the files are sent one request each (one transaction each on the
// server), one after the other; each file's row says where it is — waiting, being read,
// added (with links to its pages) or the one line of why it cannot be added — while the
// rest go on. Without this script the form posts all the files at once.
(function () {
  function ready(fn) { document.readyState !== "loading" ? fn() : document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    var form = document.getElementById("upload");
    if (!form) return;
    var input = document.getElementById("files"), zone = form.querySelector(".drop"),
        list = document.getElementById("chosen"), queue = document.getElementById("queue"),
        working = document.getElementById("working"), chosen = [];
    function show() {
      chosen = Array.prototype.slice.call(input.files);
      list.textContent = "";
      chosen.forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
        list.appendChild(li);
      });
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (e) {
      zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; show(); }
    });

    function row(file) {
      var tr = document.createElement("tr"), name = document.createElement("td"), state = document.createElement("td");
      name.textContent = file.name;
      tr.appendChild(name); tr.appendChild(state);
      queue.tBodies[0].appendChild(tr);
      tr.file = file;
      set(tr, "waiting", form.dataset.waiting);
      return tr;
    }
    function set(tr, state, text) {
      tr.dataset.state = state;
      tr.className = state === "error" ? "error" : (state === "added" || state === "updated" || state === "unchanged") ? "added" : state;
      var cell = tr.cells[1];
      cell.textContent = "";
      var span = document.createElement("span");
      if (state === "error") span.className = "error";
      span.textContent = text;
      cell.appendChild(span);
      return cell;
    }
    function answered(tr, line) {
      if (line.outcome === "error") { set(tr, "error", line.error); return; }
      var cell = set(tr, line.outcome, line.shown + ": ");
      line.links.forEach(function (link, i) {
        if (i) cell.appendChild(document.createTextNode(" · "));
        var a = document.createElement("a");
        a.href = link.href; a.className = link["class"]; a.textContent = link.text;
        cell.appendChild(a);
      });
    }
    function failed(tr, message) { set(tr, "error", form.dataset.failed + ": " + message); }
    function send(tr, done) {
      if (tr.file.size > Number(form.dataset.max)) { failed(tr, form.dataset.tooLarge); done(); return; }
      set(tr, "reading", form.dataset.reading);
      var data = new FormData();
      data.append("csrf", form.elements.csrf.value);
      if (form.elements.token) data.append("token", form.elements.token.value);
      data.append("files", tr.file, tr.file.name);
      fetch(form.action, {method: "POST", body: data, headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json().then(function (answer) { return [response, answer]; }); })
        .then(function (got) {
          var answer = got[1];
          if (!got[0].ok || !answer.files) { failed(tr, answer.error || got[0].status); return; }
          var lines = answer.files;
          var bad = lines.filter(function (l) { return l.outcome === "error"; });
          // a catalogue gives a line per row: the file's row shows them all, an error first
          if (bad.length) { answered(tr, bad[0]); return; }
          answered(tr, lines[0]);
          lines.slice(1).forEach(function (line) {
            var cell = tr.cells[1];
            cell.appendChild(document.createTextNode(" · "));
            line.links.forEach(function (link) {
              var a = document.createElement("a");
              a.href = link.href; a.className = link["class"]; a.textContent = link.text;
              cell.appendChild(a);
            });
          });
        })
        .catch(function () { failed(tr, form.dataset.lost); })
        .then(done);
    }
    form.addEventListener("submit", function (ev) {
      if (!window.fetch || !window.FormData || !chosen.length) return;  // the plain form does it
      ev.preventDefault();
      queue.hidden = false;
      var rows = chosen.map(row), next = 0;
      working.hidden = false;
      input.value = ""; chosen = []; list.textContent = "";
      (function one() {
        if (next >= rows.length) { working.hidden = true; return; }
        send(rows[next++], one);
      })();
    });
  });
})();
