// Loads the full page (the import, the results) for the light page of the first
// load (src/web/light.rs), which then calls its `mount_app`; with it the script of
// "share with data" (share.js), which only the full page uses. The full page's
// script is a no-modules wasm-bindgen build: it declares the global `wasm_bindgen`,
// which a classic script can name and a wasm cannot. A failure may be tried again.
(function () {
  var loading = null;
  function script(src, loaded) {
    if (loaded()) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { s.remove(); reject(new Error(src + ' could not be loaded')); };
      document.head.appendChild(s);
    });
  }
  window.__prospectKpiLoadFullPage = function () {
    if (!loading) {
      loading = Promise.all([
        script('./share.js', function () { return !!window.prospectKpiShare; }),
        script('./prospect-kpi-app.js', function () { return typeof wasm_bindgen !== 'undefined'; }),
      ]).then(function () {
        /* global wasm_bindgen */
        return wasm_bindgen({ module_or_path: './prospect-kpi-app_bg.wasm' });
      }).then(function () { return wasm_bindgen; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  };
})();
