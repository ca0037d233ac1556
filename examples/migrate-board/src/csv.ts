import { CsvError, parse } from 'csv-parse/sync';

/**
 * Parses CSV text (RFC 4180) with csv-parse: commas between fields, LF or CRLF between rows,
 * quoted fields may hold commas, line breaks and doubled quotes. A leading byte-order mark is
 * dropped, rows may end in LF, CRLF or CR even within one file, blank lines are no rows, rows may differ in length (the importer checks columns).
 * Returns rows with the line each started on, for error messages.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  let rows: { info: { lines: number }; record: string[] }[];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof rows;
  } catch (error) {
    throw new Error(explainCsvError(error));
  }
  // csv-parse counts lines up to a row's end: a row's own line breaks (inside quotes) go back to its start.
  return rows.map(({ info, record }) => ({
    line: info.lines - record.reduce((breaks, field) => breaks + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0),
    fields: record,
  }));
}

function explainCsvError(error: unknown): string {
  if (!(error instanceof CsvError)) return `CSV: ${(error as Error).message}`;
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line === undefined ? 'CSV' : `CSV line ${line}`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `${where}: a quoted field is never closed (the file ends inside quotes)`;
  if (error.code === 'INVALID_OPENING_QUOTE') return `${where}: a quote inside an unquoted field; quote the whole field and double the quote ("")`;
  return `${where}: ${error.message}`;
}
