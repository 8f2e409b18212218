/* Sanbao, every page. No inline script anywhere (the Content-Security-Policy forbids it). */
(function () {
  "use strict";
  /* The language menu switches on choice; without JavaScript its button does. */
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
