/**
 * The check suite's results as text: one line per check for the CLI (`pass  duplicate-event  sent … → got …
 * · Knit …`), a closing summary line, and JUnit XML (the de-facto schema of Ant's JUnit task, which CI systems
 * read: testsuite with tests/failures/time, one testcase per check, `<failure>` for a failed check and
 * `<system-out>` for a warning).
 */
import type { CheckReport, CheckResult } from '../../../shared/api/check';

/** One check as one line, no trailing newline. */
export function checkLine(result: CheckResult): string {
  return `${result.outcome.padEnd(4)}  ${result.id}  sent ${result.sent} → got ${result.got} · ${result.knit}`;
}

/** The closing line: counts, requests and time. */
export function summaryLine(report: CheckReport): string {
  const verdict = report.failed > 0 ? 'FAIL' : 'PASS';
  return `${verdict} ${report.passed} passed, ${report.warned} warned, ${report.failed} failed of ${report.results.length} checks; ${report.requests} requests to ${report.url} in ${report.durationMs} ms`;
}

/** JUnit XML for the report: one testsuite named `knit-sync check`, one testcase per check. */
export function junitXml(report: CheckReport): string {
  const cases = report.results.map((r) => {
    const open = `  <testcase classname="knit-sync.check" name="${xml(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    const detail = `sent ${r.sent}\ngot ${r.got}\n${r.knit}`;
    if (r.outcome === 'fail') return `${open}>\n    <failure message="${xml(r.got)}" type="fail">${xml(detail)}</failure>\n  </testcase>`;
    if (r.outcome === 'warn') return `${open}>\n    <system-out>${xml(`warning: ${detail}`)}</system-out>\n  </testcase>`;
    return `${open}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="knit-sync check" tests="${report.results.length}" failures="${report.failed}" errors="0" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ` <testsuite name="knit-sync check ${xml(report.url)}" tests="${report.results.length}" failures="${report.failed}" errors="0" skipped="0" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    ' </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
