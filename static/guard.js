// If the page's WebAssembly stops (a trap: out of memory, a bug), say so and offer a
// reload instead of leaving a silently dead page. Loaded before the wasm, from the
// page's own origin (CSP: script-src 'self'). The calculator's numbers are in the
// URL, so a reload restores them; the imported data are cleared, in case they were
// the cause.
(function () {
  var TEXT = {
    en: ['Something went wrong and the calculator stopped. Your numbers are in the link; reload to continue (imported data are cleared).', 'Reload'],
    fr: ['Un problème est survenu et le calculateur s\u2019est arrêté. Vos chiffres sont dans le lien ; rechargez pour continuer (les données importées sont effacées).', 'Recharger'],
  };
  var shown = false;
  function trap(e) {
    var s = String((e && (e.message || e)) || '');
    return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) ||
      /unreachable|out of bounds|out of memory|call stack/i.test(s);
  }
  function show(detail) {
    if (shown || !document.body) return;
    shown = true;
    var t = TEXT[(document.documentElement.lang || 'en').slice(0, 2)] || TEXT.en;
    var box = document.createElement('div');
    box.className = 'crash';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'crash');
    var p = document.createElement('p');
    p.textContent = t[0];
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = t[1];
    button.setAttribute('data-testid', 'crash-reload');
    button.addEventListener('click', function () {
      try { localStorage.removeItem('prospect-kpi:data'); } catch (_) { /* storage refused */ }
      location.reload();
    });
    var why = document.createElement('small');
    why.textContent = (window.__prospectKpiPanic || String(detail || '')).slice(0, 300);
    box.appendChild(p);
    box.appendChild(button);
    box.appendChild(why);
    document.body.insertBefore(box, document.body.firstChild);
    button.focus();
  }
  window.addEventListener('error', function (ev) {
    if (trap(ev.error) || trap(ev.message)) show(ev.message);
  });
  window.addEventListener('unhandledrejection', function (ev) {
    if (trap(ev.reason)) show(ev.reason);
  });
})();
