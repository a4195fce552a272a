// The calculator embedded in a blog article, across origins, from a sub-path.
const { test, expect } = require('./fixtures');
const path = require('path');
const { ORIGINS } = require('./playwright.config');
const { KpiPage } = require('./page');

const ARTICLE = `${ORIGINS.blog}/article.html`;

/** The iframe's height on the article and its content's height inside. */
async function heights(page, index) {
  const frameEl = page.locator('[data-prospect-kpi] iframe').nth(index);
  const outer = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
  const frame = await (await frameEl.elementHandle()).contentFrame();
  const inner = await frame.evaluate(() => ({
    content: Math.ceil(document.documentElement.getBoundingClientRect().height),
    scroll: document.documentElement.scrollHeight,
    view: window.innerHeight,
  }));
  return { outer, frame, ...inner };
}

async function expectFitted(page, index) {
  await expect
    .poll(async () => {
      const h = await heights(page, index);
      return Math.abs(h.outer - h.content) <= 2 && h.scroll <= h.view + 1;
    }, { timeout: 10_000 })
    .toBe(true);
}

test('the demo article embeds two calculators from another origin, each fitted to its content', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.goto(ARTICLE);
  const frames = page.locator('[data-prospect-kpi] iframe');
  await expect(frames).toHaveCount(2);
  const first = page.frameLocator('[data-prospect-kpi] iframe >> nth=0');
  const second = page.frameLocator('[data-prospect-kpi] iframe >> nth=1');
  await expect(first.locator('[data-testid=kpi-card]')).toHaveCount(3);
  await expect(first.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
  await expect(second.locator('[data-testid=whatif]')).toBeVisible();
  await expect(second.locator('.kpi-card details[open]')).toHaveCount(3);
  await expect(first.locator('html')).toHaveAttribute('lang', 'fr');
  // No page chrome in the embed, and an attribution link to the full page.
  await expect(first.locator('.page-header')).toHaveCount(0);
  await expect(first.locator('.attribution a')).toHaveAttribute('target', '_blank');
  await expectFitted(page, 0);
  await expectFitted(page, 1);

  // The height follows the content: the language changes, an explanation opens.
  const before = (await heights(page, 0)).outer;
  await first.locator('.kpi-card details summary').first().click();
  await expect.poll(async () => (await heights(page, 0)).outer).toBeGreaterThan(before);
  await expectFitted(page, 0);
  await first.locator('[data-testid=lang-switch]').click();
  await expect(first.locator('html')).toHaveAttribute('lang', 'en');
  await expectFitted(page, 0);
  await page.screenshot({ path: path.join(__dirname, 'screenshots', 'embed-demo-fr-1024.png'), fullPage: true });
  // Full-page captures may leave off-screen iframes blank: each embed on its own too.
  for (const i of [0, 1]) {
    await page.locator('[data-prospect-kpi]').nth(i).screenshot({
      path: path.join(__dirname, 'screenshots', `embed-demo-frame-${i + 1}.png`),
    });
  }
});

test('messages from a foreign origin or of another shape are ignored', async ({ page }) => {
  await page.goto(ARTICLE);
  await expectFitted(page, 0);
  const { outer, frame } = await heights(page, 0);
  // From the article's own origin: ignored.
  await page.evaluate(() => window.postMessage({ type: 'prospect-kpi:height', height: 50 }, '*'));
  // From the calculator's origin, but malformed: ignored.
  await frame.evaluate(() => {
    parent.postMessage({ type: 'prospect-kpi:height', height: 'huge' }, '*');
    parent.postMessage({ type: 'something-else', height: 60 }, '*');
    parent.postMessage({ type: 'prospect-kpi:height', height: 1e9 }, '*');
  });
  await page.waitForTimeout(300);
  expect((await heights(page, 0)).outer).toBeCloseTo(outer, 0);
  // A well-formed one from the calculator's frame is heeded: the listener works.
  await frame.evaluate(() => parent.postMessage({ type: 'prospect-kpi:height', height: 321 }, '*'));
  await expect.poll(async () => (await heights(page, 0)).outer).toBe(321);
});

