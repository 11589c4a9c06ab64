// "Copy citation" on a statement's page: the clipboard API where the page is a secure context
// (https, localhost), else the selected text copied the old way. The textarea stays selectable.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.target);
  const status = document.getElementById("copy-status");
  field.select();
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } else {
      copied = document.execCommand("copy");
    }
  } catch (e) {
    copied = false;
  }
  status.textContent = copied ? "Copied." : "Select the text and copy it (Ctrl+C).";
});
