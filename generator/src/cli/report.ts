/**
 * Printing diagnostics: text (coloured on a terminal only), JSON, or GitHub Actions annotations.
 */
import pc from 'picocolors';
import { bySeverity, type Diagnostic } from '../diagnostics.js';

export type DiagnosticFormat = 'text' | 'json' | 'github';
export const DIAGNOSTIC_FORMATS: DiagnosticFormat[] = ['text', 'json', 'github'];

export function formatDiagnostics(list: Diagnostic[], format: DiagnosticFormat, options: { color: boolean; docsPrefix: string }): string {
  const sorted = [...list].sort(bySeverity);
  const where = (d: Diagnostic): string => (d.file ? joinPath(options.docsPrefix, d.file) : '');
  if (format === 'json') return JSON.stringify(sorted.map((d) => ({ ...d, file: where(d) })), null, 2);
  if (format === 'github') {
    return sorted
      .map((d) => {
        const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
        const props = d.file ? ` file=${escapeProperty(where(d))},line=${Math.max(1, d.line)},title=${d.code}` : ` title=${d.code}`;
        return `::${level}${props}::${escapeData(d.message)}`;
      })
      .join('\n');
  }
  const paint = (d: Diagnostic): string => {
    const label = `${d.severity} ${d.code}`;
    if (!options.color) return label;
    return d.severity === 'error' ? pc.red(label) : d.severity === 'warning' ? pc.yellow(label) : pc.cyan(label);
  };
  return sorted.map((d) => `${d.file ? `${where(d)}:${d.line}: ` : ''}${paint(d)}: ${d.message}`).join('\n');
}

export function summarise(list: Diagnostic[]): string {
  const count = (s: Diagnostic['severity']): number => list.filter((d) => d.severity === s).length;
  return `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
}

function joinPath(prefix: string, file: string): string {
  return prefix ? `${prefix.replace(/\/+$/, '')}/${file}` : file;
}

// GitHub workflow command escaping (https://github.com/actions/toolkit, core/src/command.ts semantics).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
