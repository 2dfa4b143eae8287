// Copy buttons on canned query pages.
(function () {
  "use strict";
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.target).textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; },
                                               function () { button.textContent = "Select and copy"; });
    });
  });
})();
