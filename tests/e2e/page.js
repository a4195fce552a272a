// A page object over the contract's hooks (shared/CONTRACT.md §4), so specs read
// like what a user does.
const { expect } = require('@playwright/test');

class KpiPage {
  constructor(page) {
    this.page = page;
  }

  async open(query = '') {
    await this.page.goto(`index.html${query}`);
    await expect(this.page.locator('[data-testid=kpi-card]').first()).toBeVisible();
  }

  field(key) {
    return this.page.locator(`[data-input=${key}]`);
  }

  async type(values) {
    for (const [key, text] of Object.entries(values)) {
      await this.field(key).fill(text);
    }
  }

  card(kpi) {
    return this.page.locator(`[data-testid=kpi-card][data-kpi=${kpi}]`);
  }

  async paste(text) {
    await this.page.locator('[data-testid=csv-input]').fill(text);
  }

  rows() {
    return this.page.locator('[data-testid=campaign-row]');
  }

  row(name) {
    return this.page.locator(`[data-testid=campaign-row][data-campaign="${name}"]`);
  }

  cell(row, kpi) {
    return row.locator(`[data-kpi=${kpi}]`);
  }

  total() {
    return this.page.locator('[data-testid=total-row]');
  }

  errors() {
    return this.page.locator('[data-testid=import-error]');
  }

  warnings() {
    return this.page.locator('[data-testid=import-warning]');
  }
}

module.exports = { KpiPage };
