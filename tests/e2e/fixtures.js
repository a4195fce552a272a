// The `test` of every spec: Playwright's, plus two checks after each test.
// - Privacy: every request the page made stayed on this machine's test origins (the
//   page's own, and the blog and sub-path hosts of the embed tests): no byte of the
//   user's data can have left.
// - CSP: the browser reported no Content-Security-Policy violation, in any frame.
const base = require('@playwright/test');
const { ORIGINS } = require('./playwright.config');

const allowed = Object.values(ORIGINS);

const test = base.test.extend({
  page: async ({ page }, use, testInfo) => {
    const requests = [];
    const violations = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await use(page);
    const foreign = requests.filter((u) => !/^(data|blob|about):/.test(u) && !allowed.some((o) => u.startsWith(`${o}/`)));
    base.expect(foreign, `requests that left the test origins in "${testInfo.title}"`).toEqual([]);
    base.expect(violations, `CSP violations in "${testInfo.title}"`).toEqual([]);
  },
});

module.exports = { test, expect: base.expect };
