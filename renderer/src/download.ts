import type { ExportFile } from '../../app/api/contract.js';

/** Saves an export through a Blob URL: no server round trip, and nothing the CSP has to allow. */
export function downloadFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; revoke later so slow browsers still read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
