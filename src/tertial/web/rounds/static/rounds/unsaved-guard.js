// Warns before leaving the page with unsaved edits in a form marked data-unsaved-guard (the unit's
// forecast form). A change to a field arms the warning; submitting the form clears it. A form that
// comes back with an error (a normal page or an HTMX swap) holds edits that are not saved yet, so the
// warning is armed again. No inline script: the CSP allows scripts from 'self' only.
(function () {
  "use strict";
  var dirty = false;

  function guarded(el) {
    return el && el.closest && el.closest("form[data-unsaved-guard]");
  }
  function warn(event) {
    if (!dirty) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  }
  function arm(on) {
    dirty = on;
    if (on) window.addEventListener("beforeunload", warn);
    else window.removeEventListener("beforeunload", warn);
  }
  function armIfRefused(e) {
    // The live avvik/forbruk under the forecast field is fetched with GET while the leader types: it
    // saves nothing, so it must not clear (or set) the warning. Only the form's own POST answers do.
    var cfg = e && e.detail && e.detail.requestConfig;
    if (cfg && String(cfg.verb).toLowerCase() === "get") return;
    arm(Boolean(document.querySelector("form[data-unsaved-guard] [role=alert]")));
  }

  document.addEventListener("input", function (e) { if (guarded(e.target)) arm(true); });
  document.addEventListener("change", function (e) { if (guarded(e.target)) arm(true); });
  document.addEventListener("submit", function (e) { if (guarded(e.target)) arm(false); }, true);
  document.addEventListener("htmx:afterSwap", armIfRefused);
  document.addEventListener("DOMContentLoaded", armIfRefused);
})();
