// The guardian's course page: a form sent once is not sent again by a second tap (its button is disabled until the
// page is shown again). Runs after kehou.js's confirmation (on document, so a cancelled confirmation is seen).
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (e.defaultPrevented || !form.matches || !form.matches('form.once, form.drop')) return;
  const button = e.submitter || form.querySelector('button[type=submit]');
  if (button) setTimeout(() => { button.disabled = true; }, 0);
});
window.addEventListener('pageshow', () => {
  document.querySelectorAll('form.once button[disabled], form.drop button[disabled]').forEach((b) => { b.disabled = false; });
});
