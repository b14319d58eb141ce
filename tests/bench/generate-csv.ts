/** The benchmarks' CSV, made the same way in Node and in the browser page. */
import { seededRng } from '../../src/core/random';

const CITIES = ['Lisbon', 'Oslo', 'Quito', 'Accra', 'Hanoi', 'Perth', 'Montevideo', 'Johannesburg'];
const NOTES = ['ok', 'called twice', 'asked about pricing', 'left a voicemail', 'no answer - call again later', 'moved to another plan', ''];

/**
 * Mixed columns as real exports have them: integers and decimals, categories, a boolean, a date,
 * missing cells (empty and NA), no quotes. About 100 bytes a row: 1,000,000 rows make the 100 MB
 * file of issue 3.
 */
export function generateCsv(rows: number): string {
  const rng = seededRng(3);
  const lines = ['id,age,income,score,city,segment,active,signup,visits,ratio,notes,label'];
  for (let i = 0; i < rows; i++) {
    const missing = rng() < 0.03;
    lines.push(
      [
        i,
        missing ? '' : Math.floor(18 + rng() * 60),
        (rng() * 1_000_000).toFixed(2),
        (rng() * 10 - 5).toFixed(5),
        CITIES[Math.floor(rng() * CITIES.length)],
        `segment-${Math.floor(rng() * 12)}`,
        rng() < 0.5 ? 'true' : 'false',
        `2024-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}`,
        missing ? 'NA' : Math.floor(rng() * 40),
        rng().toFixed(8),
        NOTES[Math.floor(rng() * NOTES.length)],
        rng() < 0.3 ? 'yes' : 'no',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The JS limit for this work: split on line breaks, then on commas, nothing else. Returns the cell count. */
export function bareSplit(text: string): number {
  let cells = 0;
  for (const line of text.split('\n')) cells += line.split(',').length;
  return cells;
}
