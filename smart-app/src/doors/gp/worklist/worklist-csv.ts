// CSV export of the filtered worklist for Dutch Excel: `;` between fields (Excel in a Dutch locale reads `,`
// as the decimal sign), a UTF-8 byte order mark (else Excel reads "Ömer" as ANSI), decimal commas, CRLF
// line ends. All pages of the filter are fetched one after the other, never the whole Group at once.
import type { WorklistMember, WorklistPageData } from './worklist-api.ts';

export const CSV_PAGE_SIZE = 1000;
const BOM = '\uFEFF';

export interface CsvLabels {
  readonly header: readonly string[];
  readonly yes: string;
  readonly no: string;
  readonly category: (code: string) => string;
  readonly subgroup: (code: string) => string;
  readonly invitation: (status: string) => string;
}

/** One field, quoted when it holds a separator, quote or line break (RFC 4180). */
export function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(member: WorklistMember, labels: CsvLabels): string {
  return [
    member.name,
    member.birthDate,
    member.score,
    labels.category(member.category),
    member.hnhc ? labels.yes : labels.no,
    member.subgroup ? labels.subgroup(member.subgroup) : undefined,
    member.conditions.map((c) => c.display ?? c.code ?? '').join(', '),
    member.lastConversation?.slice(0, 10),
    member.followUpDue,
    member.invitationStatus ? labels.invitation(member.invitationStatus) : undefined,
    member.patientId,
  ]
    .map(csvField)
    .join(';');
}

/**
 * The whole filtered list as CSV text, fetched page by page (`fetchPage(offset, count)`); `onProgress`
 * hears how many rows are done of how many.
 */
export async function worklistCsv(
  fetchPage: (offset: number, count: number) => Promise<WorklistPageData>,
  labels: CsvLabels,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  const lines = [labels.header.map(csvField).join(';')];
  let offset = 0;
  let total = Number.POSITIVE_INFINITY;
  while (offset < total) {
    const page = await fetchPage(offset, CSV_PAGE_SIZE);
    total = page.total;
    lines.push(...page.members.map((member) => csvRow(member, labels)));
    offset += CSV_PAGE_SIZE;
    onProgress?.(Math.min(offset, total), total);
    if (page.members.length === 0) {
      break;
    }
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** Offers `text` as a download (an object URL: no external request, CSP-safe). */
export function downloadCsv(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
