// Check-in QR code: redraws the image every 30 seconds (a code is accepted for 60–120 s, so a photo goes stale).
(function () {
  'use strict';
  function start() {
    var img = document.querySelector('img[data-refresh]');
    if (!img) {
      return;
    }
    var base = img.getAttribute('data-refresh');
    setInterval(function () {
      img.src = base + (base.indexOf('?') < 0 ? '?' : '&') + 't=' + Date.now();
    }, 30000);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
