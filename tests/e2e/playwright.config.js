// End-to-end tests against the release build in dist/, served locally, in Debian's
// Chromium (never a downloaded browser: the network is closed).
//
// Three local origins: the calculator (dist/ on PORT), a blog on BLOG_PORT whose
// article embeds the calculator across origins, and dist/ again under the sub-path
// /tools/kpi/ on SUBPATH_PORT.
const { defineConfig } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const PORT = Number(process.env.E2E_PORT || 4173);
const BLOG_PORT = PORT + 1;
const SUBPATH_PORT = PORT + 2;
const dist = path.resolve(__dirname, '..', '..', 'dist');

// The blog: the demo article, its script taken from the calculator's origin.
const blog = path.join(__dirname, '.blog');
fs.mkdirSync(blog, { recursive: true });
if (fs.existsSync(path.join(dist, 'embed-demo.html'))) {
  const calculator = `http://127.0.0.1:${PORT}/`;
  const article = fs
    .readFileSync(path.join(dist, 'embed-demo.html'), 'utf8')
    .replace('src="embed.js"', `src="${calculator}embed.js"`)
    .replace('href="embed-demo.css"', `href="${calculator}embed-demo.css"`)
    // The blog's own strict policy, which lets the calculator's origin in.
    .replace(/script-src 'self'/, `script-src 'self' ${calculator}`)
    .replace(/style-src 'self'/, `style-src 'self' ${calculator}`)
    .replace(/frame-src 'self'/, `frame-src 'self' ${calculator}`);
  fs.writeFileSync(path.join(blog, 'article.html'), article);
  fs.writeFileSync(path.join(blog, 'blank.html'), '<!doctype html><title>Blank</title>');
}
// The sub-path host: /tools/kpi/ is dist/.
const subpath = path.join(__dirname, '.subpath', 'tools');
fs.mkdirSync(subpath, { recursive: true });
const link = path.join(subpath, 'kpi');
if (!fs.existsSync(link)) fs.symlinkSync(dist, link);

const serve = (port, dir) => ({
  command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ${dir}`,
  url: `http://127.0.0.1:${port}/`,
  reuseExistingServer: false,
  timeout: 20_000,
  stdout: 'ignore',
  stderr: 'ignore',
});

module.exports = defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  timeout: 30_000,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--disable-quic',
      ],
    },
  },
  webServer: [serve(PORT, dist), serve(BLOG_PORT, blog), serve(SUBPATH_PORT, path.join(__dirname, '.subpath'))],
});

module.exports.ORIGINS = {
  calculator: `http://127.0.0.1:${PORT}`,
  blog: `http://127.0.0.1:${BLOG_PORT}`,
  subpath: `http://127.0.0.1:${SUBPATH_PORT}`,
};
