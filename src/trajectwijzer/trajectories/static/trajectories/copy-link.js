// "Copy link" buttons: copy the value of the input named in data-copy (no inline JS: CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.select();
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(() => {
      button.textContent = button.dataset.copied || button.textContent;
    });
  }
});
