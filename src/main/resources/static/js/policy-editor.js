// The policy body's small toolbar: each button wraps the textarea's selection in one of the tags the exchange
// standard allows (the server cleans the HTML again whatever is typed). <div class="toolbar" data-editor="body">.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[data-editor]').forEach((bar) => {
    const area = document.querySelector('textarea[name="' + bar.dataset.editor + '"]');
    if (!area) return;
    bar.hidden = false;
    bar.querySelectorAll('button[data-tag]').forEach((button) => button.addEventListener('click', () => {
      const tag = button.dataset.tag;
      const start = area.selectionStart;
      const end = area.selectionEnd;
      const text = area.value.substring(start, end) || button.dataset.sample || '';
      let html;
      if (tag === 'a') {
        const url = window.prompt(button.dataset.prompt || 'https://', 'https://');
        if (!url || !/^(https?:\/\/|mailto:)/i.test(url)) return;
        html = '<a href="' + url.replace(/"/g, '%22') + '">' + text + '</a>';
      } else if (tag === 'ul' || tag === 'ol') {
        const items = text.split('\n').filter((l) => l.trim()).map((l) => '  <li>' + l.trim() + '</li>');
        html = '<' + tag + '>\n' + items.join('\n') + '\n</' + tag + '>';
      } else {
        html = '<' + tag + '>' + text + '</' + tag + '>';
      }
      area.setRangeText(html, start, end, 'end');
      area.focus();
    }));
  });
});
