// Evidence form: show the file field or the link field for the chosen kind (both stay
// in the form without JavaScript). No inline code: the CSP refuses it.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("[data-testid='evidence-form']")) {
    const upload = form.querySelector("[name='upload']");
    const url = form.querySelector("[name='url']");
    if (!upload || !url) continue;
    const show = () => {
      const kind = form.querySelector("[name='kind']:checked");
      const isLink = kind && kind.value === "link";
      upload.closest("div").hidden = isLink;
      url.closest("div").hidden = !isLink;
    };
    for (const radio of form.querySelectorAll("[name='kind']")) radio.addEventListener("change", show);
    show();
  }
});
