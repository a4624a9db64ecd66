// Progressive enhancement for feeds/_subscribe.html: a "Copy address" button.
// Without JavaScript the button stays hidden and the address can be selected.
(function () {
  if (window.copyLinkReady || !navigator.clipboard) return;
  window.copyLinkReady = true;
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = "Copied";
      });
    });
  });
})();
