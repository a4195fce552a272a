/* Prospect KPI embed: turns <div data-prospect-kpi data-kpis="roi" data-lang="fr"> into
   an iframe of the calculator and keeps its height in step with the content.
   Only messages from the calculator's own origin, shaped
   {type: "prospect-kpi:height", height: <number>}, are heeded. No dependency. */
(function () {
  var me = document.currentScript;
  var base = new URL('./', me && me.src ? me.src : location.href);
  var keys = 'kpis lang currency:cur theme explain whatif cost leads contacted meetings qualified converted abandoned messages-sent:messages_sent responses revenue cycle-days:cycle_days surveyed satisfied'.split(' ');
  var frames = [];
  function build(div) {
    if (div.querySelector('iframe')) return;
    var q = new URLSearchParams({ embed: '1' });
    keys.forEach(function (k) {
      var p = k.split(':'), v = div.getAttribute('data-' + p[0]);
      if (v) q.set(p[1] || p[0], v);
    });
    var f = document.createElement('iframe');
    f.src = new URL('index.html?' + q, base).href;
    f.title = div.getAttribute('data-title') || 'Prospect KPI';
    f.style.cssText = 'display:block;width:100%;min-width:280px;height:640px;border:0;overflow:hidden';
    f.setAttribute('scrolling', 'no');
    div.appendChild(f);
    frames.push(f);
  }
  addEventListener('message', function (e) {
    var d = e.data;
    if (e.origin !== base.origin || !d || d.type !== 'prospect-kpi:height') return;
    var h = d.height;
    if (typeof h !== 'number' || !(h > 0 && h < 20000)) return;
    frames.forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = Math.ceil(h) + 'px';
    });
  });
  function scan() {
    [].forEach.call(document.querySelectorAll('[data-prospect-kpi]'), build);
  }
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', scan);
  else scan();
})();