test('a snippet copied from the dialog works in a fresh page, and so does the plain iframe', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const ui = new KpiPage(page);
  await ui.open('?lang=en&cost=1000&leads=40');
  const dialog = page.locator('[data-testid=embed-dialog]');
  await dialog.locator('summary').click();
  await dialog.locator('[data-embed-kpi=conversion_rate]').uncheck();
  await dialog.locator('[data-embed-kpi=response_rate]').check();
  await dialog.locator('[data-embed=lang]').selectOption('fr');
  await dialog.locator('[data-embed=values]').check();
  // The live preview follows the options.
  const preview = page.frameLocator('[data-embed=preview]');
  await expect(preview.locator('[data-testid=kpi-card]')).toHaveCount(3);
  await expect(preview.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
  await dialog.getByRole('button', { name: 'Copy' }).first().click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain('data-prospect-kpi');
  expect(snippet).toContain(`${ORIGINS.calculator}/embed.js`);
  // The plain iframe gets the height of the chosen content, as the preview measures it.
  const previewHeight = () => preview.locator('html').evaluate((e) => Math.ceil(e.getBoundingClientRect().height));
  const plainHeight = async () => Number((await dialog.locator('[data-embed=iframe]').inputValue()).match(/height="(\d+)"/)[1]);
  await expect.poll(async () => (await plainHeight()) - (await previewHeight())).toBe(24);
  await expect(dialog.locator('[data-testid=iframe-height-help]')).toContainText(`(${await plainHeight()} px)`);
  const plain = await dialog.locator('[data-embed=iframe]').inputValue();

  const fresh = await context.newPage();
  await fresh.goto(`${ORIGINS.blog}/blank.html`);
  await fresh.setContent(`<!doctype html><html><body><h1>Mon article</h1>${snippet}</body></html>`);
  const embedded = fresh.frameLocator('[data-prospect-kpi] iframe');
  await expect(embedded.locator('[data-testid=kpi-card]')).toHaveCount(3);
  await expect(embedded.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
  await expect(embedded.locator('html')).toHaveAttribute('lang', 'fr');
  await expectFitted(fresh, 0);

  await fresh.setContent(`<!doctype html><html><body>${plain}</body></html>`);
  const iframe = fresh.frameLocator('iframe');
  await expect(iframe.locator('[data-testid=kpi-card]')).toHaveCount(3);
  const height = await fresh.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
  const content = await iframe.locator('html').evaluate((e) => e.getBoundingClientRect().height);
  expect(height).toBeGreaterThanOrEqual(content);
  expect(height).toBeLessThan(content + 300);
});

test('the embed fits widths from 300 to 800 px', async ({ page }) => {
  for (const width of [300, 480, 800]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('index.html?embed=1&lang=fr&kpis=cost_per_lead,roi,conversion_rate&cost=5000&leads=200&converted=10&revenue=20000&whatif=1');
    await expect(page.locator('[data-testid=kpi-card]')).toHaveCount(3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(__dirname, 'screenshots', `embed-${width}.png`), fullPage: true });
  }
});

test('unknown or malformed options are ignored, never fatal', async ({ page }) => {
  await page.goto('index.html?embed=1&kpis=nope,,roi&theme=purple&explain=perhaps&cur=XXX&lang=zz&leads=abc&foo=bar');
  await expect(page.locator('[data-testid=kpi-card]')).toHaveCount(1);
  await expect(page.locator('[data-testid=kpi-card][data-kpi=roi]')).toBeVisible();
  await expect(page.locator('[data-input=leads]')).toHaveCount(0);
  await page.goto('index.html?embed=1&theme=dark&kpis=roi');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('dist/ works from a sub-path', async ({ page }) => {
  await page.goto(`${ORIGINS.subpath}/tools/kpi/?lang=fr&cost=5000&leads=200`);
  await expect(page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]')).toHaveAttribute('data-value', '25');
  await page.goto(`${ORIGINS.subpath}/tools/kpi/embed-demo.html`);
  const first = page.frameLocator('[data-prospect-kpi] iframe >> nth=0');
  await expect(first.locator('[data-testid=kpi-card]')).toHaveCount(3);
  await expectFitted(page, 0);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.screenshot({ path: path.join(__dirname, 'screenshots', 'embed-demo-fr-390.png'), fullPage: true });
});

test('the attribution link opens the full page with the numbers just typed', async ({ page }) => {
  await page.goto('index.html?embed=1&lang=en&kpis=cost_per_lead&cost=5000&leads=200');
  await expect(page.locator('[data-testid=kpi-card]')).toHaveCount(1);
  // Typed and followed at once, before the URL is written on its own.
  await page.locator('[data-input=leads]').fill('321');
  const [full] = await Promise.all([page.waitForEvent('popup'), page.locator('.attribution a').click()]);
  const url = new URL(full.url());
  expect(url.searchParams.get('leads')).toBe('321');
  expect(url.searchParams.get('cost')).toBe('5000');
  expect(url.searchParams.has('embed')).toBe(false);
});
