/**
 * Text helpers shared by the renderers: making hostile text visible and inert, and the few
 * formats (durations, parameters) every report spells the same way.
 */
import type { Params } from '../core/model.js';
import type { Report } from '../core/report-model.js';

/**
 * Characters no renderer may emit raw: C0 controls other than tab, newline and carriage return,
 * DEL, C1 controls, U+FFFE/U+FFFF and unpaired surrogates. XML 1.0 forbids most of them and
 * HTML treats them as parse errors; an adapter's message may contain any of them.
 */
export const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces every character of {@link INVISIBLE} by a visible `\uXXXX`, so nothing is silently lost. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `1.234 s`, `2 min 03 s` or `12 ms`: what a reader wants, not what the clock measured. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `keyBits=128, ivBytes=12, tagBytes=16`, in the order the parameters were resolved. */
export function formatParams(params: Params): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

/** Where and how a run happened, as label/value pairs of raw text for each renderer to escape. */
export function provenance(report: Report): Array<readonly [string, string]> {
  const { suite, environment: env } = report;
  return [
    ['suite', `${suite.name} ${suite.version}`],
    ['commit', suite.commit ?? 'unknown'],
    ['started', report.startedAt],
    ['duration', formatDuration(report.durationMs)],
    ['seed', report.seed],
    ['Node.js', env.node],
    ['OpenSSL', env.openssl],
    ['platform', `${env.platform} ${env.arch}`],
  ];
}
