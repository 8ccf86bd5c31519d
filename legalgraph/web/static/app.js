// The add page: files dropped on the drop zone go into the file input; the chosen files are
// listed with their sizes, and the upload's progress is shown while htmx sends them.
(function () {
  function ready(fn) { document.readyState !== "loading" ? fn() : document.addEventListener("DOMContentLoaded", fn); }
  ready(function () {
    var form = document.getElementById("upload");
    if (!form) return;
    var input = document.getElementById("files"), zone = form.querySelector(".drop"),
        list = document.getElementById("chosen"), bar = document.getElementById("progress");
    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (f) {
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
    form.addEventListener("htmx:xhr:progress", function (ev) {
      if (ev.detail.lengthComputable) { bar.hidden = false; bar.value = Math.round(ev.detail.loaded * 100 / ev.detail.total); }
    });
    form.addEventListener("htmx:afterRequest", function () { bar.hidden = true; });
  });
})();
