/** Files in and out of the page: what a dropped file is, and downloads through object URLs. */

export type FileRole = 'model' | 'csv';

/** Model files are .pstudio (or a plain .zip); everything else is offered to the CSV reader. */
export function fileRole(file: { name: string }): FileRole {
  return /\.(pstudio|zip)$/i.test(file.name) ? 'model' : 'csv';
}

/** File types people drop by mistake, by extension: what they are and what to do instead. */
const NOT_TABLES: readonly (readonly [RegExp, string])[] = [
  [/\.xlsx?$|\.ods$/i, 'it is a spreadsheet workbook, not a CSV file; save the sheet as CSV first'],
  [/\.json$/i, 'it is a JSON file, not a CSV file'],
  [/\.parquet$|\.arrow$|\.feather$/i, 'it is a binary table format that the studio does not read yet; export it as CSV'],
  [/\.(png|jpe?g|gif|webp|svg|pdf|docx?|pptx?)$/i, 'it is an image or a document, not a CSV file'],
  [/\.(gz|7z|rar|tar)$/i, 'it is an archive; unpack the CSV file first'],
];

/** Why a file cannot be a dataset, judged by its name alone, or null when it may be a CSV file. */
export function csvRefusal(file: { name: string }): string | null {
  return NOT_TABLES.find(([pattern]) => pattern.test(file.name))?.[1] ?? null;
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
