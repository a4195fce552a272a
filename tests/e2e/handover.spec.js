// The first load is the light page (the calculator); the full page (the import,
// the results) is fetched when the user comes to the import, and takes over with
// what was typed, pasted or chosen and the keyboard's focus (src/web/light.rs).
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const CSV = 'campaign;cost;leads;converted;revenue\nA;100;10;1;500\nB;200;20;2;900\nC;50;5;1;100';
const full = (requests) => requests.some((u) => /prospect-kpi-app(_bg\.wasm|\.js)$/.test(u));

/** The full page has taken over: it alone is there. */
async function tookOver(page) {
  await expect(page.locator('.page-root[data-page=full]')).toHaveCount(1);
  await expect(page.locator('.page-root')).toHaveCount(1);
}

function watch(page) {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  return requests;
}

test('the calculator works without the full page, which comes with a paste, text, focus and fields intact', async ({ page }) => {
  // Never two pages in the document at once (a selector would find two of everything).
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelectorAll('.page-root').length > 1) window.__twoPages = true;
    }).observe(document, { childList: true, subtree: true });
  });
  const requests = watch(page);
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.type({ cost: '5000', leads: '200' });
  await expect(page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
  await page.locator('[data-testid=whatif]').hover();
  await page.waitForTimeout(300);
  expect(full(requests)).toBe(false);
  expect(await page.evaluate(() => typeof wasm_bindgen)).toBe('undefined');

  await ui.paste(CSV);
  await expect(ui.rows()).toHaveCount(3);
  expect(full(requests)).toBe(true);
  await tookOver(page);
  await expect(page.locator('[data-testid=csv-input]')).toBeFocused();
  await expect(page.locator('[data-testid=csv-input]')).toHaveValue(CSV);
  expect(await page.evaluate(() => window.__twoPages)).toBeUndefined();
  await expect(ui.field('cost')).toHaveValue('5000');
  await expect(page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
});

test('a file chosen on the light page is imported by the full page', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(ui.rows()).toHaveCount(3);
  await expect(ui.row('B')).toBeVisible();
});

test('keys typed while the full page takes over land in the field being typed in', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.field('cost').click();
  await page.keyboard.type('50');
  // The pointer passes over the import panel: the full page comes, mid-typing.
  await page.locator('section.import h2').hover();
  for (const key of '00') {
    await page.keyboard.type(key);
    await page.waitForTimeout(40);
  }
  await tookOver(page);
  await page.keyboard.type('0');
  await expect(ui.field('cost')).toBeFocused();
  await expect(ui.field('cost')).toHaveValue('50000');
});

test('an embedded calculator never fetches the full page', async ({ page }) => {
  const requests = watch(page);
  await page.goto('index.html?embed=1&lang=en');
  await expect(page.locator('[data-testid=kpi-card]').first()).toBeVisible();
  await page.locator('[data-input=cost]').fill('100');
  await page.mouse.move(10, 10);
  await page.mouse.move(300, 600);
  await page.waitForTimeout(300);
  expect(full(requests)).toBe(false);
});

test('a visit with kept data starts as the full page', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste(CSV);
  await expect(ui.rows()).toHaveCount(3);
  await page.waitForFunction(() => localStorage.getItem('prospect-kpi:data') !== null);
  const requests = watch(page);
  await page.reload();
  await expect(ui.rows()).toHaveCount(3);
  expect(full(requests)).toBe(true);
  await tookOver(page);
});

test('when the full page cannot be fetched, the light page says so, keeps working, and tries again', async ({ page }) => {
  await page.route('**/prospect-kpi-app.js', (route) => route.abort());
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await ui.paste(CSV);
  await expect(page.locator('.note')).toContainText("L'import n'a pas pu être chargé");
  await ui.type({ cost: '300', leads: '3' });
  await expect(page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '100');
  await page.unroute('**/prospect-kpi-app.js');
  await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(ui.rows()).toHaveCount(3);
  await expect(ui.field('cost')).toHaveValue('300');
});

test('screenshots of the light page, French and English, narrow and wide', async ({ page }) => {
  for (const lang of ['fr', 'en']) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`index.html?lang=${lang}&cost=5000&leads=200&converted=10&revenue=20000`);
      await expect(page.locator('[data-testid=kpi-card]').first()).toBeVisible();
      expect(await page.evaluate(() => typeof wasm_bindgen)).toBe('undefined');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(width);
      await page.screenshot({ path: path.join(__dirname, 'screenshots', `light-${lang}-${width}.png`), fullPage: true });
    }
  }
});

test('opening "embed this calculator" brings the full page with the dialog open', async ({ page }) => {
  const requests = watch(page);
  const ui = new KpiPage(page);
  await ui.open('?lang=en&cost=1000&leads=40');
  expect(full(requests)).toBe(false);
  const dialog = page.locator('[data-testid=embed-dialog]');
  await dialog.locator('summary').click();
  await expect(dialog.locator('[data-embed=snippet]')).toHaveValue(/cost_per_lead/);
  expect(full(requests)).toBe(true);
  await expect(dialog).toHaveAttribute('open', '');
  await expect(dialog.locator('summary')).toBeFocused();
});

test('a keyboard user who tabs to the file picker keeps the focus there when the full page takes over', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.locator('[data-testid=csv-input]').focus();
  await page.keyboard.press('Tab');
  await tookOver(page);
  await expect(page.locator('[data-testid=csv-file]')).toBeFocused();
});

test('kept data whose full page cannot be fetched: the calculator comes, saying so', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste(CSV);
  await expect(ui.rows()).toHaveCount(3);
  await page.waitForFunction(() => localStorage.getItem('prospect-kpi:data') !== null);
  await page.route('**/prospect-kpi-app.js', (route) => route.abort());
  await page.reload();
  await expect(page.locator('.note')).toContainText('The import could not be loaded');
  await ui.type({ cost: '300', leads: '3' });
  await expect(page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '100');
  await page.unroute('**/prospect-kpi-app.js');
  await page.locator('section.import h2').hover();
  await expect(ui.rows()).toHaveCount(3);
});
