/**
 * Saves a value as a pretty-printed JSON file through the browser's download.
 *
 *   downloadJson('kiunga-flows-2026-11-25.json', exportFile);
 */
export function downloadJson(fileName: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name safe on every OS, from a flow name and today's date. Example: `"Malaria-check-2026-11-25.json"`. */
export function exportFileName(base: string): string {
  const safe = base.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'flows';
  return `${safe}-${new Date().toISOString().slice(0, 10)}.json`;
}
