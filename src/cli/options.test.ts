import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shown } from './options.js';

describe('shown paths', () => {
  it('are relative inside or beside the working directory, so reports name no machine directory', () => {
    expect(shown(process.cwd())).toBe('.');
    expect(shown(join(process.cwd(), 'reports', 'report.json'))).toBe(join('reports', 'report.json'));
    expect(shown(resolve(process.cwd(), '..', 'shared', 'vectors', 'hpke'))).toBe(join('..', 'shared', 'vectors', 'hpke'));
  });

  it('stay as given when far from the working directory', () => {
    const far = resolve(process.cwd(), '..', '..', 'elsewhere', 'x');
    expect(shown(far)).toBe(far);
  });
});
