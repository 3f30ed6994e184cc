/**
 * Saves an export the API returned (base64 bytes with a name and media type) through the browser's download.
 *
 *   downloadBase64({ filename: 'survey-results.csv', mimeType: 'text/csv', base64: '…' });
 */
export function downloadBase64(file: { filename: string; mimeType: string; base64: string }): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
