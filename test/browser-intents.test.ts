/**
 * The intent parts of report.html in Debian's chromium: the Ambiguities section a standards body
 * reads, and the drill-down of an intent grid (both calls, the differing parameter, the fix and
 * the normative text), opened by a click, by a link to one case, and hidden by the mismatch
 * filter. The page is rendered from the shared report fixture, whose intent cases hold a pass,
 * a mismatch with a confirmed fix, one without, and a plain failure between identical
 * resolutions. Screenshots go to the system temp directory, beside those of browser.test.ts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fragment } from '../src/report/html-grids.js';
import { SHOTS, available, sharedPage, title } from './browser-page.js';
import { ALPHA_CALL, BETA_CALL, INTENT_RESULTS, MGF1_OPEN, OAEP_FIX, OAEP_SENTENCE, OAEP_SET, fixture } from './report-fixture.js';

describe.skipIf(!available)(`${title}: intents and ambiguities`, () => {
  const view = sharedPage('bothends-browser-intents-', fixture);
  const pset = (): ReturnType<Page['locator']> => view.page.locator(`[id="rsa-oaep/${OAEP_SET}"]`);

  it('shows the Ambiguities section: the values side by side, who uses each with the call, the text that leaves it open', async () => {
    await view.page.getByRole('link', { name: 'Ambiguities', exact: true }).click();
    const section = view.page.locator('#ambiguities');
    expect(await section.locator('h2').isVisible()).toBe(true);
    const item = section.locator('[id="ambiguity/rsa-oaep/sha256"]');
    expect(await item.locator('h3').textContent()).toContain(OAEP_SENTENCE);
    expect(await item.locator('thead th').allTextContents()).toEqual(['mgf1Hash = SHA-256', 'mgf1Hash = SHA-1']);
    const cols = item.locator('tbody td');
    expect(await cols.nth(0).textContent()).toContain(`alpha: ${ALPHA_CALL}`);
    expect(await cols.nth(1).textContent()).toContain(`beta: ${BETA_CALL}`);
    // The normative text, hostile-looking brackets and all, is text.
    expect(await item.textContent()).toContain(MGF1_OPEN);
    // Only the ambiguous intent is listed; the standard filter hides it with its standard.
    expect(await section.locator('.ambiguity').count()).toBe(1);
    await view.page.getByRole('checkbox', { name: 'rsa-oaep', exact: true }).uncheck();
    expect(await item.isVisible()).toBe(false);
    await view.page.getByRole('button', { name: 'show all' }).click();
    expect(await item.isVisible()).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await section.screenshot({ path: join(SHOTS, 'report-ambiguities.png') });
  });

  it('leads the standard with the intent grid, its sentence as the caption, the resolutions under it', async () => {
    expect(await pset().locator('table.grid caption').textContent()).toBe(OAEP_SENTENCE);
    const rows = pset().locator('table.resolutions tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).locator('mark.open').allTextContents()).toEqual(['mgf1Hash=SHA-1', 'label=']);
    // The intent grid comes before the standard's other grids on the page.
    const order = await view.page.locator('section.std[id="rsa-oaep"] .pset').evaluateAll((els) => els.map((e) => e.id));
    expect(order[0]).toBe(`rsa-oaep/${OAEP_SET}`);
  });

  it('opens a mismatch cell: both calls, the differing parameter marked, the fix and the normative text', async () => {
    const mismatch = INTENT_RESULTS[1]!;
    const cell = pset().locator(`a.cell[href="${fragment(`rsa-oaep/${OAEP_SET}/intent/alpha~beta`)}"]`);
    expect(await cell.textContent()).toBe('≠');
    await cell.click();
    const drill = pset().locator('.drill');
    await expect.poll(() => drill.isVisible()).toBe(true);
    const open = drill.locator('details.case[open]');
    expect(await open.getAttribute('data-id')).toBe(mismatch.id);
    const story = (await open.textContent()) ?? '';
    for (const piece of [`“${OAEP_SENTENCE}”`, ALPHA_CALL, BETA_CALL, 'fixed by the intent', 'mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta)', OAEP_FIX, MGF1_OPEN])
      expect(story).toContain(piece);
    expect(await open.locator('table.intent-sides mark.differs').allTextContents()).toEqual(['mgf1Hash=SHA-256', 'mgf1Hash=SHA-1']);
    expect(view.page.url()).toContain(`#rsa-oaep/${OAEP_SET}/intent/alpha~beta`);
    await drill.screenshot({ path: join(SHOTS, 'report-intent-case.png') });
    await view.page.keyboard.press('Escape');
    expect(await drill.isHidden()).toBe(true);
  });

  it('opens an intent case from a link to its id, and tells a plain failure without a diagnosis', async () => {
    const unfixed = INTENT_RESULTS[2]!;
    await view.page.goto(`${view.url}${fragment(unfixed.id)}`);
    const open = pset().locator('.drill details.case[open]');
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.textContent()).toContain('none confirmed');
    const plain = INTENT_RESULTS[3]!;
    await view.page.goto(`${view.url}${fragment(plain.id)}`);
    await expect.poll(async () => open.getAttribute('data-id')).toBe(plain.id);
    const story = (await open.textContent()) ?? '';
    expect(story).toContain('rejected-valid');
    expect(story).toContain(BETA_CALL);
    expect(story).not.toContain('differs in');
  });

  it('filters mismatches apart from plain failures', async () => {
    const mismatchCell = pset().locator('td.v-mismatch').first();
    const failCell = pset().locator('td.v-fail').first();
    await view.page.getByRole('checkbox', { name: /mismatch/ }).uncheck();
    expect(await mismatchCell.getAttribute('class')).toContain('dim');
    expect(await failCell.getAttribute('class')).not.toContain('dim');
    await view.page.getByRole('button', { name: 'show all' }).click();
    expect(await mismatchCell.getAttribute('class')).not.toContain('dim');
  });

  it('logged no error and made no request beyond the page itself', () => {
    expect(view.problems).toEqual([]);
    expect(view.requests.filter((r) => r !== view.url)).toEqual([]);
    expect(view.requests.length).toBeGreaterThan(0);
  });
});
