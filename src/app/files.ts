/** Files in and out of the page: what a dropped file is, and downloads through object URLs. */

export type FileRole = 'model' | 'csv';

/** Model files are .pstudio (or a plain .zip); everything else is offered to the CSV reader. */
export function fileRole(file: { name: string }): FileRole {
  return /\.(pstudio|zip)$/i.test(file.name) ? 'model' : 'csv';
}

/** A name safe to offer as a download file name. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 120) || 'model';
}

/** The base of a file name, without its extension. */
export function baseName(name: string): string {
  return name.replace(/\.[^.]*$/, '') || name;
}

/** Offer a Blob as a download, then release its object URL. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob by now; give slow browsers a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 5_000);
}
