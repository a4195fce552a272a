// "Share with data": the page's data packed into a link's fragment (`#data=…`),
// which browsers never send to a server. Deflate by the browser's own
// CompressionStream (no compressor in the wasm); base64url for the URL.
// Called by the wasm (src/web/browser.rs) through `window.prospectKpiShare`.
(function () {
  'use strict';
  // A packed link is refused past this many characters (and a bomb past this many
  // bytes once inflated).
  var MAX_PACKED = 32000;
  var MAX_INFLATED = 8 * 1024 * 1024;

  function toBase64Url(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64Url(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var bin = atob(b64 + '==='.slice((b64.length + 3) % 4));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function readAll(stream, limit) {
    var reader = stream.getReader();
    var parts = [];
    var total = 0;
    for (;;) {
      var r = await reader.read();
      if (r.done) break;
      total += r.value.length;
      if (total > limit) {
        await reader.cancel();
        throw new Error('too large');
      }
      parts.push(r.value);
    }
    var out = new Uint8Array(total);
    var at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }

  // Text → "z…" (deflated) or "p…" (plain, where the browser cannot compress).
  async function pack(text) {
    var bytes = new TextEncoder().encode(text);
    if (typeof CompressionStream === 'function') {
      var deflated = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      return 'z' + toBase64Url(await readAll(deflated, Infinity));
    }
    return 'p' + toBase64Url(bytes);
  }

  // The inverse; rejects anything malformed or too large.
  async function unpack(packed) {
    if (packed.length > MAX_PACKED + 1) throw new Error('too large');
    var bytes = fromBase64Url(packed.slice(1));
    if (packed[0] === 'z') {
      var inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      bytes = await readAll(inflated, MAX_INFLATED);
    } else if (packed[0] !== 'p') {
      throw new Error('unknown form');
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  }

  window.prospectKpiShare = { pack: pack, unpack: unpack, maxPacked: MAX_PACKED };
})();
