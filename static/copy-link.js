// Progressive enhancement for feeds/_subscribe.html: the address selects itself
// on focus, and a "Copy address" button appears where the clipboard API exists.
// Without JavaScript the button stays hidden and the address can be selected.
// (Inline handlers would break the Content-Security-Policy, so all of it lives here.)
(function () {
  if (window.copyLinkReady) return;
  window.copyLinkReady = true;
  document.querySelectorAll("input.feed-address").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
})();
