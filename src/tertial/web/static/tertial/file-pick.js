// The file pickers (templates/tertial/_file_pick_face.html): a face in the page's language over the
// browser's own file input, which stays the control (focus, keyboard, screen readers, drag and drop)
// but is made transparent and laid over the face. Without this script the browser's input is shown as
// it is. Each picker shows the name of the file chosen, or «Ingen fil valgt». No inline script (CSP).
(function () {
  "use strict";
  var picks = document.querySelectorAll("[data-file-pick]:not(.file-pick--js)");
  Array.prototype.forEach.call(picks, function (pick) {
    var input = pick.querySelector("input[type=file]");
    var name = pick.querySelector(".file-pick-name");
    if (!input || !name) return;
    function show() {
      var files = input.files ? Array.prototype.map.call(input.files, function (f) { return f.name; }) : [];
      name.textContent = files.length ? files.join(", ") : name.getAttribute("data-empty");
    }
    input.addEventListener("change", show);
    show();
    pick.classList.add("file-pick--js");
  });
})();
