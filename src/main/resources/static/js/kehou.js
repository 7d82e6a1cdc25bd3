// Small behaviours shared by all pages. htmx sends the CSRF token with every request it makes.
document.addEventListener('DOMContentLoaded', () => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header && token.content) {
    document.body.addEventListener('htmx:configRequest', (e) => {
      e.detail.headers[header.content] = token.content;
    });
  }
  document.querySelectorAll('[data-toggle="sidebar"]').forEach((b) =>
    b.addEventListener('click', () => document.getElementById('sidebar')?.classList.toggle('open')));
  // Actions that lose data ask first: <form data-confirm="…"> or <button data-confirm="…">.
  document.body.addEventListener('submit', (e) => {
    const msg = e.submitter?.dataset.confirm || e.target.dataset.confirm;
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
});
